// Package apichannel is the API channel: a channel whose customers' messages arrive through
// Switchboard's REST API (posted by a bot, a CRM or a custom integration with the inbox's token)
// and whose outgoing messages are POSTed as signed JSON to a URL the integration serves. It is how
// any system plugs into the inbox, and it exercises the whole pipeline end to end.
package apichannel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// Settings is the inbox configuration of an API channel.
type Settings struct {
	// OutboundURL receives outgoing messages as signed POSTs.
	OutboundURL string `json:"outbound_url"`
}

// SecretSigning names the inbox secret that signs outgoing POSTs.
const SecretSigning = "signing_secret"

// Validate checks the settings.
func (s *Settings) Validate() error {
	var v switchboard.Validator
	u, err := url.Parse(s.OutboundURL)
	v.Check(s.OutboundURL == "" || (err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""),
		"settings.outbound_url", "Use an absolute http or https URL.")
	return v.Err()
}

// Payload is the body of an outgoing POST.
type Payload struct {
	Event        string                    `json:"event"` // "message.created"
	Message      *switchboard.Message      `json:"message"`
	Conversation *switchboard.Conversation `json:"conversation"`
	To           string                    `json:"to"`
	ReplyTo      string                    `json:"reply_to_provider_id,omitempty"`
}

// Answer is what the integration may answer with: its own id for the message.
type Answer struct {
	ProviderID string `json:"provider_id"`
}

// Connector implements the API channel.
type Connector struct {
	// Client POSTs the messages. It must follow no redirect (a signed message must not travel
	// wherever a Location header says) and check where it connects: an egress.Policy's Client.
	// Nil means one of the default policy (public addresses only) that gives up after 30 seconds.
	Client *http.Client
	Now    func() time.Time
}

// Destinations: the outbound URL receives every message signed with the signing secret.
func (c *Connector) Destinations(raw json.RawMessage) []switchboard.Destination {
	var s Settings
	if json.Unmarshal(raw, &s) != nil || s.OutboundURL == "" {
		return nil
	}
	return []switchboard.Destination{{Field: "settings.outbound_url", URL: channel.Origin(s.OutboundURL), Secrets: []string{SecretSigning}}}
}

// ValidateSettings decodes and checks an API inbox's settings.
func (c *Connector) ValidateSettings(raw json.RawMessage) error {
	var s Settings
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &s); err != nil {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "The settings are not what an API inbox takes.",
				Fields: map[string]string{"settings": "Give outbound_url as a string."}}
		}
	}
	return s.Validate()
}

// MediaLimits: the integration fetches files itself (GET /api/v1/attachments/{id} with its
// token), so any type is fine, up to the upload limit.
func (c *Connector) MediaLimits() switchboard.MediaLimits {
	return switchboard.DefaultMediaLimits
}

// Kind is the API channel.
func (c *Connector) Kind() switchboard.ChannelKind { return switchboard.ChannelAPI }

// Formatting is Markdown: the text goes to the integration as the agent typed it, for it to
// render (or strip).
func (c *Connector) Formatting() string { return switchboard.FormatMarkdown }

// SendsIdempotently marks the API channel's sends as de-duplicated by their receivers, on
// their Idempotency-Key (see channel.IdempotentSender).
func (c *Connector) SendsIdempotently() {}

// Send POSTs the message to the inbox's outbound URL, signed with its signing secret, with
// Idempotency-Key set to the message id so a repeated attempt (after a crash or a timeout) is one
// message to the receiver. A 2xx answer delivers it; 408, 425, 429 and 5xx answers and network
// failures are retried (honouring Retry-After); other answers fail it for good.
func (c *Connector) Send(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error) {
	s, err := channel.DecodeSettings[Settings](out.Inbox)
	if err != nil {
		return nil, err
	}
	if s.OutboundURL == "" {
		return nil, &switchboard.SendError{Code: "no_outbound_url", Reason: "This API inbox has no outbound URL to deliver replies to."}
	}
	body, err := json.Marshal(&Payload{Event: "message.created", Message: out.Message, Conversation: out.Conversation, To: out.To, ReplyTo: out.ReplyToProviderID})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.OutboundURL, bytes.NewReader(body))
	if err != nil {
		return nil, &switchboard.SendError{Code: "bad_settings", Reason: "The outbound URL is not valid.", Err: err}
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Switchboard")
	req.Header.Set("Idempotency-Key", "msg-"+strconv.FormatInt(out.Message.ID, 10))
	req.Header.Set(switchboard.WebhookEventHeader, "message.created")
	if secret := out.Secrets[SecretSigning]; secret != "" {
		req.Header.Set(switchboard.WebhookSignatureHeader, switchboard.SignWebhook(secret, now(), body))
	}
	client := c.Client
	if client == nil {
		client = (*egress.Policy)(nil).Client(30 * time.Second)
	}
	res, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if se, ok := channel.DestinationError(err); ok {
			return nil, se
		}
		return nil, &switchboard.SendError{Code: "unreachable", Reason: "The integration's URL did not answer.", Retryable: true, Err: err}
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		// The reason (which agents read) and the job's error (which admins read) say the status,
		// never what answered: whatever serves the URL may not be the integration.
		e := &switchboard.SendError{Code: "http_" + strconv.Itoa(res.StatusCode), Retryable: backoff.Retryable(res.StatusCode),
			Reason: fmt.Sprintf("The integration answered %d %s.", res.StatusCode, http.StatusText(res.StatusCode))}
		if d, ok := backoff.RetryAfter(res.Header, now()); ok {
			e.RetryAfter = d
		}
		return nil, e
	}
	var a Answer
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &a); err != nil {
			var syn *json.SyntaxError
			if !errors.As(err, &syn) {
				return nil, &switchboard.SendError{Code: "bad_answer", Reason: "The integration's answer is not the expected JSON.", Err: err}
			}
		}
	}
	return &switchboard.Sent{ProviderID: a.ProviderID, Status: switchboard.MessageSent}, nil
}
