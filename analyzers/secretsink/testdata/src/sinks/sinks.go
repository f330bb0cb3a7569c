// Package sinks holds positive and negative cases for secretsink. Every // want package:"hasParamSinks"
// secret here is random text, never a real credential.
package sinks

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"net/http"
	"net/smtp"
	"net/url"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/go-sql-driver/mysql"
	"github.com/golang-jwt/jwt/v5"
	vault "github.com/hashicorp/vault/api"
	"github.com/redis/go-redis/v9"
	stripe "github.com/stripe/stripe-go/v76"
	"golang.org/x/oauth2"
)

func basic(req *http.Request) {
	req.SetBasicAuth("deploy", "hX9#kq2!Vr7pLm4Z") // want `^literal password reaches \(\*net/http.Request\).SetBasicAuth \(credential-sink\)$`
}

// A password that repeats the user name is a local default, not a secret.
func sameAsUser(req *http.Request) {
	req.SetBasicAuth("booking", "booking")
}

// Through a local variable and a constant.
func local(req *http.Request) {
	pw := "Zq9vLm2kXw7pR4" // want `literal password reaches \(\*net/http.Request\).SetBasicAuth via pw \(credential-sink\)`
	req.SetBasicAuth("deploy", pw)
}

const deployPass = "q8Lm2vXk9zPwT1" // want `literal password reaches \(\*net/http.Request\).SetBasicAuth via deployPass`

func viaConst(req *http.Request) {
	req.SetBasicAuth("deploy", deployPass)
}

func userinfo() *url.URL {
	return &url.URL{User: url.UserPassword("app", "Rk2vQ9xLm7pZ")} // want `literal password reaches net/url.UserPassword`
}

func header(req *http.Request) {
	req.Header.Set("Authorization", "Bearer 4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90") // want `literal credential in Authorization header reaches \(net/http.Header\).Set \(credential-sink\)`
	req.Header.Add("X-Api-Key", "Zt8kQ2vLm91xRk2v")                            // want `literal credential in X-Api-Key header reaches \(net/http.Header\).Add`
	prefix := "Bearer "
	req.Header.Set("Authorization", prefix+"Rk2vQ9xLm7pZ8wR4tY6u") // want `Authorization header`
	// A value that carries a credential by its form, under any header.
	req.Header.Set("X-Routing-Key", "Token token="+routingKey)
	req.Header.Set("X-Upstream", "Bearer Qm7vLp2kXw9rT4yZ6uI3") // want `literal credential in X-Upstream header`
	req.Header.Set("X-Client", "Token list, of, words")
}

const routingKey = "ryo1nIj7BRd03Q2ybv09" // want `literal credential in X-Routing-Key header reaches \(net/http.Header\).Set via routingKey \(credential-sink\)`

func mail() smtp.Auth {
	return smtp.PlainAuth("", "mailer@corp.example", "pW9xK2mQ7v#aZ", "smtp.corp.internal") // want `literal password reaches net/smtp.PlainAuth`
}

func env() {
	os.Setenv("DB_PASSWORD", "hX9kq2Vr7pLm") // want `literal value of secret variable DB_PASSWORD reaches os.Setenv`
}

func dsn() {
	sql.Open("postgres", "postgres://app:hX9kq2Vr7pLm@db.internal:5432/app") // want `literal password in url reaches database/sql.Open \(url-credentials\)`
	sql.Open("mysql", "app:pW9xK2mQ7v@tcp(db.internal:3306)/orders")         // want `literal password in mysql dsn reaches database/sql.Open`
}

func signing(tok *jwt.Token) {
	hmac.New(sha256.New, []byte("my-super-secret-signing-key-2024")) // want `literal signing key reaches crypto/hmac.New \(jwt-signing-key\)`
	key := []byte("Zq9vLm2kXw7pR4tY6uI3")                            // want `literal signing key reaches \(\*github.com/golang-jwt/jwt/v5.Token\).SignedString via key`
	tok.SignedString(key)
}

func verify(s string) {
	jwt.Parse(s, func(*jwt.Token) (interface{}, error) {
		return []byte("Td4FYVtGMvldxwK9kLWBsZFwJgO52MhE"), nil // want `literal signing key returned by a jwt.Keyfunc \(jwt-signing-key\)`
	})
	jwt.Parse(s, func(*jwt.Token) (interface{}, error) {
		return []byte(os.Getenv("JWT_KEY")), nil
	})
}

func awsCreds() {
	credentials.NewStaticCredentialsProvider("AKIAZ7QXPLN3RT5VW2YB", "7sK2vQ9xLm1pZ8wR4tY6uI3oP0aS5dF2gH7jK9lZ", "") // want `literal secret reaches github.com/aws/aws-sdk-go-v2/credentials.NewStaticCredentialsProvider`
}

