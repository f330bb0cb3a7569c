// Package notify sends delivery notifications by e-mail, SMS and chat.
package notify

import (
	"fmt"
	"net/smtp"
)

const smtpHost = "smtp.sendgrid.net"

// mailAuth logs in to the SendGrid SMTP relay; the user is literally "apikey".
func mailAuth() smtp.Auth {
	return smtp.PlainAuth("",
		"apikey",
		"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",
		smtpHost)
}

// SendPOD mails the proof of delivery to the consignee.
func SendPOD(to, shipment string) error {
	msg := fmt.Sprintf("Subject: Proof of delivery %s\r\n\r\nYour shipment %s was delivered.\r\n", shipment, shipment)
	return smtp.SendMail(smtpHost+":587", mailAuth(), "noreply@haulcraft.io", []string{to}, []byte(msg))
}

// relayAuth is the on-prem relay at the Rotterdam depot.
func relayAuth(user, pass string) smtp.Auth {
	return smtp.PlainAuth("", user, pass, "mail.rtm.haulcraft.local")
}

// DepotAlert e-mails the depot's shift lead.
func DepotAlert(body string) error {
	auth := relayAuth("depot-alerts", "Rotterdam!Depot2019")
	return smtp.SendMail("mail.rtm.haulcraft.local:25", auth, "alerts@haulcraft.io", []string{"shiftlead-rtm@haulcraft.io"}, []byte(body))
}
