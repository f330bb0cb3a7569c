// Package awssm is a remediate.Store backed by AWS Secrets Manager.
//
// Each secret is stored as its SecretString, a JSON object of string keys
// to string values, and referenced from source as
// ref+awssecrets://NAME#/KEY (see remediate.AWSRef).
//
// # Versions and check-and-set
//
// A version is the VersionId that carries the AWSCURRENT staging label.
// Secrets Manager has no conditional PutSecretValue, so Write guards its
// read-modify-write by reading AWSCURRENT again right before the put and
// refusing (ErrConflict) when it is not the expected version. A writer that
// puts a new version in the short window between that check and our put is
// not detected: its version becomes AWSPREVIOUS and ours AWSCURRENT, so its
// change is no longer current (it stays readable as AWSPREVIOUS). Vault's
// check-and-set has no such window. Secrets Manager could close it with two
// steps, PutSecretValue under a private staging label and then
// UpdateSecretVersionStage moving AWSCURRENT with RemoveFromVersionId set
// to the expected version (that call fails if the label has moved); the
// emulator our tests run against (kumo v0.33.1) implements neither a
// private label nor UpdateSecretVersionStage, so that path is left for when
// it can be tested.
//
// # Idempotency
//
// Every create or put carries remediate.IdempotencyToken as its
// ClientRequestToken, which becomes the VersionId: the SDK's own retries and
// ours reuse it, and Secrets Manager ignores a repeated request with the
// same token and content. When a retry finds that its earlier attempt
// landed (the secret exists, or AWSCURRENT moved, and the stored values
// equal ours), Write returns the current version instead of a conflict.
//
// # Credentials and endpoint
//
// New uses the SDK's default chain: environment, shared config and
// credentials files with profiles and SSO, container and instance roles.
// The SDK itself honours AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SECRETS_MANAGER
// and endpoint_url in the shared config (secretsmanager's
// resolveBaseEndpoint); Options.Endpoint overrides them all.
package awssm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/secretlint-go/secretlint/internal/awsenv"
	"github.com/secretlint-go/secretlint/remediate"
)

// Options configures a Store. All fields are optional.
type Options struct {
	// Region overrides AWS_REGION and the profile's region.
	Region string
	// Profile selects a shared config profile instead of AWS_PROFILE.
	Profile string
	// Endpoint overrides the Secrets Manager endpoint URL.
	Endpoint string
	// KMSKeyID is the KMS key (ID, ARN or alias) that encrypts secrets
	// this Store creates; empty means the account's aws/secretsmanager key.
	KMSKeyID string
	// Tags are added to every secret this Store creates, next to
	// managed-by=secretlint and secretlint-source.
	Tags map[string]string
}

// API is the part of the Secrets Manager client that Store uses.
type API interface {
	CreateSecret(ctx context.Context, in *secretsmanager.CreateSecretInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.CreateSecretOutput, error)
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
	PutSecretValue(ctx context.Context, in *secretsmanager.PutSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.PutSecretValueOutput, error)
	DescribeSecret(ctx context.Context, in *secretsmanager.DescribeSecretInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error)
	ListSecrets(ctx context.Context, in *secretsmanager.ListSecretsInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.ListSecretsOutput, error)
}

// Store is a remediate.Store in AWS Secrets Manager.
type Store struct {
	api  API
	kms  string
	tags map[string]string
}

var (
	_ remediate.Store     = (*Store)(nil)
	_ remediate.Inspector = (*Store)(nil)
)

// Tag keys written on every secret a Store creates.
const (
	TagManagedBy = "managed-by"
	TagSource    = "secretlint-source"
)

