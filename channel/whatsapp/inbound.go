package whatsapp

import (
	"cmp"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// ReadWebhook answers Meta's verification handshake (GET) and reads its signed POSTs into a
// batch: customers' messages of every kind, echoes of what the business wrote from its app,
// delivery statuses and reactions. Messages for another phone number of the same app are left
// out: they belong to that number's inbox.
func (c *Connector) ReadWebhook(inbox *switchboard.Inbox, secrets map[string]string, req *switchboard.ProviderRequest) (*switchboard.InboundBatch, *switchboard.ProviderResponse, error) {
	if req.Method == http.MethodGet {
		challenge, ok := Handshake(req.URL.Query(), secrets[SecretVerifyToken])
		if !ok {
			return nil, nil, switchboard.Errorf(switchboard.EFORBIDDEN, "The verify token does not match this inbox's.")
		}
		return nil, &switchboard.ProviderResponse{Status: http.StatusOK, ContentType: "text/plain; charset=utf-8", Body: []byte(challenge)}, nil
	}
	if secrets[SecretAppSecret] == "" {
		return nil, nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "This inbox has no app secret to check webhooks with.")
	}
	if err := VerifySignature(secrets[SecretAppSecret], req.Header.Get(SignatureHeader), req.Body); err != nil {
		return nil, nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "The webhook's X-Hub-Signature-256 does not match its body.")
	}
	parsed, err := Parse(req.Body)
	if err != nil {
		return nil, nil, switchboard.Errorf(switchboard.EINVALID, "The webhook is not a WhatsApp Business Account notification.")
	}
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, nil, err
	}
	b := &switchboard.InboundBatch{InboxID: inbox.ID, Raw: req.Body}
	mine := func(pnid string) bool { return pnid == "" || s.PhoneNumberID == "" || pnid == s.PhoneNumberID }
	for _, m := range parsed.Messages {
		if !mine(m.PhoneNumberID) {
			continue
		}
		if m.Reaction != nil {
			b.Reactions = append(b.Reactions, &switchboard.InboundReaction{From: m.From, ContactName: m.ContactName,
				TargetProviderID: m.Reaction.MessageID, Emoji: m.Reaction.Emoji, SentAt: m.Time})
			continue
		}
		if in := inboundOf(m); in != nil {
			b.Messages = append(b.Messages, in)
		}
	}
	for _, st := range parsed.Statuses {
		if !mine(st.PhoneNumberID) {
			continue
		}
		if r := statusOf(st); r != nil {
			b.Statuses = append(b.Statuses, r)
		}
	}
	return b, &switchboard.ProviderResponse{Status: http.StatusOK}, nil
}

// inboundOf turns a parsed message into what the store records, or nil for notices that are
// not messages (a chat opened for the first time).
func inboundOf(m *Message) *switchboard.InboundMessage {
	in := &switchboard.InboundMessage{From: m.From, ContactName: m.ContactName, ProviderID: m.ID, Text: m.Text,
		ReplyToProviderID: m.ReplyTo, SentAt: m.Time, Echo: m.Echo}
	if m.Echo {
		in.From, in.ContactName = m.To, ""
	}
	content := &switchboard.MessageContent{Choice: m.Choice, Forwarded: m.Forwarded}
	switch {
	case m.Type == "request_welcome":
		return nil
	case m.Media != nil:
		kind := m.Type
		if kind != "sticker" {
			kind = switchboard.AttachmentKind(m.Media.MimeType)
		}
		in.Attachments = []*switchboard.Attachment{{Kind: kind, ContentType: m.Media.MimeType, Filename: mediaName(m.Media, kind),
			SHA256: m.Media.SHA256, Source: MediaSourcePrefix + m.Media.ID}}
		content.Voice = m.Type == "audio" && m.Media.Voice
	case m.Location != nil:
		l := m.Location
		place := switchboard.Location{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address}
		in.Attachments = []*switchboard.Attachment{place.Attachment()}
	case m.Type == "contacts":
		content.Contacts = cardsOf(m.Contacts)
		in.Text = switchboard.CardsText(content.Contacts)
	case m.Unreadable:
		content.Unsupported = cmp.Or(m.Type, "unknown")
		content.Unreadable = "Its entry in WhatsApp's webhook does not have the documented shape: the raw webhook is kept in provider_payloads."
	case m.Type == "unsupported" || (in.Text == "" && m.Type != "text"):
		content.Unsupported = m.Type
		if m.Type == "unsupported" && len(m.Errors) > 0 && m.Errors[0].Details != "" {
			content.Unsupported = m.Errors[0].Details
		}
	}
	if !content.Empty() {
		in.Content = content
	}
	if in.Text == "" && len(in.Attachments) == 0 && in.Content == nil {
		in.Content = &switchboard.MessageContent{Unsupported: m.Type}
	}
	return in
}

