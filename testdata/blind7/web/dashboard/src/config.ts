// Browser configuration of the dispatcher dashboard. Everything here ends
// up in the public bundle.
export const config = {
  apiBase: "https://api.haulcraft.io",
  mapboxToken: "pk.eyJ1IjoiaGF1bGNyYWZ0IiwiYSI6ILP8KXBPcpATnGrMsf5HyUq.SFdhf-HW4tsNNHlGaBjvs3",
  sentryDsn: "https://12f6ef7fce277168eff144d70911a722@o519318.ingest.sentry.io/7481431",
  firebase: {
    apiKey: "AIza_FuVN8MEzdM_TOvUgsh5iutiNp7OKrjIm4F",
    authDomain: "haulcraft-dispatch.firebaseapp.com",
    projectId: "haulcraft-dispatch",
  },
  launchDarklyClientId: "65f1c0a2b3d4e5f60718293a",
};

export const storageKeys = {
  token: "haulcraft.dashboard.token",
  refresh: "haulcraft.dashboard.refreshToken",
};
