package twilio

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// Settings is the configuration of a Twilio inbox (an SMS number or a WhatsApp sender).
type Settings struct {
	Provider   string `json:"provider"` // "twilio"
	AccountSID string `json:"account_sid"`
	// From is the sender: an E.164 number (for WhatsApp, the number of the WhatsApp sender).
	From string `json:"from"`
	// MessagingServiceSID sends through a Messaging Service instead of From.
	MessagingServiceSID string `json:"messaging_service_sid"`
	// WebhookURL is this inbox's webhook URL exactly as configured in Twilio's console (Twilio
	// signs requests over it, and it is where status callbacks and file fetches go). Behind a
	// proxy, set it to the public address.
	WebhookURL string `json:"webhook_url"`
	// APIBaseURL is Twilio's REST address; the emulator's in tests and demo mode.
	APIBaseURL string `json:"api_base_url"`
	// ContentAPIURL is Twilio's Content API (templates), https://content.twilio.com unless set.
	ContentAPIURL string `json:"content_api_url"`
	Simulated     bool   `json:"simulated"`
}

// SecretAuthToken is the account's auth token: it signs webhooks and authenticates API calls.
const SecretAuthToken = "auth_token"

// DefaultAPIBaseURL is Twilio's REST API.
const DefaultAPIBaseURL = "https://api.twilio.com"

func sid(prefix, s string) bool {
	if len(s) != 34 || !strings.HasPrefix(s, prefix) {
		return false
	}
	for _, r := range s[2:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	var v switchboard.Validator
	v.Check(sid("AC", s.AccountSID), "settings.account_sid", "Enter the account SID (AC followed by 32 hex digits).")
	v.Check(s.MessagingServiceSID == "" || sid("MG", s.MessagingServiceSID), "settings.messaging_service_sid", "Enter a Messaging Service SID (MG…).")
	if s.From != "" {
		_, err := switchboard.NormalizePhone(s.From)
		v.Check(err == nil, "settings.from", "Enter the sender's number in international form, such as +14155238886.")
	}
	v.Check(s.From != "" || s.MessagingServiceSID != "", "settings.from", "Enter the sender's number or a Messaging Service SID.")
	for field, raw := range map[string]string{"settings.webhook_url": s.WebhookURL, "settings.api_base_url": s.APIBaseURL, "settings.content_api_url": s.ContentAPIURL} {
		if raw != "" {
			u, err := url.Parse(raw)
			v.Check(err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "", field, "Use an absolute http or https URL.")
		}
	}
	return v.Err()
}

func settingsOf(in *switchboard.Inbox) (*Settings, error) {
	return channel.DecodeSettings[Settings](in)
}

func (s *Settings) api() string {
	if s.APIBaseURL != "" {
		return strings.TrimSuffix(s.APIBaseURL, "/")
	}
	return DefaultAPIBaseURL
}

// contentAPI is the Content API's address: the settings', else Twilio's.
func (s *Settings) contentAPI() string {
	if s.ContentAPIURL != "" {
		return s.ContentAPIURL
	}
	return DefaultContentAPIURL
}

// Connector is Twilio for one channel kind: SMS, or WhatsApp through a Twilio sender.
type Connector struct {
	Channel switchboard.ChannelKind // switchboard.ChannelSMS or switchboard.ChannelWhatsApp
	// Client calls Twilio's APIs and downloads files (following their redirect). It should
	// check where it connects (an egress.Policy's client); nil means one of the default policy,
	// public addresses only.
	Client *http.Client
}

// DefaultContentAPIURL is Twilio's Content API, where templates live.
const DefaultContentAPIURL = "https://content.twilio.com"

// Destinations: the REST and Content API addresses get the account's auth token.
func (c *Connector) Destinations(raw json.RawMessage) []switchboard.Destination {
	var s Settings
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	return []switchboard.Destination{
		{Field: "settings.api_base_url", URL: channel.Origin(s.api()), Secrets: []string{SecretAuthToken}},
		{Field: "settings.content_api_url", URL: channel.Origin(s.contentAPI()), Secrets: []string{SecretAuthToken}},
	}
}

// Kind is the connector's channel.
func (c *Connector) Kind() switchboard.ChannelKind { return c.Channel }

// Provider is Twilio.
func (c *Connector) Provider() string { return "twilio" }

func (c *Connector) whatsapp() bool { return c.Channel == switchboard.ChannelWhatsApp }

// Formatting is WhatsApp's markup on WhatsApp; SMS is plain text.
func (c *Connector) Formatting() string {
	if c.whatsapp() {
		return switchboard.FormatWhatsApp
	}
	return ""
}

// SendsPlaces on WhatsApp, as a location the app shows; an SMS has no such thing.
func (c *Connector) SendsPlaces() bool { return c.whatsapp() }

// ValidateSettings decodes and checks a Twilio inbox's settings.
func (c *Connector) ValidateSettings(raw json.RawMessage) error {
	var s Settings
	if err := json.Unmarshal(raw, &s); err != nil {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "The settings are not what a Twilio inbox takes.",
			Fields: map[string]string{"settings": "Give account_sid, from and webhook_url as strings."}}
	}
	return s.Validate()
}

