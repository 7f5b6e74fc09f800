package email

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
)

// Settings is the configuration of an email inbox: the shared address, its IMAP mailbox and the
// SMTP server replies go through.
type Settings struct {
	Address  string `json:"address"`   // the inbox's address, such as support@shop.example
	FromName string `json:"from_name"` // shown as the sender of replies, such as "Shop support"
	Username string `json:"username"`  // the login, when it is not the address
	// Auth is how the mailbox signs in: "" with the password secret, or "google" or
	// "microsoft" with OAuth2 (XOAUTH2), set up by the Connection page's consent.
	Auth          string `json:"auth"`
	OAuthClientID string `json:"oauth_client_id"`
	OAuthTenant   string `json:"oauth_tenant"` // Microsoft: the directory (default "common")
	// OAuthAuthURL and OAuthTokenURL replace the provider's endpoints (tests).
	OAuthAuthURL  string `json:"oauth_auth_url"`
	OAuthTokenURL string `json:"oauth_token_url"`

	IMAPHost     string `json:"imap_host"`
	IMAPPort     int    `json:"imap_port"`     // default 993 (tls) or 143
	IMAPSecurity string `json:"imap_security"` // tls (default), starttls or none
	SMTPHost     string `json:"smtp_host"`
	SMTPPort     int    `json:"smtp_port"`     // default 587 (starttls), 465 (tls) or 25
	SMTPSecurity string `json:"smtp_security"` // starttls (default), tls or none

	Folder string `json:"folder"` // the folder read, INBOX by default (Folders, when set, replaces it)
	// Folders are the folders imported, each with its own connection: INBOX by default.
	Folders []string `json:"folders"`
	// SyncSent imports the mailbox's Sent folder as well: what colleagues send from their own
	// mail clients shows in its conversation as sent by an external agent. The folder is the one
	// the server marks \Sent (RFC 6154 SPECIAL-USE), else SentFolder, else "Sent".
	SyncSent bool `json:"sync_sent"`
	// AfterImport is what happens to a message once recorded: "" leaves it, "seen" flags it
	// read, "archive" moves it to ArchiveFolder.
	AfterImport   string `json:"after_import"`
	ArchiveFolder string `json:"archive_folder"`
	// SentFolder, when set, receives a copy of every reply (for servers that do not keep one).
	SentFolder string `json:"sent_folder"`
	// AllowAgentAddress lets agents send replies from their own address instead of Address
	// (the SMTP account must be allowed to send as them).
	AllowAgentAddress bool `json:"allow_agent_address"`
	// Acknowledge, when set, is sent as an automatic reply to each new conversation a person
	// starts (never to auto-replies, bulk mail or bounces).
	Acknowledge string `json:"acknowledge"`
	// PollSeconds is how often the folder is looked at for new mail: the polling interval of a
	// server without IDLE (default 30), and the longest wait in IDLE (default 5 minutes).
	PollSeconds int `json:"poll_seconds"`
	// InsecureSkipVerify accepts any TLS certificate (test servers only).
	InsecureSkipVerify bool `json:"insecure_skip_verify"`
	// AllowInsecure accepts security "none", which sends the password (or OAuth token) in
	// clear: a server on a trusted network that offers no TLS. The inbox's health warns of it.
	AllowInsecure bool `json:"allow_insecure"`
}

// SecretPassword is the mailbox password (or app password).
const SecretPassword = "password"