// New loads the default AWS configuration (see the package comment),
// checks that credentials can be obtained, and returns a Store.
func New(ctx context.Context, opts Options) (*Store, error) {
	cfg, err := awsenv.Load(ctx, opts.Region, opts.Profile)
	if errors.Is(err, awsenv.ErrNoRegion) {
		return nil, fmt.Errorf("%w: %w", err, remediate.ErrInvalid)
	}
	if err != nil {
		return nil, err
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		// The chain's message lists the providers it tried; it holds no
		// secret.
		return nil, fmt.Errorf("no usable AWS credentials (run `aws sso login`, or set AWS_PROFILE or AWS_ACCESS_KEY_ID): %w: %w", err, remediate.ErrUnauthorized)
	}
	return NewFromConfig(cfg, opts), nil
}

// NewFromConfig returns a Store using cfg as is; Region and Profile in opts
// are ignored, Endpoint, KMSKeyID and Tags apply.
func NewFromConfig(cfg aws.Config, opts Options) *Store {
	client := secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) {
		if opts.Endpoint != "" {
			o.BaseEndpoint = aws.String(opts.Endpoint)
		}
	})
	return NewFromAPI(client, opts)
}

// NewFromAPI returns a Store over an existing client.
func NewFromAPI(api API, opts Options) *Store {
	return &Store{api: api, kms: opts.KMSKeyID, tags: maps.Clone(opts.Tags)}
}

// Kind returns "aws".
func (s *Store) Kind() string { return "aws" }

// Ref returns ref+awssecrets://NAME#/KEY.
func (s *Store) Ref(name, key string) string { return remediate.AWSRef(name, key) }

// Read returns the AWSCURRENT version of name.
func (s *Store) Read(ctx context.Context, name string) (remediate.Entry, error) {
	if err := remediate.ValidateName(name); err != nil {
		return remediate.Entry{}, err
	}
	return s.read(ctx, "read", name)
}

func (s *Store) read(ctx context.Context, op, name string) (remediate.Entry, error) {
	out, err := s.api.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})
	if err != nil {
		return remediate.Entry{}, s.fail(ctx, op, name, err)
	}
	if out.SecretString == nil {
		return remediate.Entry{}, &remediate.Error{Kind: "aws", Op: op, Name: name,
			Detail: "secret holds binary data, not a JSON object of strings; secretlint manages only SecretString objects", Err: remediate.ErrInvalid}
	}
	values, err := decode(*out.SecretString)
	if err != nil {
		return remediate.Entry{}, &remediate.Error{Kind: "aws", Op: op, Name: name, Detail: err.Error(), Err: remediate.ErrInvalid}
	}
	return remediate.Entry{Values: values, Version: aws.ToString(out.VersionId)}, nil
}

// Write implements remediate.Store.Write; see the package comment for how
// check-and-set and idempotency work on Secrets Manager.
func (s *Store) Write(ctx context.Context, name string, values map[string]string, prev string, meta remediate.Meta) (string, error) {
	if err := remediate.ValidateWrite(name, values); err != nil {
		return "", err
	}
	body, err := encode(values)
	if err != nil {
		return "", &remediate.Error{Kind: "aws", Op: "write", Name: name, Detail: "encoding values", Err: remediate.ErrInvalid}
	}
	if len(body) > MaxSecretString {
		return "", &remediate.Error{Kind: "aws", Op: "write", Name: name, Err: remediate.ErrInvalid,
			Detail: fmt.Sprintf("the secret's JSON is %d bytes, over Secrets Manager's limit of %d; give its keys more secrets with --name-template", len(body), MaxSecretString)}
	}
	token := remediate.IdempotencyToken(name, values, prev)
	if prev == "" {
		return s.create(ctx, name, values, body, token, meta)
	}

	// Check-and-set: AWSCURRENT must still be prev right before the put.
	cur, err := s.read(ctx, "write", name)
	switch {
	case errors.Is(err, remediate.ErrNotFound):
		return "", &remediate.Error{Kind: "aws", Op: "write", Name: name,
			Detail: fmt.Sprintf("expected version %s but the secret has no current version", prev), Err: remediate.ErrConflict}
	case err != nil:
		return "", err
	case cur.Version != prev:
		if remediate.EqualValues(cur.Values, values) {
			return cur.Version, nil // our earlier attempt landed
		}
		return "", &remediate.Error{Kind: "aws", Op: "write", Name: name,
			Detail: fmt.Sprintf("expected version %s, current is %s", prev, cur.Version), Err: remediate.ErrConflict}
	}
	out, err := s.api.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{
		SecretId:           aws.String(name),
		ClientRequestToken: aws.String(token),
		SecretString:       aws.String(body),
	})
	if err != nil {
		if code := apiCode(err); code == "ResourceExistsException" {
			// The token names a version that exists with other content:
			// an earlier write from the same version with the same keys
			// landed and AWSCURRENT was later moved back to prev.
			return "", &remediate.Error{Kind: "aws", Op: "write", Name: name, Code: code,
				Detail: "a version created from the same base version holds different values; read the secret again and retry", Err: remediate.ErrConflict}
		}
		ferr := s.fail(ctx, "write", name, err)
		if errors.Is(ferr, remediate.ErrNotFound) {
			return "", &remediate.Error{Kind: "aws", Op: "write", Name: name, Detail: "secret deleted during the write", Err: remediate.ErrConflict}
		}
		return "", ferr
	}
	return aws.ToString(out.VersionId), nil
}

