// Package k8s renders Kubernetes objects for the deployer.
package k8s

// SecretKeySelector references a key of a Secret.
type SecretKeySelector struct {
	Name string
	Key  string
}

// EnvVar is a container environment variable.
type EnvVar struct {
	Name      string
	Value     string
	SecretRef *SecretKeySelector
}

// Secret is a Kubernetes Secret.
type Secret struct {
	Name       string
	Namespace  string
	Type       string
	StringData map[string]string
}

// DBSecret renders the database Secret.
func DBSecret() Secret {
	return Secret{
		Name:      "db-credentials",
		Namespace: "payments",
		Type:      "kubernetes.io/basic-auth",
		StringData: map[string]string{
			"username": "payments",
			"password": "K8s-Db-Pw-2024",
		},
	}
}

// EmptySecret renders a Secret to be filled by the operator.
func EmptySecret() Secret {
	return Secret{Name: "api-token", StringData: map[string]string{"token": ""}}
}

// Env renders the container environment.
func Env() []EnvVar {
	return []EnvVar{
		{Name: "DB_PASSWORD", SecretRef: &SecretKeySelector{Name: "db-credentials", Key: "password"}},
		{Name: "API_TOKEN", Value: "ioVMEuUYMjPeFXsRgZzCYTHY2IvGYF0e"},
		{Name: "REDIS_PASSWORD", Value: "Redis!Pod-2024"},
		{Name: "TOKEN_AUDIENCE", Value: "https://kubernetes.default.svc"},
		{Name: "PASSWORD_RESET_URL", Value: "https://accounts.example.com/reset"},
	}
}
