package twilio

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// emptyTwiML answers an incoming message without an automatic reply.
const emptyTwiML = `<?xml version="1.0" encoding="UTF-8"?><Response></Response>`

// ReadWebhook checks a Twilio request's X-Twilio-Signature (over the inbox's configured webhook
// URL when it has one, else the URL as received) and reads it: an incoming message, or a status
// callback for one of ours.
func (c *Connector) ReadWebhook(inbox *switchboard.Inbox, secrets map[string]string, req *switchboard.ProviderRequest) (*switchboard.InboundBatch, *switchboard.ProviderResponse, error) {
	if req.Method != http.MethodPost {
		return nil, nil, switchboard.Errorf(switchboard.EINVALID, "Configure Twilio to POST to this URL.")
	}
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, nil, err
	}
	params, err := url.ParseQuery(string(req.Body))
	if err != nil {
		return nil, nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "The webhook's body is not a form Twilio signed.")
	}
	signed := req.URL.String()
	if s.WebhookURL != "" {
		signed = s.WebhookURL
		if req.URL.RawQuery != "" {
			signed += "?" + req.URL.RawQuery
		}
	}
	if err := VerifySignature(secrets[SecretAuthToken], signed, params, req.Header.Get(SignatureHeader)); err != nil {
		return nil, nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "The webhook's X-Twilio-Signature does not match.")
	}
	b := &switchboard.InboundBatch{InboxID: inbox.ID, Raw: req.Body}
	ok := &switchboard.ProviderResponse{Status: http.StatusOK, ContentType: "text/xml; charset=utf-8", Body: []byte(emptyTwiML)}
	if status := params.Get("MessageStatus"); status != "" && status != "received" && params.Get("SmsStatus") != "received" {
		if r := statusOf(params, req.URL.Query().Get("sb")); r != nil {
			b.Statuses = append(b.Statuses, r)
		}
		return b, ok, nil
	}
	if in := inboundOf(params); in != nil {
		if !c.whatsapp() {
			in.Consent = consentOf(params.Get("OptOutType"))
		}
		b.Messages = append(b.Messages, in)
	}
	return b, ok, nil
}

// inboundOf reads an incoming message's parameters (§1).
func inboundOf(p url.Values) *switchboard.InboundMessage {
	in := &switchboard.InboundMessage{From: p.Get("From"), ContactName: p.Get("ProfileName"), ProviderID: p.Get("MessageSid"),
		Text: p.Get("Body"), ReplyToProviderID: p.Get("OriginalRepliedMessageSid")}
	if in.ProviderID == "" {
		in.ProviderID = p.Get("SmsMessageSid")
	}
	content := &switchboard.MessageContent{Choice: p.Get("ButtonPayload"), Forwarded: p.Get("Forwarded") == "true"}
	// What cannot be read is said, not left out: a file without an address, a place without
	// coordinates.
	n, _ := strconv.Atoi(p.Get("NumMedia"))
	for i := 0; i < n && i < 10; i++ {
		u, ct := p.Get(fmt.Sprintf("MediaUrl%d", i)), p.Get(fmt.Sprintf("MediaContentType%d", i))
		if u == "" {
			content.Unsupported = switchboard.AttachmentKind(ct)
			content.Unreadable = "Twilio gave no address for one of the message's files."
			continue
		}
		in.Attachments = append(in.Attachments, &switchboard.Attachment{Kind: switchboard.AttachmentKind(ct), ContentType: ct, Source: MediaSourcePrefix + u})
	}
	if lat, lon := p.Get("Latitude"), p.Get("Longitude"); lat != "" || lon != "" {
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(lon, 64)
		place := switchboard.Location{Latitude: la, Longitude: lo, Name: p.Get("Label"), Address: p.Get("Address")}
		if err1 == nil && err2 == nil && place.Validate() == nil {
			in.Attachments = append(in.Attachments, place.Attachment())
		} else {
			content.Unsupported = "location"
			content.Unreadable = "The location's coordinates could not be read."
		}
	}
	if in.Text == "" && p.Get("ButtonText") != "" {
		in.Text = p.Get("ButtonText")
	}
	if in.Text == "" && len(in.Attachments) == 0 {
		content.Unsupported = p.Get("MessageType")
		if content.Unsupported == "" {
			content.Unsupported = "empty"
		}
	}
	if !content.Empty() {
		in.Content = content
	}
	return in
}

// consentOf reads the OptOutType Twilio adds to a keyword message when the number's Messaging
// Service has Advanced Opt-Out, whose keywords the business may have changed: it says, better
// than the default words, what Twilio did. HELP changes nothing.
func consentOf(optOutType string) switchboard.Consent {
	switch strings.ToUpper(optOutType) {
	case "STOP":
		return switchboard.ConsentOptOut
	case "START":
		return switchboard.ConsentOptIn
	}
	return ""
}

// statusOf reads a status callback (§1.2); ref is Switchboard's message id from the callback
// URL's query.
func statusOf(p url.Values, ref string) *switchboard.StatusReport {
	r := &switchboard.StatusReport{ProviderID: p.Get("MessageSid")}
	r.MessageID, _ = strconv.ParseInt(ref, 10, 64)
	switch p.Get("MessageStatus") {
	case "accepted", "scheduled", "queued", "sending":
		r.Status = switchboard.MessageAccepted
	case "sent":
		r.Status = switchboard.MessageSent
	case "delivered":
		r.Status = switchboard.MessageDelivered
	case "read":
		r.Status = switchboard.MessageRead
	case "undelivered", "failed":
		code, _ := strconv.Atoi(p.Get("ErrorCode"))
		msg := p.Get("ErrorMessage")
		if msg == "" {
			msg = p.Get("ChannelStatusMessage")
		}
		if msg == "" {
			msg = "The message was not delivered."
		}
		se := classify(code, 0, msg)
		r.Status, r.ErrorCode, r.ErrorReason = switchboard.MessageFailed, se.Code, se.Reason
	default:
		return nil
	}
	return r
}