// mediaName is a file's name as the customer sent it, else its kind with the extension of its
// type ("image.jpg"): WhatsApp names documents only.
func mediaName(m *Media, kind string) string {
	if name := switchboard.CleanFilename(m.Filename); m.Filename != "" && name != "" {
		return name
	}
	if exts, _ := mime.ExtensionsByType(m.MimeType); len(exts) > 0 {
		ext := exts[0]
		for _, e := range exts {
			if e == ".jpg" || e == ".png" || e == ".pdf" || e == ".mp4" || e == ".ogg" || e == ".webp" {
				ext = e
			}
		}
		return kind + ext
	}
	return kind
}

// cardsOf reads shared contact cards as Meta sends them (§1.4 contacts).
func cardsOf(raw json.RawMessage) []*switchboard.ContactCard {
	type field struct {
		Phone string `json:"phone"`
		Email string `json:"email"`
		URL   string `json:"url"`
		WaID  string `json:"wa_id"`
		Type  string `json:"type"`
	}
	var wire []struct {
		Name struct {
			FormattedName string `json:"formatted_name"`
			FirstName     string `json:"first_name"`
			LastName      string `json:"last_name"`
		} `json:"name"`
		Phones []field `json:"phones"`
		Emails []field `json:"emails"`
		URLs   []field `json:"urls"`
		Org    struct {
			Company    string `json:"company"`
			Department string `json:"department"`
			Title      string `json:"title"`
		} `json:"org"`
		Addresses []switchboard.CardAddress `json:"addresses"`
		Birthday  string                    `json:"birthday"`
	}
	_ = json.Unmarshal(raw, &wire)
	cards := make([]*switchboard.ContactCard, 0, len(wire))
	for _, w := range wire {
		c := &switchboard.ContactCard{Name: w.Name.FormattedName, Organization: w.Org.Company, Department: w.Org.Department,
			Title: w.Org.Title, Addresses: w.Addresses, Birthday: w.Birthday}
		if c.Name == "" {
			c.Name = strings.TrimSpace(w.Name.FirstName + " " + w.Name.LastName)
		}
		for _, p := range w.Phones {
			c.Phones = append(c.Phones, switchboard.CardField{Value: p.Phone, Type: p.Type, WaID: p.WaID})
		}
		for _, e := range w.Emails {
			c.Emails = append(c.Emails, switchboard.CardField{Value: e.Email, Type: e.Type})
		}
		for _, u := range w.URLs {
			c.URLs = append(c.URLs, switchboard.CardField{Value: u.URL, Type: u.Type})
		}
		cards = append(cards, c)
	}
	return switchboard.CleanCards(cards)
}

// statusOf turns a status notification into a delivery report; warnings and deletions, which
// say nothing of delivery, are left out.
func statusOf(st *Status) *switchboard.StatusReport {
	r := &switchboard.StatusReport{ProviderID: st.ID}
	switch st.Status {
	case "sent":
		r.Status = switchboard.MessageSent
	case "delivered":
		r.Status = switchboard.MessageDelivered
	case "read":
		r.Status = switchboard.MessageRead
	case "failed":
		r.Status = switchboard.MessageFailed
		r.ErrorCode, r.ErrorReason = switchboard.FailProvider, "WhatsApp could not deliver the message."
		if len(st.Errors) > 0 {
			e := st.Errors[0]
			se := classify(e.Code, 0, e.Details, firstOf(e.Message, e.Title))
			r.ErrorCode, r.ErrorReason = se.Code, se.Reason
		}
	default:
		return nil
	}
	if id, ok := strings.CutPrefix(st.Callback, CallbackPrefix); ok {
		r.MessageID, _ = strconv.ParseInt(id, 10, 64)
	}
	return r
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