// Validate checks the settings.
func (s *Settings) Validate() error {
	var v switchboard.Validator
	addr, err := mail.ParseAddress(s.Address)
	v.Check(err == nil && addr.Address == s.Address, "settings.address", "Enter the inbox's address, such as support@shop.example.")
	v.Check(s.IMAPHost != "", "settings.imap_host", "Enter the IMAP server, such as imap.gmail.com.")
	v.Check(s.SMTPHost != "", "settings.smtp_host", "Enter the SMTP server, such as smtp.gmail.com.")
	for field, sec := range map[string]string{"settings.imap_security": s.IMAPSecurity, "settings.smtp_security": s.SMTPSecurity} {
		v.Check(sec == "" || sec == "tls" || sec == "starttls" || sec == "none", field, "Use tls, starttls or none.")
		v.Check(sec != "none" || s.AllowInsecure, field,
			"Without tls or starttls the password travels unencrypted: choose one, or allow insecure sign-in (allow_insecure) for a server on a trusted network.")
	}
	v.Check(s.IMAPPort >= 0 && s.IMAPPort < 65536 && s.SMTPPort >= 0 && s.SMTPPort < 65536, "settings.imap_port", "Use a port from 1 to 65535.")
	v.Check(s.AfterImport == "" || s.AfterImport == "seen" || s.AfterImport == "archive", "settings.after_import", "Use seen, archive or leave it empty.")
	v.Check(len(s.Acknowledge) <= 4000, "settings.acknowledge", "Use at most 4000 characters.")
	v.Check(len(s.Folders) <= maxFolders, "settings.folders", fmt.Sprintf("Import at most %d folders.", maxFolders))
	for _, f := range s.Folders {
		v.Check(strings.TrimSpace(f) != "" && len(f) <= 200, "settings.folders", "Name each folder, in at most 200 characters.")
	}
	v.Check(s.Auth == AuthPassword || s.Auth == AuthGoogle || s.Auth == AuthMicrosoft, "settings.auth", "Use google, microsoft or leave it empty for a password.")
	v.Check(s.Auth == AuthPassword || s.OAuthClientID != "", "settings.oauth_client_id", "Enter the OAuth client id of your Google or Microsoft app.")
	return v.Err()
}

func (s *Settings) username() string {
	if s.Username != "" {
		return s.Username
	}
	return s.Address
}

func (s *Settings) domain() string { return s.Address[strings.LastIndexByte(s.Address, '@')+1:] }

// maxFolders bounds the folders an inbox imports: each takes a connection of its own, and
// servers limit them (Gmail to 15 per account).
const maxFolders = 10

// folders are the folders the inbox imports, each once: Folders, else Folder, else INBOX.
func (s *Settings) folders() []string {
	var out []string
	for _, f := range s.Folders {
		if f = strings.TrimSpace(f); f != "" && !slices.ContainsFunc(out, func(g string) bool { return strings.EqualFold(f, g) }) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		out = []string{cmp.Or(s.Folder, "INBOX")}
	}
	return out
}

func settingsOf(in *switchboard.Inbox) (*Settings, error) {
	return channel.DecodeSettings[Settings](in)
}

// Connector is the email channel.
type Connector struct {
	// Files opens a stored attachment's file, to send it.
	Files func(ctx context.Context, key string) (io.ReadCloser, error)
	// OAuth signs in mailboxes that use Google or Microsoft instead of a password.
	OAuth *OAuth
}

// signIn is how a mailbox authenticates: PLAIN with its password, or XOAUTH2 with a fresh token.
func signIn(ctx context.Context, o *OAuth, s *Settings, secrets map[string]string) (sasl.Client, error) {
	if s.Auth == AuthPassword {
		return sasl.NewPlainClient("", s.username(), secrets[SecretPassword]), nil
	}
	if o == nil {
		return nil, &switchboard.SendError{Code: "invalid_token", Reason: "This server cannot sign mailboxes in with OAuth."}
	}
	tok, err := o.AccessToken(ctx, s, secrets)
	if err != nil {
		return nil, err
	}
	return &xoauth2{user: s.username(), token: tok}, nil
}

// Kind is email.
func (c *Connector) Kind() switchboard.ChannelKind { return switchboard.ChannelEmail }

// SurveyForm: a mail's reply quotes what it answers, so a survey goes as a link per rating.
func (c *Connector) SurveyForm() string { return switchboard.SurveyLink }

// Formatting: a reply may carry HTML, sent beside its plain text.
func (c *Connector) Formatting() string { return switchboard.FormatHTML }

// ValidateSettings decodes and checks an email inbox's settings.
func (c *Connector) ValidateSettings(raw json.RawMessage) error {
	var s Settings
	if err := json.Unmarshal(raw, &s); err != nil {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "The settings are not what an email inbox takes.",
			Fields: map[string]string{"settings": "Give address, imap_host and smtp_host as strings, ports as numbers."}}
	}
	return s.Validate()
}