// MediaLimits: MMS carries up to 10 files of 5 MB in all (counted here per file); a WhatsApp
// message through Twilio one file, images up to 5 MB and others up to 16 MB.
func (c *Connector) MediaLimits() switchboard.MediaLimits {
	if c.whatsapp() {
		return switchboard.MediaLimits{MaxBytes: 16 << 20, MaxCount: 1, MaxText: 1600,
			Types:   []string{"image/jpeg", "image/png", "audio/*", "video/mp4", "application/pdf"},
			PerType: []switchboard.TypeLimit{{Type: "image/*", MaxBytes: 5 << 20}}}
	}
	return switchboard.MediaLimits{MaxBytes: 5 << 20, MaxCount: 10, MaxText: 1600,
		Types: []string{"image/jpeg", "image/png", "image/gif", "audio/*", "video/*", "application/pdf", "text/vcard", "text/plain"}}
}

// CustomerWindow is WhatsApp's 24 hours; SMS has none.
func (c *Connector) CustomerWindow() time.Duration {
	if c.whatsapp() {
		return 24 * time.Hour
	}
	return 0
}

// OptOutKeywords are the words Twilio itself honours on SMS numbers by default (long codes and
// toll-free): a customer who texts one of the first is blocked by Twilio (sends to them fail with
// 21610) until they text one of the second. Twilio still passes the message on, so it is
// recorded like any other. WhatsApp senders have no such words.
func (c *Connector) OptOutKeywords() (stop, start []string) {
	if c.whatsapp() {
		return nil, nil
	}
	return []string{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}, []string{"START", "YES", "UNSTOP"}
}

func (c *Connector) client() *http.Client {
	if c.Client != nil {
		return c.Client
	}
	return (*egress.Policy)(nil).ClientFollowingRedirects(30 * time.Second)
}

// address writes a number as the channel addresses it: "whatsapp:+E164" on WhatsApp.
func (c *Connector) address(e164 string) string {
	if c.whatsapp() && !strings.HasPrefix(e164, "whatsapp:") {
		return "whatsapp:" + e164
	}
	return e164
}

