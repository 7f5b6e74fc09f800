package messenger

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/whatsapp"
)

// ReadWebhook answers Meta's verification handshake (GET) and reads its signed POSTs into a
// batch: customers' messages (text, files, quick-reply and postback taps, replies), reactions,
// deliveries and reads by watermark, comments under the Page's posts (comments.go), and echoes:
// the page's own sends through Switchboard confirm their message (named by the metadata they
// carried, even when the echo outruns the send's answer); anything else the page sent from
// Meta's apps is recorded as an external agent's.
// Events of another page of the same app are left out: they belong to that page's inbox.
func (c *Connector) ReadWebhook(inbox *switchboard.Inbox, secrets map[string]string, req *switchboard.ProviderRequest) (*switchboard.InboundBatch, *switchboard.ProviderResponse, error) {
	if res, err := Check(secrets, req); res != nil || err != nil {
		return nil, res, err
	}
	events, err := Parse(req.Body, Object)
	if err != nil {
		return nil, nil, switchboard.Errorf(switchboard.EINVALID, "The webhook is not a Messenger page notification.")
	}
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, nil, err
	}
	b := &switchboard.InboundBatch{InboxID: inbox.ID, Raw: req.Body}
	for _, ev := range events {
		if ev.PageID != "" && s.PageID != "" && ev.PageID != s.PageID {
			continue
		}
		Read(b, s, ev)
	}
	changes, _ := ParseChanges(req.Body, Object) // the body was read as a page webhook above
	readFeed(b, s, changes)
	return b, &switchboard.ProviderResponse{Status: http.StatusOK}, nil
}

// Check is what Messenger's and Instagram's webhooks share before their events are read: the
// answer to Meta's verification handshake (GET), or the refusal of a POST whose signature does
// not match its raw body; both nil for a signed POST.
func Check(secrets map[string]string, req *switchboard.ProviderRequest) (*switchboard.ProviderResponse, error) {
	if req.Method == http.MethodGet {
		challenge, ok := whatsapp.Handshake(req.URL.Query(), secrets[SecretVerifyToken])
		if !ok {
			return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "The verify token does not match this inbox's.")
		}
		return &switchboard.ProviderResponse{Status: http.StatusOK, ContentType: "text/plain; charset=utf-8", Body: []byte(challenge)}, nil
	}
	if secrets[SecretAppSecret] == "" {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "This inbox has no app secret to check webhooks with.")
	}
	if err := VerifySignature(secrets[SecretAppSecret], req.Header.Get(SignatureHeader), req.Header.Get(LegacySignatureHeader), req.Body); err != nil {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "The webhook's X-Hub-Signature-256 does not match its body.")
	}
	return nil, nil
}

// Read adds one messaging event to the batch (Instagram's connector reads the events it shares
// with Messenger through it).
func Read(b *switchboard.InboundBatch, s *Settings, ev *Event) {
	switch {
	case ev.Message != nil && ev.Message.IsEcho:
		readEcho(b, s, ev)
	case ev.Message != nil:
		referral(b, ev, ev.Message.Referral, ev.Message.MID)
		b.Messages = append(b.Messages, inboundOf(ev.Sender, ev))
	case ev.Postback != nil:
		p := ev.Postback
		referral(b, ev, p.Referral, p.MID)
		id := p.MID
		if id == "" { // older postbacks carry no mid: the sender and time name it
			id = "postback:" + ev.Sender + ":" + strconv.FormatInt(ev.Time.UnixMilli(), 10)
		}
		b.Messages = append(b.Messages, &switchboard.InboundMessage{From: ev.Sender, ContactName: ContactName(ev.Sender), ProviderID: id, Text: firstOf(p.Title, p.Payload),
			SentAt: ev.Time, Content: &switchboard.MessageContent{Choice: p.Payload}})
	case ev.Reaction != nil:
		emoji := ev.Reaction.Emoji
		if ev.Reaction.Action == "unreact" {
			emoji = ""
		} else if emoji == "" {
			emoji = reactionEmoji[ev.Reaction.Reaction]
		}
		b.Reactions = append(b.Reactions, &switchboard.InboundReaction{OpensWindow: true, From: ev.Sender, ContactName: ContactName(ev.Sender), TargetProviderID: ev.Reaction.MID, Emoji: emoji, SentAt: ev.Time})
	case ev.Delivery != nil:
		for _, mid := range ev.Delivery.MIDs {
			b.Statuses = append(b.Statuses, &switchboard.StatusReport{ProviderID: mid, Status: switchboard.MessageDelivered})
		}
		if ev.Delivery.Watermark > 0 {
			b.Statuses = append(b.Statuses, &switchboard.StatusReport{Status: switchboard.MessageDelivered, Recipient: ev.Sender,
				Watermark: millis(ev.Delivery.Watermark)})
		}
	case ev.Edit != nil:
		b.Edits = append(b.Edits, &switchboard.InboundEdit{ProviderID: ev.Edit.MID, Text: ev.Edit.Text, Count: ev.Edit.NumEdit})
	case ev.Referral != nil:
		referral(b, ev, ev.Referral, "")
	case ev.Read != nil:
		if ev.Read.MID != "" {
			b.Statuses = append(b.Statuses, &switchboard.StatusReport{ProviderID: ev.Read.MID, Status: switchboard.MessageRead})
		} else if ev.Read.Watermark > 0 {
			b.Statuses = append(b.Statuses, &switchboard.StatusReport{Status: switchboard.MessageRead, Recipient: ev.Sender,
				Watermark: millis(ev.Read.Watermark)})
		}
	}
}

