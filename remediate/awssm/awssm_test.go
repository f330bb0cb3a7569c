package awssm_test

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/awssm"
	"github.com/secretlint-go/secretlint/remediate/storetest"
)

// counted adds the storetest.VersionCounter hook. Kumo's DescribeSecret
// lists every version in VersionIdsToStages; real AWS lists only versions
// that still carry a staging label, which is enough for the small counts
// the suite checks (AWSCURRENT plus AWSPREVIOUS).
type counted struct {
	*awssm.Store
	api *secretsmanager.Client
}

func (c counted) VersionCount(ctx context.Context, name string) (int, error) {
	out, err := c.api.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
	if err != nil {
		return 0, err
	}
	return len(out.VersionIdsToStages), nil
}

func TestConformanceKumo(t *testing.T) {
	_, cfg := testenv.AWS(t)
	storetest.Run(t, func(t *testing.T) remediate.Store {
		return counted{awssm.NewFromConfig(cfg, awssm.Options{}), secretsmanager.NewFromConfig(cfg)}
	})
}

// isolate points the SDK's default chain at files and variables set up by
// the test only, so that the developer's ~/.aws and environment play no part.
func isolate(t *testing.T) string {
	dir := t.TempDir()
	for _, k := range []string{
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECRETS_MANAGER",
		"AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return dir
}

func fakeSecretKey() string {
	b := make([]byte, 20)
	for i := range b {
		b[i] = byte(i*37 + 11)
	}
	return hex.EncodeToString(b)
}

func roundTrip(t *testing.T, st remediate.Store) {
	t.Helper()
	// kumo keeps one state per process, shared by all its servers: use
	// a name of this test's own.
	name := "roundtrip/" + t.Name()
	values := map[string]string{"PASSWORD": storetest.Password()}
	v, err := st.Write(t.Context(), name, values, "", remediate.Meta{})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	e, err := st.Read(t.Context(), name)
	if err != nil || e.Version != v || e.Values["PASSWORD"] != values["PASSWORD"] {
		t.Fatalf("Read: version %q (want %q), err %v, values equal %v", e.Version, v, err, e.Values["PASSWORD"] == values["PASSWORD"])
	}
}

// AWS_ENDPOINT_URL is honoured by the SDK itself; New adds nothing for it.
func TestNewHonoursEnvironment(t *testing.T) {
	url, _ := testenv.AWS(t)
	isolate(t)
	t.Setenv("AWS_ACCESS_KEY_ID", testenv.FakeAccessKeyID())
	t.Setenv("AWS_SECRET_ACCESS_KEY", fakeSecretKey())
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ENDPOINT_URL", url)
	st, err := awssm.New(t.Context(), awssm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, st)
}

func TestNewEndpointOptionOverridesEnvironment(t *testing.T) {
	url, _ := testenv.AWS(t)
	isolate(t)
	t.Setenv("AWS_ACCESS_KEY_ID", testenv.FakeAccessKeyID())
	t.Setenv("AWS_SECRET_ACCESS_KEY", fakeSecretKey())
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1") // nothing listens there
	st, err := awssm.New(t.Context(), awssm.Options{Region: "us-east-1", Endpoint: url})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, st)
}

func TestNewSharedProfile(t *testing.T) {
	url, _ := testenv.AWS(t)
	dir := isolate(t)
	cfg := fmt.Sprintf("[profile remediate]\nregion = us-east-1\nendpoint_url = %s\n", url)
	creds := fmt.Sprintf("[remediate]\naws_access_key_id = %s\naws_secret_access_key = %s\n", testenv.FakeAccessKeyID(), fakeSecretKey())
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "credentials"), []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := awssm.New(t.Context(), awssm.Options{Profile: "remediate"})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, st)
	if _, err := awssm.New(t.Context(), awssm.Options{Profile: "missing"}); err == nil {
		t.Error("New with an unknown profile succeeded")
	}
}

