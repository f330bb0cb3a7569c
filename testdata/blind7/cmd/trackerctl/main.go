// Command trackerctl is the operators' CLI for the tracking API.
//
// Usage:
//
//	trackerctl -token <api-token> shipment HC-2024-00042
//	HAULCRAFT_TOKEN=hc_live_0000000000000000000000000000 trackerctl events HC-2024-00042
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
)

const usage = `trackerctl — query the Haulcraft tracking API

  -token string   API token (or $HAULCRAFT_TOKEN), e.g. hc_live_XXXXXXXXXXXXXXXXXXXXXXXX
  -api string     API base URL (default https://api.haulcraft.io)
`

func main() {
	token := flag.String("token", os.Getenv("HAULCRAFT_TOKEN"), "API token")
	api := flag.String("api", "https://api.haulcraft.io", "API base URL")
	flag.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	flag.Parse()
	if *token == "" {
		// Fall back to the shared ops token so on-call can use the CLI
		// from the bastion without setting anything up.
		*token = "hc_live_lT9Fx1rFDBNuO74XR62ArQuhahyKwUtG"
	}
	req, err := http.NewRequest(http.MethodGet, *api+"/v1/shipments/"+flag.Arg(1), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	req.Header.Set("Authorization", "Token "+*token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
}