func secrets() {
	_ = &secretsmanager.CreateSecretInput{
		Name:         aws.String("prod/db"),
		SecretString: aws.String(`{"username":"admin","password":"Zt8kQ2vLm91x"}`), // want `literal credential assigned to field github.com/aws/aws-sdk-go-v2/service/secretsmanager.CreateSecretInput.SecretString`
	}
	in := &secretsmanager.PutSecretValueInput{SecretId: aws.String("prod/db")}
	in.SecretString = aws.String("initial_password_Rk2vQ9x") // want `PutSecretValueInput.SecretString`
}

func vaultClient(c *vault.Client) {
	c.SetToken("hvs.CAESIJk2vQ9xLm1pZ8wR4tY6uI3o") // want `literal credential reaches \(\*github.com/hashicorp/vault/api.Client\).SetToken`
	c.Logical().Write("secret/data/app", map[string]interface{}{
		"data": map[string]interface{}{
			"username": "app",
			"password": "hX9kq2Vr7pLm", // want `literal value under key password reaches \(\*github.com/hashicorp/vault/api.Logical\).Write`
		},
	})
}

func structs() {
	_ = oauth2.Config{ClientID: "app", ClientSecret: "Zq9_8vLm2-kXw7pQ3rT6yU1i"} // want `assigned to field golang.org/x/oauth2.Config.ClientSecret`
	// A documented stand-in: a stage word and the field's own word.
	_ = oauth2.Config{ClientID: "sandbox-client", ClientSecret: "sandbox-secret"}
	cfg := mysql.Config{User: "app"}
	cfg.Passwd = "pW9xK2mQ7v#aZ"        // want `assigned to field github.com/go-sql-driver/mysql.Config.Passwd`
	stripe.Key = "rk_prod_EboGJbCOnV0X" // want `literal credential assigned to github.com/stripe/stripe-go/v76.Key`
}

// Negative cases: nothing below is reported.

func clean(req *http.Request, password string, c *vault.Client) { // want clean:`paramSinks\(1:password reaches \(\*net/http.Request\).SetBasicAuth\)`
	req.SetBasicAuth("deploy", password)
	req.SetBasicAuth("deploy", os.Getenv("DEPLOY_PASSWORD"))
	req.SetBasicAuth("deploy", "")
	req.SetBasicAuth("deploy", "changeme")
	req.SetBasicAuth("deploy", "<password>")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+os.Getenv("TOKEN"))
	req.Header.Set("Authorization", "Bearer ${API_TOKEN}")
	os.Setenv("LOG_LEVEL", "debug")
	os.Setenv("DB_PASSWORD", os.Getenv("X"))
	sql.Open("postgres", "postgres://app:${DB_PASSWORD}@db.internal:5432/app")
	sql.Open("postgres", "postgres://postgres:postgres@localhost:5432/test")
	sql.Open("sqlite3", "file:test.db?cache=shared")
	credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")
	credentials.NewStaticCredentialsProvider("STUB_KEY_ID", "STUB_SECRET_KEY", "SESSION") // constant-case stand-ins
	c.SetToken(os.Getenv("VAULT_TOKEN"))
	c.Logical().Write("secret/data/app", map[string]interface{}{"data": map[string]interface{}{"password": password}})
	pw := "first-x9Lm2vQ7"
	pw = "second-q8Zt3kL9"
	req.SetBasicAuth("deploy", pw) // two assignments: not one literal
	var l lookalike
	l.SetBasicAuth("deploy", "hX9#kq2!Vr7pLm4Z") // same name, not net/http
}

type lookalike struct{}

func (lookalike) SetBasicAuth(user, password string) {}

// A command sent as arguments: AUTH's password.
func redisAuth(ctx context.Context, rdb *redis.Client) {
	rdb.Do(ctx, "AUTH", "R3dis-Auth-Cmd9")            // want `literal password reaches \(github.com/redis/go-redis/v9.cmdable\).Do as the password of an AUTH command \(credential-sink\)`
	rdb.Do(ctx, "auth", "default", "R3dis-Auth-Cmd9") // want `AUTH command`
	rdb.Do(ctx, "GET", "R3dis-Auth-Cmd9")
	rdb.Do(ctx, "AUTH", "${REDIS_PASSWORD}")
}

// A function whose result is a literal: the literal is reported in the
// return statement, where it is written, with the sink it reaches.
func registryPass() string {
	return "Hv8!kQ2m-Zp4x" // want `^literal password reaches \(\*net/http.Request\).SetBasicAuth via registryPass\(\) \(credential-sink\)$`
}

func factoryLogin() (string, string) {
	return "svc", "Qm4#vLx9-Tr2w" // want `literal password reaches \(\*net/http.Request\).SetBasicAuth via p`
}

func userAgent() string { return "Mozilla/5.0 Agent7x" }

func resultsToSinks(req *http.Request) {
	req.SetBasicAuth("registry", registryPass())
	req.SetBasicAuth("registry", registryPass()) // the same literal, reported once
	u, p := factoryLogin()
	req.SetBasicAuth(u, p)
	req.Header.Set("User-Agent", userAgent()) // not a credential header
	req.Header.Set("X-Request-Id", requestID("a"))
}

func requestID(s string) string { return s }