func TestNewWithoutRegion(t *testing.T) {
	isolate(t)
	t.Setenv("AWS_ACCESS_KEY_ID", testenv.FakeAccessKeyID())
	t.Setenv("AWS_SECRET_ACCESS_KEY", fakeSecretKey())
	_, err := awssm.New(t.Context(), awssm.Options{})
	if err == nil || !strings.Contains(err.Error(), "AWS_REGION") {
		t.Errorf("err = %v, want a hint naming AWS_REGION", err)
	}
}

func TestNewWithoutCredentials(t *testing.T) {
	isolate(t)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	_, err := awssm.New(ctx, awssm.Options{Region: "us-east-1"})
	if !errors.Is(err, remediate.ErrUnauthorized) || !strings.Contains(err.Error(), "aws sso login") {
		t.Errorf("err = %v, want ErrUnauthorized with a hint", err)
	}
}

func TestCreateRecordsMetadata(t *testing.T) {
	_, cfg := testenv.AWS(t)
	st := awssm.NewFromConfig(cfg, awssm.Options{KMSKeyID: "alias/secretlint-test", Tags: map[string]string{"team": "payments"}})
	meta := remediate.Meta{Sources: []string{"config/app.yaml", "deploy/values prod.yaml"}}
	if _, err := st.Write(t.Context(), "app/meta", map[string]string{"PW": storetest.Password()}, "", meta); err != nil {
		t.Fatal(err)
	}
	out, err := secretsmanager.NewFromConfig(cfg).DescribeSecret(t.Context(), &secretsmanager.DescribeSecretInput{SecretId: aws.String("app/meta")})
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]string{}
	for _, tag := range out.Tags {
		tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	want := map[string]string{"managed-by": "secretlint", "secretlint-source": "config/app.yaml deploy/values_prod.yaml", "team": "payments"}
	for k, v := range want {
		if tags[k] != v {
			t.Errorf("tag %q = %q, want %q", k, tags[k], v)
		}
	}
	if got := aws.ToString(out.KmsKeyId); got != "alias/secretlint-test" {
		t.Errorf("KmsKeyId = %q", got)
	}
	if got := aws.ToString(out.Description); !strings.Contains(got, "config/app.yaml") || !strings.Contains(got, "secretlint") {
		t.Errorf("Description = %q", got)
	}
}

func TestSourceTagValue(t *testing.T) {
	tests := map[string]struct {
		in   []string
		want string
	}{
		"one":        {[]string{"a/b.yaml"}, "a/b.yaml"},
		"sanitised":  {[]string{"a b/c,d.yaml", "é.go"}, "a_b/c_d.yaml _.go"},
		"overflow":   {[]string{strings.Repeat("x", 200), strings.Repeat("y", 100), "z"}, strings.Repeat("x", 200) + " +2 more"},
		"long alone": {[]string{strings.Repeat("p", 300) + "/tail.go"}, (strings.Repeat("p", 300) + "/tail.go")[308-256:]},
	}
	for name, tc := range tests {
		got := awssm.SourceTagValue(tc.in)
		if got != tc.want || len(got) > 256 {
			t.Errorf("%s: got %q (%d), want %q", name, got, len(got), tc.want)
		}
	}
}