// MediaLimits: 10 files of up to 20 MB (base64 makes them a third larger; Gmail sends 25 MB).
func (c *Connector) MediaLimits() switchboard.MediaLimits {
	return switchboard.MediaLimits{MaxBytes: 20 << 20, MaxCount: switchboard.MaxAttachments}
}

// MessageID is the Message-ID of an outgoing message: it carries the conversation's signed
// reply key, so a reply whose client kept only In-Reply-To still finds its conversation, and it
// is the same on every attempt, so a retried send is one message to receivers.
func MessageID(replyKey string, messageID int64, domain string) string {
	return fmt.Sprintf("sb.%s.%d@%s", replyKey, messageID, domain)
}

// Send builds a reply with its threading headers (Message-ID, In-Reply-To, References, Re:
// subject, a Reply-To carrying the reply key), plain text and HTML, attachments, and submits it
// over SMTP; with a Sent folder set, a copy is appended there. 4xx answers are retried, 5xx are
// final.
func (c *Connector) Send(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error) {
	s, err := settingsOf(out.Inbox)
	if err != nil {
		return nil, err
	}
	raw, id, err := c.compose(ctx, s, out)
	if err != nil {
		return nil, err
	}
	if err := c.submit(ctx, s, out.Secrets, out.To, out.Message, raw); err != nil {
		return nil, err
	}
	if s.SentFolder != "" {
		_ = appendSent(ctx, c.OAuth, s, out.Secrets, raw) // the reply went out; a missing copy is not a failure
	}
	return &switchboard.Sent{ProviderID: id, Status: switchboard.MessageSent}, nil
}

func (c *Connector) compose(ctx context.Context, s *Settings, out *switchboard.Outbound) ([]byte, string, error) {
	m := out.Message
	var h gomail.Header
	h.SetDate(time.Now())
	from := &gomail.Address{Name: s.FromName, Address: s.Address}
	if f := m.Content; f != nil && f.Email != nil && f.Email.From != "" && !strings.EqualFold(f.Email.From, s.Address) {
		from = &gomail.Address{Name: m.SenderName, Address: f.Email.From} // an agent's own address, when the inbox allows it
	}
	h.SetAddressList("From", []*gomail.Address{from})
	h.SetAddressList("To", []*gomail.Address{{Address: out.To}})
	local, _, _ := strings.Cut(s.Address, "@")
	h.SetAddressList("Reply-To", []*gomail.Address{{Name: s.FromName, Address: local + "+c_" + out.ReplyKey + "@" + s.domain()}})
	subject := out.Conversation.Subject
	if f := m.Content; f != nil && f.Email != nil {
		if f.Email.Subject != "" {
			subject = f.Email.Subject
		}
		if len(f.Email.Cc) > 0 {
			h.SetAddressList("Cc", toAddresses(f.Email.Cc))
		}
	}
	if subject == "" {
		subject = "Your message"
	}
	if switchboard.NormalizeSubject(subject) == strings.ToLower(strings.TrimSpace(subject)) && len(out.Thread) > 0 {
		subject = "Re: " + subject
	}
	h.SetSubject(subject)
	id := MessageID(out.ReplyKey, m.ID, s.domain())
	h.SetMessageID(id)
	var refs []string
	for _, p := range out.Thread {
		if strings.Contains(p, "@") {
			refs = append(refs, p)
		}
	}
	if len(refs) > 11 {
		refs = append(refs[:1], refs[len(refs)-10:]...)
	}
	if parent := cmp.Or(out.ReplyToProviderID, out.ThreadParent); parent != "" && strings.Contains(parent, "@") {
		h.SetMsgIDList("In-Reply-To", []string{parent})
	} else if len(refs) > 0 {
		h.SetMsgIDList("In-Reply-To", refs[len(refs)-1:])
	}
	if len(refs) > 0 {
		h.SetMsgIDList("References", refs)
	}
	h.Set("X-Loop", "switchboard-"+strconv.FormatInt(out.Inbox.ID, 10))
	if m.SenderType == switchboard.SenderBot || (m.Content != nil && m.Content.Automatic) {
		h.Set("Auto-Submitted", "auto-replied")
		h.Set("X-Auto-Response-Suppress", "All")
		h.Set("Precedence", "auto_reply")
	}

	var buf bytes.Buffer
	w, err := gomail.CreateWriter(&buf, h)
	if err != nil {
		return nil, "", err
	}
	iw, err := w.CreateInline()
	if err != nil {
		return nil, "", err
	}
	var th gomail.InlineHeader
	th.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	tw, err := iw.CreatePart(th)
	if err != nil {
		return nil, "", err
	}
	body := m.Text
	if out.Signature != "" {
		body += "\n\n-- \n" + out.Signature // the signature delimiter mail clients fold
	}
	io.WriteString(tw, body)
	tw.Close()
	var hh gomail.InlineHeader
	hh.SetContentType("text/html", map[string]string{"charset": "utf-8"})
	hw, err := iw.CreatePart(hh)
	if err != nil {
		return nil, "", err
	}
	io.WriteString(hw, htmlPart(m.HTML, body, out.Signature))
	hw.Close()
	iw.Close()
	for _, a := range m.Attachments {
		if a.StorageKey == "" || c.Files == nil {
			continue
		}
		f, err := c.Files(ctx, a.StorageKey)
		if err != nil {
			return nil, "", &switchboard.SendError{Code: "no_file", Reason: "The attachment's file cannot be read.", Err: err}
		}
		var ah gomail.AttachmentHeader
		ah.SetContentType(a.ContentType, nil)
		ah.SetFilename(a.Filename)
		aw, err := w.CreateAttachment(ah)
		if err == nil {
			_, err = io.Copy(aw, f)
			aw.Close()
		}
		f.Close()
		if err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), id, nil
}

