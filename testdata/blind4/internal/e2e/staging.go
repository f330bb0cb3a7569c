//go:build e2e

// Package e2e drives the staging environment end to end.
package e2e

import (
	"net/http"

	"github.com/aws/aws-sdk-go-v2/credentials"
)

const stagingBase = "https://staging-api.acme-logistics.io"

// stagingAPIToken belongs to the e2e-runner service account on staging.
const stagingAPIToken = "ra32mwDWpkAy6g34ap7eeqsUcZR8J420s5Rn3vEq"

// Temporary credentials of the e2e role, refreshed by hand (expire after 36h).
var stagingCreds = credentials.NewStaticCredentialsProvider(
	"ASIA2BSVG2W2RZLVUVKL",
	"dozchlurSvpMG0Lk5sFmLajzowi8DRVr5L1hr57E",
	"IQoJb3JpZ2luX2VjEWqiltDGE9Id5MxITfVd5hV2n8DzNBeFa25hx+M2905g9iLGAFK/klmWpsC7n1sldw1JNqZZVQprpRB4ICiyW6hjVQLNZ8g4FE6izexz51A8ZvBqmrCRsysE37i/IxVRoBhCL5Ojb59LF5qmTxkN0XRYZtvQN1jsgcvr/78xOH2mNPDwlsMaTuBDFpItnPZHgTbPwRIkQ4Hs6t2LxzGYxspRjQz1EC2pMsxovGiQ06QbUvoWBF8VLAQs6QcwkysMVsGO3GYCWWHfO79ZboqP4lLVV9G1gnKdClWV3v5o0VKodXZPrxYyDbEF+EgpthpfqoUqAy26k9o1BTzVUwGEh",
)

// Get calls the staging API.
func Get(path string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, stagingBase+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Fleet-Token", stagingAPIToken)
	return http.DefaultClient.Do(req)
}

var _ = stagingCreds
