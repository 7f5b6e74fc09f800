package email

import (
	"encoding/json"
	"fmt"
	"net"
	"strconv"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
)

// Destinations: the IMAP and SMTP servers get the password (or an access token from the OAuth
// refresh token, which a change of server therefore forgets: connect the mailbox again), and
// the OAuth token endpoint gets the client secret and the refresh token.
func (c *Connector) Destinations(raw json.RawMessage) []switchboard.Destination {
	var s Settings
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	signIn := switchboard.Destination{Secrets: []string{SecretPassword}}
	if s.Auth != AuthPassword {
		signIn = switchboard.Destination{Forget: []string{SecretRefreshToken}}
	}
	imapDest, smtpDest := signIn, signIn
	imapDest.Field, imapDest.URL = "settings.imap_host", mailPlace("imap", s.IMAPSecurity, "tls", s.IMAPHost, s.IMAPPort, 993, 143)
	smtpDest.Field, smtpDest.URL = "settings.smtp_host", mailPlace("smtp", s.SMTPSecurity, "starttls", s.SMTPHost, s.SMTPPort, 465, 587)
	out := []switchboard.Destination{imapDest, smtpDest}
	if s.Auth != AuthPassword {
		_, tokenURL, _, _ := s.endpoints()
		out = append(out, switchboard.Destination{Field: "settings.oauth_token_url", URL: channel.Origin(tokenURL),
			Secrets: []string{SecretClientSecret}, Forget: []string{SecretRefreshToken}})
	}
	return out
}

// mailPlace writes a mail server as a Destination's URL: the protocol with its security, host
// and port (the default of the security when none is set), so that a change of any of them is
// a new place, "none" included.
func mailPlace(proto, security, def, host string, port, tlsPort, otherPort int) string {
	if security == "" {
		security = def
	}
	if port == 0 {
		port = otherPort
		if security == "tls" {
			port = tlsPort
		}
		if proto == "smtp" && security == "none" {
			port = 25
		}
	}
	return fmt.Sprintf("%s+%s://%s", proto, security, net.JoinHostPort(host, strconv.Itoa(port)))
}

// SettingsWarnings: sign-in over a connection without TLS, which allow_insecure accepted.
func (c *Connector) SettingsWarnings(raw json.RawMessage) []string {
	var s Settings
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	var out []string
	for _, x := range []struct{ name, security string }{{"IMAP", s.IMAPSecurity}, {"SMTP", s.SMTPSecurity}} {
		if x.security == "none" {
			out = append(out, fmt.Sprintf("%s signs in without encryption (security none): the password or token can be read on the network. Use tls or starttls unless the server is on a network you trust.", x.name))
		}
	}
	return out
}
