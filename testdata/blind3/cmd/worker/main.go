// Command worker processes background jobs: exports, archival and mail.
package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/smtp"
	"os"

	"example.com/blind3/internal/httpclient"
)

const bearerPrefix = "Bearer "

func smtpAuth() smtp.Auth {
	user, ok := os.LookupEnv("SMTP_USER")
	if !ok {
		user = "notifications@orders.example.com"
	}
	var pw string
	if v, ok := os.LookupEnv("SMTP_PASSWORD"); ok {
		pw = v
	} else {
		pw = "kV9#mQ2!pLx7wR"
	}
	return smtp.PlainAuth("", user, pw, "smtp.mailgun.org")
}

func queueURL() string {
	if v, ok := os.LookupEnv("QUEUE_URL"); ok {
		return v
	}
	return "amqp://guest:guest@localhost:5672/"
}

func fetchExport(client *http.Client) ([]byte, error) {
	bearer := "sYesxhmKNiU5dQLawrJLekKaKaNGZuXzLe1Pb0ph"
	req, err := http.NewRequest(http.MethodGet, "https://exports.partner.example.net/v2/daily", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", bearerPrefix+bearer)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func archiveLogin() (*http.Request, error) {
	cred := "Gr4phite#Owl19"
	return httpclient.Archive("archiver", cred)
}

func ftpCreds() (string, string) {
	creds := "etl-upload:Harbor-Winter2024"
	host := "sftp.partner.example.net:22"
	return creds, host
}

func workDir() string {
	pwd, err := os.Getwd()
	if err != nil {
		pwd = "/srv/worker"
	}
	return pwd
}

func legacyLogin() (*http.Request, error) {
	pwd := "s@lmonRun_88x"
	return httpclient.Legacy("batch", pwd)
}

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: worker export|archive|legacy")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "export":
		if _, err := fetchExport(http.DefaultClient); err != nil {
			log.Fatal(err)
		}
	case "archive":
		_, _ = archiveLogin()
	case "legacy":
		_, _ = legacyLogin()
	}
	_ = smtpAuth()
	_ = queueURL()
	_, _ = ftpCreds()
	log.Printf("cwd=%s", workDir())
}