func (s *Store) create(ctx context.Context, name string, values map[string]string, body, token string, meta remediate.Meta) (string, error) {
	in := &secretsmanager.CreateSecretInput{
		Name:               aws.String(name),
		ClientRequestToken: aws.String(token),
		SecretString:       aws.String(body),
		Description:        aws.String(description(meta)),
		Tags:               s.createTags(meta),
	}
	if s.kms != "" {
		in.KmsKeyId = aws.String(s.kms)
	}
	out, err := s.api.CreateSecret(ctx, in)
	if err == nil {
		return aws.ToString(out.VersionId), nil
	}
	if apiCode(err) != "ResourceExistsException" {
		return "", s.fail(ctx, "write", name, err)
	}
	// The name is taken: by our own earlier attempt (a retry), or by
	// someone else.
	cur, rerr := s.read(ctx, "write", name)
	if rerr == nil && remediate.EqualValues(cur.Values, values) {
		return cur.Version, nil
	}
	return "", &remediate.Error{Kind: "aws", Op: "write", Name: name, Code: "ResourceExistsException",
		Detail: "secret already exists", Err: remediate.ErrConflict}
}

func description(meta remediate.Meta) string {
	d := meta.Description
	if d == "" {
		d = "Managed by secretlint"
		if len(meta.Sources) > 0 {
			d += "; values moved from " + strings.Join(meta.Sources, ", ")
		}
	}
	const maxDescription = 2048
	if len(d) > maxDescription {
		d = d[:maxDescription-3] + "..."
	}
	return d
}

