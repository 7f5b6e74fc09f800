// Package messenger is the Facebook Messenger channel (Meta's Messenger Platform: page webhooks
// and the Send API). This file reads what Meta POSTs: the signature over the raw body (both
// headers Meta sends) and the envelope of messaging events, parsed into plain values. The wire
// format is in shared/channels/messenger-instagram.md; Instagram's direct messages share most of
// it, so the parsing is written to take an Instagram object later (Object).
package messenger

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash"
	"strings"
	"time"
)

// The signature headers: SHA-256 (checked when present) and Meta's legacy SHA-1.
const (
	SignatureHeader       = "X-Hub-Signature-256"
	LegacySignatureHeader = "X-Hub-Signature"
)

// The errors of VerifySignature.
var (
	ErrNoSignature  = errors.New("messenger: the request is not signed")
	ErrBadSignature = errors.New("messenger: the signature does not match the body")
)

// VerifySignature checks a webhook's signature on its raw body, in constant time: the SHA-256
// header when there is one, else the legacy SHA-1 one.
func VerifySignature(appSecret, sha256Header, sha1Header string, body []byte) error {
	prefix, header, h := "sha256=", sha256Header, sha256.New
	if strings.TrimSpace(header) == "" {
		prefix, header, h = "sha1=", sha1Header, sha1.New
	}
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(header), prefix)
	if !ok || hexSig == "" {
		return ErrNoSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || !hmac.Equal(got, mac(h, appSecret, body)) {
		return ErrBadSignature
	}
	return nil
}

func mac(h func() hash.Hash, secret string, body []byte) []byte {
	m := hmac.New(h, []byte(secret))
	m.Write(body)
	return m.Sum(nil)
}

// Sign returns both signature header values for body, as Meta computes them (for the emulator
// and tests).
func Sign(appSecret string, body []byte) (sha256Value, sha1Value string) {
	return "sha256=" + hex.EncodeToString(mac(sha256.New, appSecret, body)), "sha1=" + hex.EncodeToString(mac(sha1.New, appSecret, body))
}

// Attachment is a file (or another attachment kind) of a message.
type Attachment struct {
	Type    string `json:"type"` // image, video, audio, file, fallback, template, location, …
	Payload struct {
		URL   string `json:"url"`
		Title string `json:"title"`
	} `json:"payload"`
}

// Message is a messaging event's message: a customer's, or an echo of the page's.
type Message struct {
	MID         string       `json:"mid"`
	Text        string       `json:"text"`
	Attachments []Attachment `json:"attachments"`
	QuickReply  *struct {
		Payload string `json:"payload"`
	} `json:"quick_reply"`
	ReplyTo *struct {
		MID   string    `json:"mid"`
		Story *struct { // Instagram: the message answers the business's story
			URL string `json:"url"`
			ID  string `json:"id"`
		} `json:"story"`
	} `json:"reply_to"`
	// Instagram: the customer unsent the message named by MID; its content is not available.
	IsDeleted     bool        `json:"is_deleted"`
	IsUnsupported bool        `json:"is_unsupported"`
	Referral      *Referral   `json:"referral"`
	IsEcho        bool        `json:"is_echo"`
	AppID         json.Number `json:"app_id"`
	Metadata      string      `json:"metadata"`
}

// Referral is the ad, m.me link or plugin that started (or re-entered) the thread.
type Referral struct {
	Ref    string `json:"ref"`
	Source string `json:"source"` // ADS, SHORTLINK, CUSTOMER_CHAT_PLUGIN, …
	Type   string `json:"type"`
	AdID   string `json:"ad_id"`
}

// Event is one entry of entry[].messaging (or entry[].standby): which of its parts is set says
// its kind.
type Event struct {
	PageID    string // the entry's id
	Sender    string
	Recipient string
	Time      time.Time
	Standby   bool // another app owned the thread (handover protocol)
	Message   *Message
	Delivery  *struct {
		MIDs      []string `json:"mids"`
		Watermark int64    `json:"watermark"`
	}
	Read *struct {
		Watermark int64  `json:"watermark"`
		MID       string `json:"mid"` // Instagram's per-message read
	}
	Reaction *struct {
		MID      string `json:"mid"`
		Action   string `json:"action"` // react or unreact
		Reaction string `json:"reaction"`
		Emoji    string `json:"emoji"`
	}
	Postback *struct {
		Title    string    `json:"title"`
		Payload  string    `json:"payload"`
		MID      string    `json:"mid"`
		Referral *Referral `json:"referral"`
	}
	Referral *Referral
	Edit     *struct {
		MID     string `json:"mid"`
		Text    string `json:"text"`
		NumEdit int    `json:"num_edit"`
	}
}

type wireEvent struct {
	Sender    struct{ ID string } `json:"sender"`
	Recipient struct{ ID string } `json:"recipient"`
	Timestamp int64               `json:"timestamp"`
	Message   *Message            `json:"message"`
	Delivery  json.RawMessage     `json:"delivery"`
	Read      json.RawMessage     `json:"read"`
	Reaction  json.RawMessage     `json:"reaction"`
	Postback  json.RawMessage     `json:"postback"`
	Referral  *Referral           `json:"referral"`
	Edit      json.RawMessage     `json:"message_edit"`
}

type wireEnvelope struct {
	Object string `json:"object"`
	Entry  []struct {
		ID        string            `json:"id"`
		Messaging []json.RawMessage `json:"messaging"`
		Standby   []json.RawMessage `json:"standby"`
	} `json:"entry"`
}

// ErrNotPage is returned by Parse for a body that is not a page webhook.
var ErrNotPage = errors.New("messenger: not a page webhook")

// Object is the webhook object Messenger's events come under ("instagram" for Instagram's).
const Object = "page"

// Parse reads a webhook body of the given object into its messaging events. An event that does
// not decode is left out (the raw webhook is kept by the store); changes (comments, feed) are
// not read here.
func Parse(body []byte, object string) ([]*Event, error) {
	var env wireEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	if env.Object != object {
		return nil, ErrNotPage
	}
	var out []*Event
	for _, e := range env.Entry {
		for i, list := range [][]json.RawMessage{e.Messaging, e.Standby} {
			for _, raw := range list {
				var w wireEvent
				if json.Unmarshal(raw, &w) != nil {
					continue
				}
				ev := &Event{PageID: e.ID, Sender: w.Sender.ID, Recipient: w.Recipient.ID, Time: millis(w.Timestamp), Standby: i == 1,
					Message: w.Message, Referral: w.Referral}
				part(w.Delivery, &ev.Delivery)
				part(w.Read, &ev.Read)
				part(w.Reaction, &ev.Reaction)
				part(w.Postback, &ev.Postback)
				part(w.Edit, &ev.Edit)
				out = append(out, ev)
			}
		}
	}
	return out, nil
}

// part decodes one optional part of an event, leaving it nil when absent or malformed.
func part[T any](raw json.RawMessage, into **T) {
	if len(raw) == 0 || string(raw) == "null" {
		return
	}
	var v T
	if json.Unmarshal(raw, &v) == nil {
		*into = &v
	}
}

// millis reads Meta's messaging timestamps: Unix milliseconds. Zero is the zero time.
func millis(ms int64) time.Time {
	if ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