// Send creates a Message resource: the text, the files by signed public URL (Twilio fetches
// them), and a status callback naming Switchboard's message so reports find it even when the
// answer was lost.
func (c *Connector) Send(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error) {
	s, err := settingsOf(out.Inbox)
	if err != nil {
		return nil, err
	}
	m := out.Message
	form := url.Values{"To": {c.address(out.To)}}
	if s.MessagingServiceSID != "" {
		form.Set("MessagingServiceSid", s.MessagingServiceSID)
	} else {
		form.Set("From", c.address(s.From))
	}
	if tpl := m.Content; tpl != nil && tpl.Template != nil {
		// A Content template, by its ContentSid, with its variables numbered from 1; its text
		// is Twilio's to render.
		if tpl.Template.ProviderID == "" {
			return nil, &switchboard.SendError{Code: "template_error", Reason: "The template has no Twilio ContentSid: sync the inbox's templates again."}
		}
		vars := map[string]string{}
		for i, p := range tpl.Template.Params {
			vars[strconv.Itoa(i+1)] = p
		}
		raw, _ := json.Marshal(vars)
		form.Set("ContentSid", tpl.Template.ProviderID)
		form.Set("ContentVariables", string(raw))
	} else if err := c.content(form, s, out); err != nil {
		return nil, err
	}
	if s.WebhookURL != "" {
		form.Set("StatusCallback", s.WebhookURL+"?sb="+strconv.FormatInt(m.ID, 10))
	}
	var ans struct {
		SID    string `json:"sid"`
		Status string `json:"status"`
	}
	if err := c.call(ctx, s, out.Secrets[SecretAuthToken], form, &ans); err != nil {
		return nil, err
	}
	st := switchboard.MessageAccepted
	if ans.Status == "sent" {
		st = switchboard.MessageSent
	}
	return &switchboard.Sent{ProviderID: ans.SID, Status: st}, nil
}

// content puts a message's text, place and files into the form: a place as WhatsApp's
// persistent action (the store refuses places by SMS, see SendsPlaces); files by their signed
// public URLs.
func (c *Connector) content(form url.Values, s *Settings, out *switchboard.Outbound) error {
	m := out.Message
	body := m.Text
	if l := m.Content; l != nil && l.Location != nil && c.whatsapp() {
		form.Set("PersistentAction", fmt.Sprintf("geo:%.6f,%.6f|%s", l.Location.Latitude, l.Location.Longitude, l.Location.Label()))
		if body == "" {
			body = l.Location.Label()
		}
	}
	if body != "" {
		form.Set("Body", body)
	}
	for _, a := range m.Attachments {
		if a.Kind == "location" {
			continue // sent as the persistent action above
		}
		p, ok := out.MediaPaths[a.ID]
		base, err := url.Parse(s.WebhookURL)
		if !ok || s.WebhookURL == "" || err != nil {
			return &switchboard.SendError{Code: "no_public_url", Reason: "Set the inbox's webhook URL (its public address) so Twilio can fetch the file."}
		}
		form.Add("MediaUrl", base.Scheme+"://"+base.Host+p)
	}
	return nil
}