// referral adds the milestone of the ad or link that opened (or reopened) the thread, named by
// the message it came with, else by the customer and its time, so a replay records it once.
func referral(b *switchboard.InboundBatch, ev *Event, r *Referral, mid string) {
	if r == nil {
		return
	}
	key := "referral:" + mid
	if mid == "" {
		key = "referral:" + ev.Sender + ":" + strconv.FormatInt(ev.Time.UnixMilli(), 10)
	}
	note := r.Ref
	if r.AdID != "" {
		note = strings.TrimSpace("ad " + r.AdID + " " + r.Ref)
	}
	text := "The customer came from " + firstOf(r.Source, "a link")
	if note != "" {
		text += " (" + note + ")"
	}
	b.Messages = append(b.Messages, &switchboard.InboundMessage{From: ev.Sender, ContactName: ContactName(ev.Sender), ProviderID: key, Text: text,
		SentAt: ev.Time, Milestone: &switchboard.Activity{Action: "referral", Source: r.Source, Note: note}})
}

// reactionEmoji is the emoji of each of Messenger's reaction names, for events that give none.
var reactionEmoji = map[string]string{"love": "\u2764\ufe0f", "like": "\U0001F44D", "dislike": "\U0001F44E", "smile": "\U0001F606",
	"wow": "\U0001F62E", "sad": "\U0001F622", "angry": "\U0001F620"}

// readEcho reads the echo of a message the page sent: Switchboard's own (named by the metadata
// it set, else by its app id) confirms its message; any other is an external agent's.
func readEcho(b *switchboard.InboundBatch, s *Settings, ev *Event) {
	m := ev.Message
	if rest, ok := strings.CutPrefix(m.Metadata, MetadataPrefix); ok {
		if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
			b.Statuses = append(b.Statuses, &switchboard.StatusReport{MessageID: id, ProviderID: m.MID, Status: switchboard.MessageSent})
		}
		return // a part of a send (the text after a file) confirms nothing more
	}
	if s.AppID != "" && m.AppID.String() == s.AppID {
		b.Statuses = append(b.Statuses, &switchboard.StatusReport{ProviderID: m.MID, Status: switchboard.MessageSent})
		return
	}
	in := inboundOf(ev.Recipient, ev)
	in.Echo = true
	b.Messages = append(b.Messages, in)
}

// inboundOf turns a message event into what the store records; from is the customer.
func inboundOf(from string, ev *Event) *switchboard.InboundMessage {
	m := ev.Message
	in := &switchboard.InboundMessage{From: from, ContactName: ContactName(from), ProviderID: m.MID, Text: m.Text, SentAt: ev.Time}
	if m.ReplyTo != nil {
		in.ReplyToProviderID = m.ReplyTo.MID
	}
	content := &switchboard.MessageContent{}
	if m.QuickReply != nil {
		content.Choice = m.QuickReply.Payload
	}
	for _, a := range m.Attachments {
		switch a.Type {
		case "image", "video", "audio", "file":
			if a.Payload.URL == "" {
				continue
			}
			kind := a.Type
			name := a.Type
			in.Attachments = append(in.Attachments, &switchboard.Attachment{Kind: kind, Filename: name, Source: MediaSourcePrefix + a.Payload.URL})
		default:
			content.Unsupported = a.Type // a template, a shared location or a link the API does not describe
		}
	}
	if len(in.Attachments) > switchboard.MaxAttachments {
		in.Attachments = in.Attachments[:switchboard.MaxAttachments]
	}
	if !content.Empty() {
		in.Content = content
	}
	if in.Text == "" && len(in.Attachments) == 0 && in.Content == nil {
		in.Content = &switchboard.MessageContent{Unsupported: "message"}
	}
	return in
}

// ContactName is what a new customer is called until an agent names them: Messenger's webhooks
// carry no name (Meta's User Profile API gives one, on permission), so the end of their
// page-scoped id tells customers apart.
func ContactName(psid string) string {
	if len(psid) > 4 {
		psid = psid[len(psid)-4:]
	}
	return "Messenger user " + psid
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
