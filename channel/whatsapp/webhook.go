// Package whatsapp is the WhatsApp Business Platform (Cloud API) channel. This file reads what
// Meta POSTs to our webhook: the verification handshake, the X-Hub-Signature-256 check over the
// raw body, and the envelope of messages and delivery statuses, parsed into plain values the
// inbound pipeline turns into conversations. The wire format is described in
// shared/channels/whatsapp-cloud.md.
package whatsapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries "sha256=<hex HMAC-SHA256 of the raw body, keyed by the app secret>".
const SignatureHeader = "X-Hub-Signature-256"

// The errors of VerifySignature.
var (
	ErrNoSignature  = errors.New("whatsapp: the request is not signed")
	ErrBadSignature = errors.New("whatsapp: the signature does not match the body")
)

// VerifySignature checks the X-Hub-Signature-256 header against the raw body, in constant time.
func VerifySignature(appSecret, header string, body []byte) error {
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(header), "sha256=")
	if !ok || hexSig == "" {
		return ErrNoSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return ErrBadSignature
	}
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write(body)
	if !hmac.Equal(got, m.Sum(nil)) {
		return ErrBadSignature
	}
	return nil
}

// Sign returns the X-Hub-Signature-256 value for body, as Meta computes it (for the emulator and
// tests).
func Sign(appSecret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Handshake answers Meta's verification GET: it returns the challenge to echo back when the mode
// is "subscribe" and the verify token matches (compared in constant time), else false.
func Handshake(q url.Values, verifyToken string) (string, bool) {
	if q.Get("hub.mode") != "subscribe" || verifyToken == "" ||
		!hmac.Equal([]byte(q.Get("hub.verify_token")), []byte(verifyToken)) {
		return "", false
	}
	return q.Get("hub.challenge"), true
}

// Media is a file a customer sent; its bytes are fetched by id with the access token.
type Media struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
	Voice    bool   `json:"voice"`    // an audio recorded as a voice note
	Animated bool   `json:"animated"` // a sticker that moves
	URL      string `json:"url"`      // only on newer webhook versions
}

// Location is a place a customer shared.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name"`
	Address   string  `json:"address"`
	URL       string  `json:"url"`
}

// Error is an error Meta reports, on a message, a status or the account.
type Error struct {
	Code    int    `json:"code"`
	Title   string `json:"title"`
	Message string `json:"message"`
	Details string `json:"details"`
}

// Message is one message a customer sent (or, for echoes, one the business sent from its app).
type Message struct {
	PhoneNumberID string // the business number it reached
	From          string // the customer's wa_id
	To            string // for echoes: the customer the business wrote to
	ContactName   string // the customer's profile name, when Meta gives it
	ID            string // wamid
	Time          time.Time
	Type          string // text, image, audio, video, document, sticker, location, contacts, interactive, button, reaction, order, system, request_welcome, unsupported
	Text          string // text body, a caption, a reply's title, a button's text, a system notice
	ReplyTo       string // the wamid this message answers (context.id)
	Forwarded     bool
	Media         *Media
	Location      *Location
	Reaction      *Reaction
	// Choice is the id of the button or list row a customer picked (interactive and button).
	Choice string
	// Contacts holds shared contact cards as Meta sent them.
	Contacts json.RawMessage
	Errors   []Error
	Echo     bool // sent by the business from the WhatsApp Business app
	// Unreadable marks a message whose entry did not have the documented shape: only its
	// sender, id, time and type were read.
	Unreadable bool
}

// Reaction adds an emoji to one of our messages, or removes it when Emoji is "".
type Reaction struct {
	MessageID string
	Emoji     string
}

// Status reports how far a message we sent got: sent, delivered, read or failed.
type Status struct {
	PhoneNumberID string
	ID            string // our wamid
	Status        string
	Time          time.Time
	RecipientID   string
	Errors        []Error
	// Callback is the biz_opaque_callback_data the send set: Switchboard's message id.
	Callback string
}

// Batch is everything one webhook POST carries.
type Batch struct {
	Messages []*Message
	Statuses []*Status
	// Errors are account- or app-level errors, with no message attached.
	Errors []Error
}

