// Package awssecrets is the secretref backend for AWS Secrets Manager:
// importing it, even blank, makes secretref.Get read references of the
// form
//
//	ref+awssecrets://NAME[?region=R&profile=P&version_stage=S&version_id=V]#/KEY
//
// NAME is the secret's name or ARN, KEY a key of its SecretString read as
// a JSON object (a/b walks nested objects); without #/KEY the whole
// SecretString is returned. This is the vals syntax (helmfile/vals,
// "AWS Secrets Manager"), so the references secretlint remediate writes
// into YAML and Go resolve the same way everywhere.
//
// The registered backend uses the SDK's default configuration, loaded on
// the first fetch and once per region and profile: environment, shared
// config and credentials files with profiles and SSO, container and
// instance roles. AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_SECRETS_MANAGER
// point it at another endpoint (an emulator in tests). A program that
// configures AWS itself passes its aws.Config to New and hands the result
// to secretref.Options.Backends.
//
// One fetch is one GetSecretValue call; the secretref.Resolver caches the
// secret for its TTL, so several keys of one secret cost one call.
//
// The IAM permission needed is secretsmanager:GetSecretValue on the
// secrets read (and kms:Decrypt on their key when it is a customer
// managed key).
package awssecrets

import (
	"context"
	"errors"
	"net"
	"net/url"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/secretlint-go/secretlint/secretref"
	"github.com/secretlint-go/secretlint/secretref/awssecrets/internal/awsenv"
)

// Scheme is the reference scheme this package serves.
const Scheme = "awssecrets"

func init() { secretref.Register(Scheme, &Backend{}) }

// Backend reads secrets from AWS Secrets Manager. The zero value uses the
// default configuration; New uses a given one.
type Backend struct {
	cfg    *aws.Config
	optFns []func(*secretsmanager.Options)

	mu      sync.Mutex
	clients map[[2]string]*secretsmanager.Client
}

// New returns a Backend over cfg. optFns are applied to every client, after
// the region of a reference's ?region= parameter.
func New(cfg aws.Config, optFns ...func(*secretsmanager.Options)) *Backend {
	return &Backend{cfg: &cfg, optFns: optFns}
}

// Fetch reads the secret named by ref with one GetSecretValue call.
func (b *Backend) Fetch(ctx context.Context, ref secretref.Ref) (secretref.Document, error) {
	if err := secretref.CheckQuery(ref, "region", "profile", "version_stage", "version_id"); err != nil {
		return secretref.Document{}, err
	}
	client, err := b.client(ctx, ref.Query.Get("region"), ref.Query.Get("profile"))
	if err != nil {
		return secretref.Document{}, err
	}
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(ref.Location)}
	if v := ref.Query.Get("version_stage"); v != "" {
		in.VersionStage = aws.String(v)
	}
	if v := ref.Query.Get("version_id"); v != "" {
		in.VersionId = aws.String(v)
	}
	out, err := client.GetSecretValue(ctx, in)
	if err != nil {
		return secretref.Document{}, fail(ctx, err)
	}
	if out.SecretString != nil {
		return secretref.Document{Text: *out.SecretString}, nil
	}
	return secretref.Document{Text: string(out.SecretBinary)}, nil
}

func (b *Backend) client(ctx context.Context, region, profile string) (*secretsmanager.Client, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := [2]string{region, profile}
	if c := b.clients[k]; c != nil {
		return c, nil
	}
	var cfg aws.Config
	if b.cfg != nil {
		if profile != "" {
			return nil, &secretref.Error{Op: "configure", Detail: "?profile= needs the default AWS configuration, but this backend was given one", Err: secretref.ErrBadRef}
		}
		cfg = b.cfg.Copy()
		if region != "" {
			cfg.Region = region
		}
	} else {
		var err error
		cfg, err = awsenv.Load(ctx, region, profile)
		if err != nil {
			// Loading errors name files, profiles and variables, not
			// credentials.
			return nil, &secretref.Error{Op: "configure", Detail: err.Error(), Err: secretref.ErrUnauthorized}
		}
	}
	c := secretsmanager.NewFromConfig(cfg, b.optFns...)
	if b.clients == nil {
		b.clients = map[[2]string]*secretsmanager.Client{}
	}
	b.clients[k] = c
	return c, nil
}

// fail maps an SDK error onto secretref's sentinels. Service errors keep
// only their code, status and request id: their messages can echo request
// parameters, and GetSecretValue's response is the secret itself.
func fail(ctx context.Context, err error) error {
	e := &secretref.Error{Op: "fetch"}
	if ae, ok := awsenv.Classify(err); ok {
		e.Detail = ae.Label()
		switch ae.Class {
		case awsenv.NotFound:
			e.Err = secretref.ErrNotFound
		case awsenv.Unauthorized:
			e.Detail += ": credentials rejected or secretsmanager:GetSecretValue not allowed"
			e.Err = secretref.ErrUnauthorized
		case awsenv.Unavailable:
			e.Err = secretref.ErrUnavailable
		default:
			e.Err = errors.New("request rejected")
		}
		return e
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		e.Err = ctxErr
		return e
	}
	var oe *net.OpError
	var ue *url.Error
	var se *v4.SigningError
	switch {
	case errors.As(err, &se):
		// No credentials in the chain, or expired SSO session. The
		// chain's message lists the providers it tried, no secret.
		e.Detail = "no usable AWS credentials (set AWS_PROFILE or AWS_ACCESS_KEY_ID, or run `aws sso login`): " + se.Error()
		e.Err = secretref.ErrUnauthorized
	case errors.As(err, &oe):
		e.Detail = "cannot reach Secrets Manager: " + oe.Error()
		e.Err = secretref.ErrUnavailable
	case errors.As(err, &ue):
		e.Detail = "cannot reach Secrets Manager: " + ue.Err.Error()
		e.Err = secretref.ErrUnavailable
	default:
		// Client-side failures (credential chain, endpoint resolution)
		// carry no values.
		e.Detail = err.Error()
		e.Err = secretref.ErrUnavailable
	}
	return e
}