// Kumo checks that we rely on: PutSecretValue takes ClientRequestToken as
// the new VersionId (AWS documents the same), and the version read back is
// that id.
//
// Known kumo v0.33.1 deviations from AWS, none of which our code relies on:
//   - CreateSecret ignores ClientRequestToken and assigns a random VersionId
//     (AWS uses the token), and a repeated CreateSecret with the same token
//     fails with ResourceExistsException; Write recovers by comparing values.
//   - PutSecretValue with a token that already names a version overwrites
//     that version (AWS ignores the request if the content is the same and
//     fails otherwise), and does not validate the token's length (32-64).
//   - Moving AWSCURRENT relabels the old version AWSPREVIOUS without taking
//     AWSPREVIOUS off older versions, so several versions can carry it.
//   - No TagResource, ListSecretVersionIds or UpdateSecretVersionStage, and
//     no authentication: any credentials are accepted, so AccessDenied and
//     throttling are tested against a stub server below.
//   - DescribeSecret's VersionIdsToStages lists every version, labelled or
//     not (AWS drops unlabelled, deprecated versions).
//   - All kumo servers in one process share one state (services register
//     once, at init), so every test uses names of its own.
func TestKumoBehaviourWeRelyOn(t *testing.T) {
	_, cfg := testenv.AWS(t)
	st := awssm.NewFromConfig(cfg, awssm.Options{})
	v1, err := st.Write(t.Context(), "app/token", map[string]string{"A": storetest.Password()}, "", remediate.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	next := map[string]string{"A": storetest.Password()}
	v2, err := st.Write(t.Context(), "app/token", next, v1, remediate.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if want := remediate.IdempotencyToken("app/token", next, v1); v2 != want {
		t.Errorf("PutSecretValue VersionId = %q, want the ClientRequestToken %q", v2, want)
	}
	e, err := st.Read(t.Context(), "app/token")
	if err != nil || e.Version != v2 {
		t.Errorf("Read version %q err %v, want %q", e.Version, err, v2)
	}
}

func TestReadRejectsForeignShapes(t *testing.T) {
	_, cfg := testenv.AWS(t)
	api := secretsmanager.NewFromConfig(cfg)
	st := awssm.NewFromConfig(cfg, awssm.Options{})
	planted := storetest.Password()
	for name, body := range map[string]string{
		"plain":  planted,
		"number": `{"PORT": 5432, "PW": "` + planted + `"}`,
		"array":  `["` + planted + `"]`,
	} {
		if _, err := api.CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{Name: aws.String("foreign/" + name), SecretString: aws.String(body)}); err != nil {
			t.Fatal(err)
		}
		_, err := st.Read(t.Context(), "foreign/"+name)
		if !errors.Is(err, remediate.ErrInvalid) || strings.Contains(err.Error(), planted) {
			t.Errorf("%s: err = %v, want ErrInvalid without the value", name, err)
		}
	}
	if _, err := api.CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{Name: aws.String("foreign/binary"), SecretBinary: []byte(planted)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Read(t.Context(), "foreign/binary"); !errors.Is(err, remediate.ErrInvalid) {
		t.Errorf("binary: err = %v, want ErrInvalid", err)
	}
}

func TestScheduledForDeletion(t *testing.T) {
	_, cfg := testenv.AWS(t)
	st := awssm.NewFromConfig(cfg, awssm.Options{})
	if _, err := st.Write(t.Context(), "app/gone", map[string]string{"A": storetest.Password()}, "", remediate.Meta{}); err != nil {
		t.Fatal(err)
	}
	if _, err := secretsmanager.NewFromConfig(cfg).DeleteSecret(t.Context(), &secretsmanager.DeleteSecretInput{SecretId: aws.String("app/gone")}); err != nil {
		t.Fatal(err)
	}
	_, err := st.Read(t.Context(), "app/gone")
	if err == nil || !strings.Contains(err.Error(), "restore-secret") || errors.Is(err, remediate.ErrNotFound) {
		t.Errorf("err = %v, want a scheduled-for-deletion error with a restore hint", err)
	}
}

// stub answers every Secrets Manager call with one AWS JSON error. Its
// message echoes a planted value, as some AWS validation messages echo
// parameters: it must not reach our error text.
func stub(t *testing.T, status int, code, planted string) aws.Config {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Requestid", "req-1234")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"__type":%q,"message":"Value '%s' at 'secretString' failed"}`, code, planted)
	}))
	t.Cleanup(srv.Close)
	_, cfg := testenv.AWS(t)
	cfg.BaseEndpoint = aws.String(srv.URL)
	return cfg
}