// wire types: the envelope as Meta sends it.
type (
	wireError struct {
		Code      int    `json:"code"`
		Title     string `json:"title"`
		Message   string `json:"message"`
		ErrorData struct {
			Details string `json:"details"`
		} `json:"error_data"`
	}
	wireMessage struct {
		From      string `json:"from"`
		To        string `json:"to"`
		ID        string `json:"id"`
		Timestamp string `json:"timestamp"`
		Type      string `json:"type"`
		Context   *struct {
			ID        string `json:"id"`
			Forwarded bool   `json:"forwarded"`
		} `json:"context"`
		Text *struct {
			Body string `json:"body"`
		} `json:"text"`
		Image    *Media          `json:"image"`
		Video    *Media          `json:"video"`
		Audio    *Media          `json:"audio"`
		Document *Media          `json:"document"`
		Sticker  *Media          `json:"sticker"`
		Location *Location       `json:"location"`
		Contacts json.RawMessage `json:"contacts"`
		Reaction *struct {
			MessageID string `json:"message_id"`
			Emoji     string `json:"emoji"`
		} `json:"reaction"`
		Interactive *struct {
			Type        string `json:"type"`
			ButtonReply *struct {
				ID    string `json:"id"`
				Title string `json:"title"`
			} `json:"button_reply"`
			ListReply *struct {
				ID    string `json:"id"`
				Title string `json:"title"`
			} `json:"list_reply"`
			NFMReply *struct {
				Body string `json:"body"`
			} `json:"nfm_reply"`
		} `json:"interactive"`
		Button *struct {
			Payload string `json:"payload"`
			Text    string `json:"text"`
		} `json:"button"`
		Order *struct {
			Text string `json:"text"`
		} `json:"order"`
		System *struct {
			Body string `json:"body"`
		} `json:"system"`
		Errors []wireError `json:"errors"`
	}
	// wireValue is a change's value, each of its parts read on its own (see entries): one entry
	// Meta writes in a shape we do not expect must not cost the others.
	wireValue struct {
		Metadata json.RawMessage `json:"metadata"`
		Contacts json.RawMessage `json:"contacts"`
		Messages json.RawMessage `json:"messages"`
		Echoes   json.RawMessage `json:"message_echoes"`
		Statuses json.RawMessage `json:"statuses"`
		Errors   json.RawMessage `json:"errors"`
	}
	wireMetadata struct {
		PhoneNumberID string `json:"phone_number_id"`
	}
	wireContact struct {
		Profile struct {
			Name string `json:"name"`
		} `json:"profile"`
		WaID string `json:"wa_id"`
	}
	wireStatus struct {
		ID          string      `json:"id"`
		Status      string      `json:"status"`
		Timestamp   string      `json:"timestamp"`
		RecipientID string      `json:"recipient_id"`
		Errors      []wireError `json:"errors"`
		Callback    string      `json:"biz_opaque_callback_data"`
	}
	wireEnvelope struct {
		Object string `json:"object"`
		Entry  []struct {
			Changes []struct {
				Field string    `json:"field"`
				Value wireValue `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
)

// ErrNotWhatsApp is returned by Parse for a body that is not a WhatsApp Business Account webhook.
var ErrNotWhatsApp = errors.New("whatsapp: not a whatsapp_business_account webhook")

// Parse reads a webhook body. Fields other than messages and echoes (template status, account
// updates, …) are skipped; unknown message types are kept with their type, so the inbox can show
// that something arrived it cannot display, and so is a message whose entry does not have the
// documented shape, as far as its sender and id can be read (a status of that kind is left out:
// it is no message). Only a body that is not a webhook's envelope is refused.
func Parse(body []byte) (*Batch, error) {
	var env wireEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	if env.Object != "whatsapp_business_account" {
		return nil, ErrNotWhatsApp
	}
	b := &Batch{}
	for _, e := range env.Entry {
		for _, ch := range e.Changes {
			v := ch.Value
			var meta wireMetadata
			_ = json.Unmarshal(v.Metadata, &meta)
			switch ch.Field {
			case "messages":
				names := map[string]string{}
				for _, c := range entries[wireContact](v.Contacts) {
					names[c.WaID] = c.Profile.Name
				}
				for _, raw := range entries[json.RawMessage](v.Messages) {
					if m := messageOf(raw, meta.PhoneNumberID); m != nil {
						m.ContactName = names[m.From]
						b.Messages = append(b.Messages, m)
					}
				}
				for _, raw := range entries[json.RawMessage](v.Statuses) {
					var ws wireStatus
					if json.Unmarshal(raw, &ws) != nil {
						continue
					}
					b.Statuses = append(b.Statuses, &Status{PhoneNumberID: meta.PhoneNumberID, ID: ws.ID, Status: ws.Status,
						Time: unix(ws.Timestamp), RecipientID: ws.RecipientID, Errors: errorsOf(ws.Errors), Callback: ws.Callback})
				}
				b.Errors = append(b.Errors, errorsOf(entries[wireError](v.Errors))...)
			case "smb_message_echoes":
				for _, raw := range entries[json.RawMessage](v.Echoes) {
					if m := messageOf(raw, meta.PhoneNumberID); m != nil {
						m.Echo = true
						b.Messages = append(b.Messages, m)
					}
				}
			}
		}
	}
	return b, nil
}

// entries reads a JSON array entry by entry, leaving out those that do not decode into T.
func entries[T any](raw json.RawMessage) []T {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	out := make([]T, 0, len(list))
	for _, e := range list {
		var v T
		if json.Unmarshal(e, &v) == nil {
			out = append(out, v)
		}
	}
	return out
}

// messageOf reads one message of a webhook. One whose entry does not have the documented shape
// (a field of another type) keeps what can be read of it (its sender, id, time and type) and is
// marked Unreadable, so the thread shows that something arrived; nil when not even its sender
// and id can be read.
func messageOf(raw json.RawMessage, phoneNumberID string) *Message {
	var wm wireMessage
	if err := json.Unmarshal(raw, &wm); err == nil {
		return convert(wm, phoneNumberID)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return nil
	}
	str := func(k string) string {
		var s string
		if json.Unmarshal(fields[k], &s) != nil {
			var n json.Number
			if json.Unmarshal(fields[k], &n) == nil {
				s = n.String()
			}
		}
		return s
	}
	m := &Message{PhoneNumberID: phoneNumberID, From: str("from"), To: str("to"), ID: str("id"), Time: unix(str("timestamp")),
		Type: str("type"), Unreadable: true}
	if m.ID == "" || (m.From == "" && m.To == "") {
		return nil
	}
	return m
}

func convert(w wireMessage, phoneNumberID string) *Message {
	m := &Message{PhoneNumberID: phoneNumberID, From: w.From, To: w.To, ID: w.ID, Time: unix(w.Timestamp), Type: w.Type,
		Contacts: w.Contacts, Errors: errorsOf(w.Errors)}
	if w.Context != nil {
		m.ReplyTo, m.Forwarded = w.Context.ID, w.Context.Forwarded
	}
	for _, media := range []*Media{w.Image, w.Video, w.Audio, w.Document, w.Sticker} {
		if media != nil {
			m.Media, m.Text = media, media.Caption
		}
	}
	switch {
	case w.Text != nil:
		m.Text = w.Text.Body
	case w.Location != nil:
		m.Location = w.Location
	case w.Reaction != nil:
		m.Reaction = &Reaction{MessageID: w.Reaction.MessageID, Emoji: w.Reaction.Emoji}
	case w.Interactive != nil:
		switch {
		case w.Interactive.ButtonReply != nil:
			m.Choice, m.Text = w.Interactive.ButtonReply.ID, w.Interactive.ButtonReply.Title
		case w.Interactive.ListReply != nil:
			m.Choice, m.Text = w.Interactive.ListReply.ID, w.Interactive.ListReply.Title
		case w.Interactive.NFMReply != nil:
			m.Text = w.Interactive.NFMReply.Body
		}
	case w.Button != nil:
		m.Choice, m.Text = w.Button.Payload, w.Button.Text
	case w.Order != nil:
		m.Text = w.Order.Text
	case w.System != nil:
		m.Text = w.System.Body
	}
	return m
}

func errorsOf(ws []wireError) []Error {
	out := make([]Error, 0, len(ws))
	for _, w := range ws {
		out = append(out, Error{Code: w.Code, Title: w.Title, Message: w.Message, Details: w.ErrorData.Details})
	}
	return out
}

// unix reads Meta's timestamps: Unix seconds as a string. A missing or bad one is the zero time.
func unix(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}
