package auth

// Names shared with the Envoy and Kubernetes configuration.
const (
	AuthFilterName     = "envoy.filters.http.ext_authz"
	AuthzFilterTypeURL = "type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz"
	AuthClusterName    = "outbound|9001||ext-authz.auth-system.svc.cluster.local"
	AuthTokenHeader    = "x-auth-request-access-token"
	AuthSecretName     = "orders-auth-tls"
	OAuthTokenURL      = "https://oauth2.googleapis.com/token"
	PasswordGrantType  = "password"
	SessionCookieName  = "__Host-orders_session"
	APIKeyQueryParam   = "api_key"
)