func (s *Store) createTags(meta remediate.Meta) []types.Tag {
	tags := map[string]string{}
	for k, v := range s.tags {
		tags[k] = v
	}
	tags[TagManagedBy] = "secretlint"
	if len(meta.Sources) > 0 {
		tags[TagSource] = SourceTagValue(meta.Sources)
	}
	for k, v := range remediate.TrailOf(meta) {
		tags[k] = tagValue(v)
	}
	var out []types.Tag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

// MaxSecretString is Secrets Manager's limit on a SecretString, in bytes
// (kumo does not enforce it; AWS does).
const MaxSecretString = 65536

// SourceTagValue joins source paths into one tag value. AWS tag values are
// at most 256 characters of letters, digits, spaces and _ . : / = + - @,
// so other characters become '_', paths are separated by spaces, and paths
// that do not fit are counted ("+3 more").
func SourceTagValue(sources []string) string {
	const maxLen = 256
	clean := make([]string, len(sources))
	for i, src := range sources {
		clean[i] = strings.Map(func(r rune) rune {
			switch {
			case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
				return r
			case strings.ContainsRune("_.:/=+-@", r):
				return r
			}
			return '_'
		}, src)
	}
	var b strings.Builder
	for i, c := range clean {
		more := ""
		if rest := len(clean) - i - 1; rest > 0 {
			more = fmt.Sprintf(" +%d more", rest)
		}
		sep := ""
		if i > 0 {
			sep = " "
		}
		if b.Len()+len(sep)+len(c)+len(more) > maxLen {
			if i == 0 {
				// A single path longer than the limit: keep its tail,
				// the most specific part.
				c = c[len(c)-(maxLen-len(more)):]
			} else {
				fmt.Fprintf(&b, " +%d more", len(clean)-i)
				return b.String()
			}
		}
		b.WriteString(sep + c)
	}
	return b.String()
}

// encode renders values as a JSON object with sorted keys. HTML escaping is
// off so that the console shows values as written.
func encode(values map[string]string) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(values); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// decode parses a SecretString. Its errors name keys and JSON types,
// never values (json's own syntax errors quote input, so they are not
// passed on).
func decode(s string) (map[string]string, error) {
	var raw map[string]any
	if err := json.Unmarshal([]byte(s), &raw); err != nil || raw == nil {
		return nil, errors.New("SecretString is not a JSON object; secretlint manages only JSON objects of strings")
	}
	values := make(map[string]string, len(raw))
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		v, ok := raw[k].(string)
		if !ok {
			return nil, fmt.Errorf("key %q holds a JSON %s, not a string; secretlint manages only JSON objects of strings", k, jsonType(raw[k]))
		}
		values[k] = v
	}
	return values, nil
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "value"
}

func apiCode(err error) string {
	ae, _ := awsenv.Classify(err)
	return ae.Code
}

// fail maps an SDK error onto remediate's sentinels. Service errors are
// reduced to their code, HTTP status and request ID: their messages can
// echo request parameters, so they are dropped, and the SDK error itself is
// not wrapped. Transport errors keep the net error (addresses, no payload)
// so that IsRetryable can see timeouts and refused connections.
func (s *Store) fail(ctx context.Context, op, name string, err error) error {
	e := &remediate.Error{Kind: "aws", Op: op, Name: name}
	if ae, ok := awsenv.Classify(err); ok {
		e.Code = ae.Label()
		switch ae.Class {
		case awsenv.NotFound:
			e.Err = remediate.ErrNotFound
		case awsenv.Exists:
			e.Err = remediate.ErrConflict
		case awsenv.Unauthorized:
			e.Err = remediate.ErrUnauthorized
			e.Detail = "credentials rejected or permission missing (secretsmanager:GetSecretValue, CreateSecret, PutSecretValue, DescribeSecret, TagResource)"
		case awsenv.Unavailable:
			e.Err = remediate.ErrUnavailable
		case awsenv.Invalid:
			if s.scheduledForDeletion(ctx, name) {
				e.Detail = fmt.Sprintf("secret is scheduled for deletion; restore it with `aws secretsmanager restore-secret --secret-id %s` or choose another name", name)
				e.Err = errors.New("secret scheduled for deletion")
			} else {
				e.Err = errors.New("request rejected")
			}
		default:
			e.Err = errors.New("request rejected")
		}
		return e
	}
	if ctxErr := ctx.Err(); ctxErr != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		e.Err = ctxErr
		return e
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		e.Detail = "cannot reach Secrets Manager"
		e.Err = oe
		return e
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		e.Detail = "cannot reach Secrets Manager"
		e.Err = ue
		return e
	}
	// Other client-side failures (credentials, endpoint resolution,
	// serialization of our own input) carry no values; keep their text.
	e.Err = errors.New(err.Error())
	return e
}

func (s *Store) scheduledForDeletion(ctx context.Context, name string) bool {
	out, err := s.api.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
	return err == nil && out.DeletedDate != nil
}