func toAddresses(list []string) []*gomail.Address {
	out := make([]*gomail.Address, 0, len(list))
	for _, a := range list {
		out = append(out, &gomail.Address{Address: a})
	}
	return out
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// htmlOfText is the HTML alternative of a plain reply: escaped, with its line breaks.
func htmlOfText(text string) string {
	return "<div>" + strings.ReplaceAll(htmlEscaper.Replace(text), "\n", "<br>\n") + "</div>"
}

// htmlPart is a reply's HTML: the agent's formatted reply (html, which the store sanitised as it
// saved it) with the signature below it, or else the plain text (which then has the signature
// already) made HTML.
func htmlPart(html, text, signature string) string {
	if strings.TrimSpace(html) == "" {
		return htmlOfText(text)
	}
	if signature != "" {
		html += "\n" + htmlOfText("-- \n"+signature)
	}
	return html
}

// dial connects to a server with the inbox's security.
func dialAddr(host string, port, def int) string {
	if port == 0 {
		port = def
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}

func (s *Settings) tlsConfig(host string) *tls.Config {
	return &tls.Config{ServerName: host, InsecureSkipVerify: s.InsecureSkipVerify} //nolint:gosec // opt-in, for test servers
}

// submit sends raw over SMTP from the inbox's address to the recipients (To, Cc and Bcc).
func (c *Connector) submit(ctx context.Context, s *Settings, secrets map[string]string, to string, m *switchboard.Message, raw []byte) error {
	auth, err := signIn(ctx, c.OAuth, s, secrets)
	if err != nil {
		return err
	}
	var client *smtp.Client
	switch s.SMTPSecurity {
	case "tls":
		client, err = smtp.DialTLS(dialAddr(s.SMTPHost, s.SMTPPort, 465), s.tlsConfig(s.SMTPHost))
	case "none":
		client, err = smtp.Dial(dialAddr(s.SMTPHost, s.SMTPPort, 25))
	default:
		client, err = smtp.DialStartTLS(dialAddr(s.SMTPHost, s.SMTPPort, 587), s.tlsConfig(s.SMTPHost))
	}
	if err != nil {
		return &switchboard.SendError{Code: "provider_unavailable", Reason: "The SMTP server could not be reached.", Retryable: true, Err: err}
	}
	defer client.Close()
	if s.Auth == AuthPassword {
		// Servers that offer only LOGIN (some Exchange and older hosts) get LOGIN.
		if ok, _ := client.Extension("AUTH"); ok && !client.SupportsAuth(sasl.Plain) && client.SupportsAuth(sasl.Login) {
			auth = sasl.NewLoginClient(s.username(), secrets[SecretPassword])
		}
	}
	if err := client.Auth(auth); err != nil {
		if c.OAuth != nil && s.Auth != AuthPassword {
			c.OAuth.forget(secrets)
		}
		return smtpError(err)
	}
	sender := s.Address
	if f := m.Content; f != nil && f.Email != nil && f.Email.From != "" {
		sender = f.Email.From
	}
	if err := client.Mail(sender, nil); err != nil {
		return smtpError(err)
	}
	rcpts := []string{to}
	if f := m.Content; f != nil && f.Email != nil {
		rcpts = append(append(rcpts, f.Email.Cc...), f.Email.Bcc...)
	}
	for _, r := range rcpts {
		if err := client.Rcpt(r, nil); err != nil {
			return smtpError(err)
		}
	}
	wc, err := client.Data()
	if err != nil {
		return smtpError(err)
	}
	if _, err := wc.Write(raw); err != nil {
		return channel.TransportError(ctx, "The SMTP server", err)
	}
	if err := wc.Close(); err != nil {
		return smtpError(err)
	}
	_ = client.Quit()
	return nil
}

// smtpError classifies an SMTP answer: 4xx may pass later, 5xx will not; 535 is the credentials.
func smtpError(err error) error {
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		return &switchboard.SendError{Code: "provider_unavailable", Reason: "The SMTP server broke off: " + err.Error(), Retryable: true, Err: err}
	}
	e := &switchboard.SendError{Code: "smtp_" + strconv.Itoa(se.Code), Reason: fmt.Sprintf("The SMTP server answered %d: %s", se.Code, se.Message), Err: err}
	switch {
	case se.Code == 535 || se.Code == 534:
		e.Code = "invalid_token"
		e.Reason = "The SMTP server refused the inbox's credentials: " + se.Message
	case se.Code >= 400 && se.Code < 500:
		e.Retryable = true
	}
	return e
}

// dialIMAP connects and signs in to the inbox's IMAP server.
func dialIMAP(ctx context.Context, o *OAuth, s *Settings, secrets map[string]string, opts *imapclient.Options) (*imapclient.Client, error) {
	auth, err := signIn(ctx, o, s, secrets)
	if err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &imapclient.Options{}
	}
	opts.TLSConfig = s.tlsConfig(s.IMAPHost)
	var c *imapclient.Client
	switch s.IMAPSecurity {
	case "none":
		c, err = imapclient.DialInsecure(dialAddr(s.IMAPHost, s.IMAPPort, 143), opts)
	case "starttls":
		c, err = imapclient.DialStartTLS(dialAddr(s.IMAPHost, s.IMAPPort, 143), opts)
	default:
		c, err = imapclient.DialTLS(dialAddr(s.IMAPHost, s.IMAPPort, 993), opts)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", s.IMAPHost, err)
	}
	if s.Auth == AuthPassword {
		err = c.Login(s.username(), secrets[SecretPassword]).Wait()
	} else {
		err = c.Authenticate(auth)
		if err != nil && o != nil {
			o.forget(secrets)
		}
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("sign in to %s: %w", s.IMAPHost, err)
	}
	return c, nil
}

// appendSent stores a copy of a sent reply in the Sent folder.
func appendSent(ctx context.Context, o *OAuth, s *Settings, secrets map[string]string, raw []byte) error {
	c, err := dialIMAP(ctx, o, s, secrets, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	cmd := c.Append(s.SentFolder, int64(len(raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: time.Now()})
	if _, err := cmd.Write(raw); err != nil {
		return err
	}
	if err := cmd.Close(); err != nil {
		return err
	}
	_, err = cmd.Wait()
	return err
}
