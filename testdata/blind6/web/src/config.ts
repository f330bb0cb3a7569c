// Runtime configuration of the web dashboard. Everything in here ends up in
// the browser bundle, so only public identifiers belong here.
export const config = {
  apiBase: import.meta.env.VITE_API_BASE ?? "https://api.brightloop.io",
  stripePublishableKey: "pk_live_51jGoxTkEvcfPvObLMvezW51FP0EFspNqWx5efycIkiE3hjrfhGErnYPA8oI33nmgSb909qcaDN8EtoYpIkhNkCvdGY43BTEJpq",
  mapboxToken: "pk.eyJ1IjoiYnJpZ2h0bG9vcCIsImEiOiJjbGQ3YTNxbXllbXp6Mm14OWc3OTl6YXl6In0.rMJ-hWqVQUFsrzbSOmHug0",
  sentryDsn: "https://276818b1f9880d0459e357cdaf3e56db@o4507123.ingest.de.sentry.io/4507123456",
  launchDarklyClientId: "7fb0a79ad7cbe0a866fcc409",
  googleClientId: "574964680420-hm48r3nvh16n8krc1x79b516fdmo8zeh.apps.googleusercontent.com",
};

// Used by the support widget; the agent password is entered at runtime.
export const supportWidget = {
  tenant: "brightloop",
  passwordLabel: "Agent password",
  apiKeyPlaceholder: "blt_live_…",
};
