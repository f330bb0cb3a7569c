// Package awsenv holds what the remediation store (remediate/awssm) and the
// runtime backend (secretref/awssecrets) share about AWS Secrets Manager:
// loading the SDK's default configuration, and sorting its error codes
// into not found, unauthorized and unavailable. It imports no package of
// remediate/ or secretref/, so each can use it without pulling the other.
package awsenv

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go"
)

// ErrNoRegion is returned by Load when no region is configured anywhere.
var ErrNoRegion = errors.New("no AWS region configured: set AWS_REGION, a region in the profile, or the region option")

// Load loads the SDK's default configuration (environment, shared config
// and credentials files with profiles and SSO, container and instance
// roles), with region and profile overriding AWS_REGION and AWS_PROFILE
// when set. The SDK honours AWS_ENDPOINT_URL and
// AWS_ENDPOINT_URL_SECRETS_MANAGER itself. Credentials are not retrieved.
func Load(ctx context.Context, region, profile string) (aws.Config, error) {
	var loaders []func(*config.LoadOptions) error
	if region != "" {
		loaders = append(loaders, config.WithRegion(region))
	}
	if profile != "" {
		loaders = append(loaders, config.WithSharedConfigProfile(profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loaders...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return aws.Config{}, ErrNoRegion
	}
	return cfg, nil
}

// Class sorts a Secrets Manager error.
type Class int

const (
	Other        Class = iota // rejected for another reason, or not an API error
	NotFound                  // ResourceNotFoundException
	Exists                    // ResourceExistsException
	Unauthorized              // credentials rejected or permission missing
	Unavailable               // throttled or failed on the service's side
	Invalid                   // InvalidRequestException (e.g. scheduled for deletion)
)

// APIError describes a service error without its message, which can echo
// request parameters.
type APIError struct {
	Code      string
	Status    int // HTTP status, 0 if unknown
	RequestID string
	Class     Class
}

// Label returns "Code, HTTP status, request id ID", or just the code.
func (e APIError) Label() string {
	if e.Status == 0 {
		return e.Code
	}
	return fmt.Sprintf("%s, HTTP %d, request id %s", e.Code, e.Status, e.RequestID)
}

// Classify returns the API error inside err, if any.
func Classify(err error) (APIError, bool) {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return APIError{}, false
	}
	out := APIError{Code: ae.ErrorCode()}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		out.Status = re.HTTPStatusCode()
		out.RequestID = re.ServiceRequestID()
	}
	switch out.Code {
	case "ResourceNotFoundException":
		out.Class = NotFound
	case "ResourceExistsException":
		out.Class = Exists
	case "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidClientTokenId",
		"ExpiredTokenException", "ExpiredToken", "InvalidSignatureException", "SignatureDoesNotMatch",
		"IncompleteSignature", "MissingAuthenticationToken", "NotAuthorized":
		out.Class = Unauthorized
	case "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
		"InternalServiceError", "InternalFailure", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException":
		out.Class = Unavailable
	case "InvalidRequestException":
		out.Class = Invalid
	default:
		if out.Status >= 500 || ae.ErrorFault() == smithy.FaultServer {
			out.Class = Unavailable
		}
	}
	return out, true
}
