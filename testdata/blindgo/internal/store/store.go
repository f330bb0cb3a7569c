// Package store holds credentials for downstream services.
package store

import "sync"

// Credentials is a username and password pair.
type Credentials struct {
	Username string
	Password string
}

// DBSettings is a database endpoint.
type DBSettings struct {
	Host  string
	Creds Credentials
}

// Service is a named service account.
type Service struct {
	Credentials
	Name string
}

var primary = DBSettings{
	Host:  "pg-primary.internal",
	Creds: Credentials{Username: "primary", Password: "Pr1mary-DB-2024"},
}

var replica = &DBSettings{Host: "pg-replica.internal", Creds: Credentials{Username: "ro", Password: "R3pl1ca!ro"}}

var billing = Service{Credentials: Credentials{Username: "svc", Password: "Svc-Acc0unt-77"}, Name: "billing"}

var accounts = []Credentials{
	{"alice", "Al1ce-Pw-2024"},
	{"bob", "B0b$ecure99"},
}

var passwords = map[string]string{
	"alice": "Wonderland#1",
	"bob":   "Builder_2022",
}

var settings = map[string]any{
	"password":      "MapPw-7781",
	"password_file": "/run/secrets/db_password",
	"token_url":     "https://auth.example.com/oauth/token",
	"secret_name":   "db-credentials",
}

var defaultToken string

func init() {
	defaultToken = "77d7d5abfdcb64f3f0468e068a29301f"
}

// Reporting returns the reporting service with its password set.
func Reporting() Service {
	var s Service
	s.Name = "reporting"
	s.Password = "Emb3dded#Pw"
	return s
}

// Batch returns batch credentials.
func Batch() *Credentials {
	c := &Credentials{Username: "batch"}
	c.Password = "Ptr-Assign-99"
	return c
}

// Fallback returns the factory default login.
func Fallback() (string, string) {
	return "admin", "Adm!n-Default-1"
}

// apiToken returns the token of the metrics API.
func apiToken() string {
	return "LFBxqb2dnoM6RU2XrhhTfppQp0zbMKeoNvGuAXAY"
}

// Store is a typed key/value store.
type Store[T any] struct {
	mu    sync.Mutex
	items map[string]T
}

// NewStore returns an empty store.
func NewStore[T any]() *Store[T] { return &Store[T]{items: map[string]T{}} }

// Put stores v under key.
func (s *Store[T]) Put(key string, v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[key] = v
}

// Secret is a secret value.
type Secret string

// SetSecret registers a named secret.
func SetSecret[T ~string](name string, secret T) map[string]string {
	return map[string]string{name: string(secret)}
}

// Registered returns the registered secrets.
func Registered() []map[string]string {
	s := NewStore[string]()
	s.Put("api_key", "bfe258b6736c838acdc4bbe92537f2f2")
	s.Put("region", "eu-west-1")
	return []map[string]string{
		SetSecret("payments", "mSEYEeQsKyK0ca9emxDlk3vGy8sMWnj1"),
		SetSecret("partner", Secret("fmhVwlva-byCSEsWAGU0g47kCxhG4rS2A5e7sAuP")),
		SetSecret("db-password", "secret_name"),
		{"n": primary.Host + replica.Host + billing.Name + accounts[0].Password + passwords["bob"] + defaultToken + apiToken()},
		{"settings": settings["password_file"].(string)},
	}
}