func (c *Connector) call(ctx context.Context, s *Settings, token string, form url.Values, out any) error {
	if token == "" {
		return &switchboard.SendError{Code: "invalid_token", Reason: "This Twilio inbox has no auth token."}
	}
	u := s.api() + "/2010-04-01/Accounts/" + s.AccountSID + "/Messages.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return &switchboard.SendError{Code: "bad_settings", Reason: "The Twilio API address is not valid.", Err: err}
	}
	req.SetBasicAuth(s.AccountSID, token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.client().Do(req)
	if err != nil {
		return channel.TransportError(ctx, "Twilio", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return channel.TransportError(ctx, "Twilio", err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		var e struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(raw, &e)
		se := classify(e.Code, res.StatusCode, e.Message)
		if d, ok := backoff.RetryAfter(res.Header, time.Now()); ok && se.Retryable {
			se.RetryAfter = d
		}
		return se
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &switchboard.SendError{Code: "bad_answer", Reason: "Twilio's answer is not the expected JSON.", Err: err}
	}
	return nil
}

// FetchTemplates lists the account's Content templates with their WhatsApp approval, following
// the Content API's pages. A template's text is its twilio/text body (or the first type's body).
func (c *Connector) FetchTemplates(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string) ([]*switchboard.Template, error) {
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(s.contentAPI(), "/")
	var out []*switchboard.Template
	next := base + "/v1/ContentAndApprovals?PageSize=500"
	for page := 0; next != "" && page < 50; page++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, next, nil)
		if err != nil {
			return nil, &switchboard.SendError{Code: "bad_settings", Reason: "The Content API address is not valid.", Err: err}
		}
		req.SetBasicAuth(s.AccountSID, secrets[SecretAuthToken])
		res, err := c.client().Do(req)
		if err != nil {
			return nil, channel.TransportError(ctx, "Twilio", err)
		}
		raw, _ := io.ReadAll(io.LimitReader(res.Body, 8<<20))
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			var e struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			}
			_ = json.Unmarshal(raw, &e)
			return nil, classify(e.Code, res.StatusCode, e.Message)
		}
		var ans struct {
			Contents []struct {
				SID          string `json:"sid"`
				FriendlyName string `json:"friendly_name"`
				Language     string `json:"language"`
				Types        map[string]struct {
					Body string `json:"body"`
				} `json:"types"`
				Approval struct {
					Category string `json:"category"`
					Status   string `json:"status"`
				} `json:"approval_requests"`
			} `json:"contents"`
			Meta struct {
				NextPageURL string `json:"next_page_url"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(raw, &ans); err != nil {
			return nil, &switchboard.SendError{Code: "bad_answer", Reason: "Twilio's template list is not the expected JSON.", Err: err}
		}
		for _, ct := range ans.Contents {
			body := ct.Types["twilio/text"].Body
			for _, t := range ct.Types {
				if body == "" {
					body = t.Body
				}
			}
			components, _ := json.Marshal([]map[string]string{{"type": "BODY", "text": body}})
			status := strings.ToLower(ct.Approval.Status)
			if status == "" {
				status = "unsubmitted"
			}
			out = append(out, &switchboard.Template{Name: ct.FriendlyName, Language: ct.Language, Category: strings.ToLower(ct.Approval.Category),
				Status: status, Components: components, ProviderID: ct.SID})
		}
		next = ans.Meta.NextPageURL
	}
	return out, nil
}

// MediaSourcePrefix marks an attachment's source as a Twilio media URL.
const MediaSourcePrefix = "twilio-media:"

// FetchMedia downloads a customer's file from its MediaUrl with the account's credentials (sent
// to Twilio's own host only), following the redirect to the file. Right after the webhook the
// file may briefly answer 404: that is retried.
func (c *Connector) FetchMedia(ctx context.Context, f *switchboard.MediaFetch) (io.ReadCloser, string, error) {
	raw, ok := strings.CutPrefix(f.Source, MediaSourcePrefix)
	if !ok {
		return nil, "", &switchboard.SendError{Code: "bad_source", Reason: "The attachment does not name a Twilio media URL."}
	}
	s, err := settingsOf(f.Inbox)
	if err != nil {
		return nil, "", err
	}
	u, err := url.Parse(raw)
	api, _ := url.Parse(s.api())
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, "", &switchboard.SendError{Code: "bad_source", Reason: "The media URL is not valid."}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", &switchboard.SendError{Code: "bad_source", Reason: "The media URL is not valid.", Err: err}
	}
	if api != nil && u.Host == api.Host {
		req.SetBasicAuth(s.AccountSID, f.Secrets[SecretAuthToken])
	}
	res, err := c.client().Do(req)
	if err != nil {
		return nil, "", channel.TransportError(ctx, "Twilio", err)
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		return nil, "", &switchboard.SendError{Code: "http_" + strconv.Itoa(res.StatusCode), Reason: fmt.Sprintf("Twilio answered %d for the file.", res.StatusCode),
			Retryable: res.StatusCode == http.StatusNotFound || backoff.Retryable(res.StatusCode)}
	}
	limit := f.Limits.MaxBytes
	if limit <= 0 {
		limit = 100 << 20
	}
	if res.ContentLength > limit {
		res.Body.Close()
		return nil, "", &switchboard.SendError{Code: "too_large", Reason: fmt.Sprintf("The file is larger than %d MB.", limit>>20)}
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(res.Body, limit+1), res.Body}, res.Header.Get("Content-Type"), nil
}