func TestErrorMapping(t *testing.T) {
	tests := []struct {
		status    int
		code      string
		want      error
		retryable bool
	}{
		{400, "ResourceNotFoundException", remediate.ErrNotFound, false},
		{400, "AccessDeniedException", remediate.ErrUnauthorized, false},
		{400, "UnrecognizedClientException", remediate.ErrUnauthorized, false},
		{400, "ExpiredTokenException", remediate.ErrUnauthorized, false},
		{400, "ThrottlingException", remediate.ErrUnavailable, true},
		{500, "InternalServiceError", remediate.ErrUnavailable, true},
		{503, "SomethingNew", remediate.ErrUnavailable, true},
		{400, "ValidationException", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			planted := storetest.Password()
			st := awssm.NewFromConfig(stub(t, tc.status, tc.code, planted), awssm.Options{})
			_, err := st.Read(t.Context(), "app/db")
			if err == nil {
				t.Fatal("Read succeeded against the stub")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			for _, s := range []error{remediate.ErrNotFound, remediate.ErrUnauthorized, remediate.ErrUnavailable, remediate.ErrConflict} {
				if tc.want == nil && errors.Is(err, s) {
					t.Errorf("err = %v matches %v", err, s)
				}
			}
			if got := remediate.IsRetryable(err); got != tc.retryable {
				t.Errorf("IsRetryable = %v, want %v", got, tc.retryable)
			}
			msg := err.Error()
			if strings.Contains(msg, planted) {
				t.Errorf("error text carries the service message with a value: %s", strings.ReplaceAll(msg, planted, "<REDACTED>"))
			}
			if !strings.Contains(msg, tc.code) || !strings.Contains(msg, "req-1234") || !strings.Contains(msg, `"app/db"`) {
				t.Errorf("error %q lacks the code, request id or name", msg)
			}
			// Writes map the same way and never quote what they sent.
			_, err = st.Write(t.Context(), "app/db", map[string]string{"PW": planted}, "", remediate.Meta{})
			if err == nil || strings.Contains(err.Error(), planted) {
				t.Errorf("Write err = %v", err)
			}
		})
	}
}

func TestTransportErrorsAreRetryable(t *testing.T) {
	// A port that refuses connections.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, cfg := testenv.AWS(t)
	cfg.BaseEndpoint = aws.String("http://" + addr)
	_, err = awssm.NewFromConfig(cfg, awssm.Options{}).Read(t.Context(), "app/db")
	if !remediate.IsRetryable(err) || !strings.Contains(err.Error(), `"app/db"`) {
		t.Errorf("refused: err = %v, want retryable naming the secret", err)
	}

	// A server that answers too late for the caller's deadline.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leaving
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	cfg.BaseEndpoint = aws.String(slow.URL)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err = awssm.NewFromConfig(cfg, awssm.Options{}).Write(ctx, "app/db", map[string]string{"A": storetest.Password()}, "", remediate.Meta{})
	if !remediate.IsRetryable(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeout: err = %v, want retryable deadline", err)
	}

	// Cancellation is not retryable.
	cctx, ccancel := context.WithCancel(t.Context())
	ccancel()
	_, err = awssm.NewFromConfig(cfg, awssm.Options{}).Read(cctx, "app/db")
	if err == nil || remediate.IsRetryable(err) {
		t.Errorf("canceled: err = %v, want a non-retryable error", err)
	}
}

// TestSecretStringLimit: a secret whose JSON would exceed Secrets
// Manager's 64 KiB is refused before the call, as invalid (the run skips
// its keys and goes on), and nothing is created.
func TestSecretStringLimit(t *testing.T) {
	_, cfg := testenv.AWS(t)
	st := awssm.NewFromConfig(cfg, awssm.Options{})
	values := map[string]string{}
	for i := range 1000 {
		values[fmt.Sprintf("K%04d", i)] = strings.Repeat("x", 70)
	}
	_, err := st.Write(t.Context(), "limit/too-big", values, "", remediate.Meta{})
	if !errors.Is(err, remediate.ErrInvalid) || !strings.Contains(err.Error(), "65536") {
		t.Fatalf("oversized write: %v, want ErrInvalid naming the limit", err)
	}
	if _, err := st.Read(t.Context(), "limit/too-big"); !errors.Is(err, remediate.ErrNotFound) {
		t.Errorf("the oversized secret exists: %v", err)
	}
}
