// Package search indexes clinics and practitioners for the public search.
package search

import (
	"net/http"
	"strings"
)

const endpoint = "https://search-admin:WzAfLHngd_r8Ru7L9mt8X4@search.medora-care.net:9200"

// Index posts a document.
func Index(index, id, doc string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPut, endpoint+"/"+index+"/_doc/"+id, strings.NewReader(doc))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return http.DefaultClient.Do(req)
}

// Public is the read-only search endpoint used by the website.
const Public = "https://search.medora-care.net/clinics/_search"
