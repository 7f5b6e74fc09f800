package messenger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// Settings is the configuration of a Messenger inbox: one Facebook Page.
type Settings struct {
	// PageID is the Facebook Page's id.
	PageID string `json:"page_id"`
	// AppID is the Meta app's id, which echoes of its own sends carry.
	AppID string `json:"app_id"`
	// HumanAgent says the app has Meta's Human Agent permission: agents may answer up to 7 days
	// after the customer's last message, with the HUMAN_AGENT tag.
	HumanAgent bool `json:"human_agent"`
	// MetaGraph is the Graph API's address and version; the emulator's in tests and demo mode.
	channel.MetaGraph
	// Simulated marks a demo inbox wired to the emulator.
	Simulated bool `json:"simulated"`
}

// The secrets of a Messenger inbox.
const (
	SecretAccessToken = "access_token" // the Page access token (pages_messaging)
	SecretAppSecret   = "app_secret"   // the Meta app's secret, which signs webhooks
	SecretVerifyToken = "verify_token" // what Meta's console sends back in the handshake
)

// Messenger's windows (§6): any message for 24 hours after the customer's last message,
// reaction or postback; human agents with the HUMAN_AGENT tag for 7 days.
const (
	Window      = 24 * time.Hour
	HumanWindow = 7 * 24 * time.Hour
)

// MetadataPrefix marks Switchboard's message id in a send's metadata, which Meta echoes back:
// the echo names its message even when it outruns the send's answer.
const MetadataPrefix = "sb:"

// MediaSourcePrefix marks an attachment's source as the file link a webhook gave.
const MediaSourcePrefix = "messenger-url:"

// Validate checks the settings.
func (s *Settings) Validate() error {
	var v switchboard.Validator
	v.Check(channel.Digits(s.PageID), "settings.page_id", "Enter the Facebook Page's id (digits), from the Page's About section.")
	v.Check(s.AppID == "" || channel.Digits(s.AppID), "settings.app_id", "Enter the Meta app's id (digits).")
	s.Check(&v)
	return v.Err()
}

func settingsOf(in *switchboard.Inbox) (*Settings, error) {
	return channel.DecodeSettings[Settings](in)
}

// Connector is the Messenger channel.
type Connector struct {
	// Client calls the Graph API and downloads files (an egress.Policy's client; nil: one of the
	// default policy).
	Client *http.Client
	// TokenClient calls Meta's token endpoints, which get the app secret: it follows no
	// redirect (an egress.Policy's Client; nil: one of the default policy).
	TokenClient *http.Client
	// Files opens a stored attachment's file, to upload it to Meta.
	Files func(ctx context.Context, key string) (io.ReadCloser, error)
	// Platform, when set, is sent with uploads as Meta's "platform" field (Instagram's connector
	// sets "instagram").
	Platform string
	// Now is the clock sends are judged against the window with (time.Now when nil).
	Now func() time.Time
	// MediaURL, when set, gives the public link Meta fetches a file from, for the files to send
	// by URL instead of uploading them (Instagram's images); "" uploads it.
	MediaURL func(out *switchboard.Outbound, a *switchboard.Attachment) string
}

func (c *Connector) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Kind is Messenger.
func (c *Connector) Kind() switchboard.ChannelKind { return switchboard.ChannelMessenger }

// CustomerWindow is 24 hours.
func (c *Connector) CustomerWindow() time.Duration { return Window }

// ExtendedWindow is 7 days for an inbox with the Human Agent permission.
func (c *Connector) ExtendedWindow(raw json.RawMessage) time.Duration {
	var s Settings
	if json.Unmarshal(raw, &s) == nil && s.HumanAgent {
		return HumanWindow
	}
	return 0
}

// Destinations: the Graph API address gets the page token with every call, and the app secret
// when the inbox is connected with Facebook Login.
func (c *Connector) Destinations(raw json.RawMessage) []switchboard.Destination {
	var s Settings
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	return []switchboard.Destination{{Field: "settings.api_base_url", URL: channel.Origin(s.Base()), Secrets: []string{SecretAccessToken, SecretAppSecret}}}
}

// ValidateSettings decodes and checks a Messenger inbox's settings.
func (c *Connector) ValidateSettings(raw json.RawMessage) error {
	var s Settings
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &s); err != nil {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "The settings are not what a Messenger inbox takes.",
				Fields: map[string]string{"settings": "Give page_id as a string and human_agent as true or false."}}
		}
	}
	return s.Validate()
}

// MediaLimits are Messenger's (§2): one file of at most 25 MB a message, text under 2000
// characters.
func (c *Connector) MediaLimits() switchboard.MediaLimits {
	return switchboard.MediaLimits{MaxBytes: 25 << 20, MaxCount: 1, MaxText: 1999,
		Types: []string{"image/jpeg", "image/png", "image/gif", "video/mp4", "video/quicktime", "audio/mpeg", "audio/mp4", "audio/aac",
			"audio/wav", "application/pdf", "text/plain", "application/zip", "application/msword",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-excel",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}
}

func (c *Connector) client() *http.Client {
	if c.Client != nil {
		return c.Client
	}
	return (*egress.Policy)(nil).ClientFollowingRedirects(30 * time.Second)
}

// product names the channel in reasons: Instagram when the connector sends for it (Platform).
func (c *Connector) product() string {
	if c.Platform == "instagram" {
		return "Instagram"
	}
	return "Messenger"
}

// call makes a Graph API request with the page token and decodes the answer into out.
func (c *Connector) call(ctx context.Context, method, u, token, contentType string, body []byte, out any) error {
	return channel.GraphCall(ctx, c.client(), c.product(), method, u, token, contentType, body, out, APIError(c.product()))
}

type (
	sendRequest struct {
		Recipient     sendRecipient  `json:"recipient"`
		MessagingType string         `json:"messaging_type,omitempty"`
		Tag           string         `json:"tag,omitempty"`
		Message       *sendMessage   `json:"message,omitempty"`
		SenderAction  string         `json:"sender_action,omitempty"`
		Payload       map[string]any `json:"payload,omitempty"`
	}
	sendRecipient struct {
		ID string `json:"id"`
	}
	sendMessage struct {
		Text       string          `json:"text,omitempty"`
		Attachment *sendAttachment `json:"attachment,omitempty"`
		ReplyTo    *sendReplyTo    `json:"reply_to,omitempty"`
		Metadata   string          `json:"metadata,omitempty"`
	}
	sendAttachment struct {
		Type    string         `json:"type"`
		Payload map[string]any `json:"payload"`
	}
	sendReplyTo struct {
		MID string `json:"mid"`
	}
	sendAnswer struct {
		RecipientID string `json:"recipient_id"`
		MessageID   string `json:"message_id"`
	}
)

// messagingType is how a send goes out: a response inside the 24-hour window, else (the store
// let it through only on an inbox with the Human Agent permission) tagged HUMAN_AGENT.
func (c *Connector) messagingType(out *switchboard.Outbound, s *Settings) (string, string) {
	if s.HumanAgent && out.WindowClosesAt != nil && !c.now().Before(*out.WindowClosesAt) {
		return "MESSAGE_TAG", "HUMAN_AGENT"
	}
	return "RESPONSE", ""
}

// Send delivers an agent's reply: text, or one file (uploaded to Meta first, then sent by
// attachment id) followed by its text, answering the customer's message it replies to. Meta has
// no idempotency key: the metadata carries Switchboard's id, so the echo names the message. An
// answer to a comment goes out as CommentCalls.Answer says.
func (c *Connector) Send(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error) {
	s, err := settingsOf(out.Inbox)
	if err != nil {
		return nil, err
	}
	if out.CommentReply != nil {
		return c.pageComments(s).Answer(ctx, out)
	}
	token := out.Secrets[SecretAccessToken]
	m := out.Message
	typ, tag := c.messagingType(out, s)
	meta := MetadataPrefix + strconv.FormatInt(m.ID, 10)
	req := &sendRequest{Recipient: sendRecipient{ID: out.To}, MessagingType: typ, Tag: tag, Message: &sendMessage{Metadata: meta}}
	if out.ReplyToProviderID != "" {
		req.Message.ReplyTo = &sendReplyTo{MID: out.ReplyToProviderID}
	}
	text := m.Text
	if len(m.Attachments) > 0 {
		a := m.Attachments[0]
		if u := c.mediaURL(out, a); u != "" {
			req.Message.Attachment = &sendAttachment{Type: attachmentType(a.Kind), Payload: map[string]any{"url": u, "is_reusable": true}}
		} else {
			id, err := c.upload(ctx, s, token, a)
			if err != nil {
				return nil, err
			}
			req.Message.Attachment = &sendAttachment{Type: attachmentType(a.Kind), Payload: map[string]any{"attachment_id": id}}
		}
	} else {
		req.Message.Text, text = text, ""
	}
	id, err := c.post(ctx, s, token, req)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) != "" {
		// Messenger takes no caption: the text follows the file, as its own message.
		follow := &sendRequest{Recipient: req.Recipient, MessagingType: typ, Tag: tag, Message: &sendMessage{Text: text, Metadata: meta + ":text"}}
		if _, err := c.post(ctx, s, token, follow); err != nil {
			return nil, err
		}
	}
	return &switchboard.Sent{ProviderID: id, Status: switchboard.MessageAccepted}, nil
}

func (c *Connector) mediaURL(out *switchboard.Outbound, a *switchboard.Attachment) string {
	if c.MediaURL == nil {
		return ""
	}
	return c.MediaURL(out, a)
}

// attachmentType is Messenger's name for a file's kind.
func attachmentType(kind string) string {
	switch kind {
	case "image", "video", "audio":
		return kind
	}
	return "file"
}

// post sends one request to the Send API and returns the mid it got ("" for a sender action).
func (c *Connector) post(ctx context.Context, s *Settings, token string, req *sendRequest) (string, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	var ans sendAnswer
	if err := c.call(ctx, http.MethodPost, s.URL(s.PageID+"/messages"), token, "application/json", body, &ans); err != nil {
		return "", err
	}
	if ans.MessageID == "" && req.Message != nil {
		return "", &switchboard.SendError{Code: "bad_answer", Reason: c.product() + "'s answer names no message."}
	}
	return ans.MessageID, nil
}

// upload sends a stored file to POST /{PAGE_ID}/message_attachments (multipart: message naming
// its type, filedata) and returns its attachment id.
func (c *Connector) upload(ctx context.Context, s *Settings, token string, a *switchboard.Attachment) (string, error) {
	msg, _ := json.Marshal(map[string]any{"attachment": map[string]any{"type": attachmentType(a.Kind), "payload": map[string]any{"is_reusable": true}}})
	fields := [][2]string{{"message", string(msg)}}
	if c.Platform != "" {
		fields = append(fields, [2]string{"platform", c.Platform})
	}
	body, ct, err := channel.UploadForm(ctx, c.Files, a, "filedata", fields...)
	if err != nil {
		return "", err
	}
	var ans struct {
		AttachmentID string `json:"attachment_id"`
	}
	if err := c.call(ctx, http.MethodPost, s.URL(s.PageID+"/message_attachments"), token, ct, body, &ans); err != nil {
		return "", err
	}
	if ans.AttachmentID == "" {
		return "", &switchboard.SendError{Code: "bad_answer", Reason: c.product() + "'s upload answer names no attachment id."}
	}
	return ans.AttachmentID, nil
}

// reactionNames are the reactions Messenger knows, by the emoji the inbox offers.
var reactionNames = map[string]string{"\u2764\ufe0f": "love", "\u2764": "love", "\U0001F44D": "like", "\U0001F44E": "dislike",
	"\U0001F606": "smile", "\U0001F602": "smile", "\U0001F62E": "wow", "\U0001F622": "sad", "\U0001F620": "angry", "\U0001F621": "angry"}

// React sends (or, with Emoji "", removes) the page's reaction on a customer's message.
func (c *Connector) React(ctx context.Context, r *switchboard.OutboundReaction) error {
	s, err := settingsOf(r.Inbox)
	if err != nil {
		return err
	}
	req := &sendRequest{Recipient: sendRecipient{ID: r.To}, SenderAction: "unreact", Payload: map[string]any{"message_id": r.TargetProviderID}}
	if r.Emoji != "" {
		name := reactionNames[r.Emoji]
		if name == "" {
			name = "other"
		}
		req.SenderAction, req.Payload["reaction"] = "react", name
		req.Payload["emoji"] = r.Emoji
	}
	_, err = c.post(ctx, s, r.Secrets[SecretAccessToken], req)
	return err
}

// MarkRead marks the customer's thread seen (Messenger marks threads, not messages).
func (c *Connector) MarkRead(ctx context.Context, r *switchboard.OutboundReceipt) error {
	s, err := settingsOf(r.Inbox)
	if err != nil {
		return err
	}
	if r.To == "" {
		return errors.New("messenger: no customer to mark seen")
	}
	_, err = c.post(ctx, s, r.Secrets[SecretAccessToken], &sendRequest{Recipient: sendRecipient{ID: r.To}, SenderAction: "mark_seen"})
	return err
}

// Typing shows the customer that the page is typing (typing_on), or no longer (typing_off).
func (c *Connector) Typing(ctx context.Context, t *switchboard.OutboundTyping) error {
	s, err := settingsOf(t.Inbox)
	if err != nil {
		return err
	}
	action := "typing_off"
	if t.On {
		action = "typing_on"
	}
	_, err = c.post(ctx, s, t.Secrets[SecretAccessToken], &sendRequest{Recipient: sendRecipient{ID: t.To}, SenderAction: action})
	return err
}

// FetchMedia downloads a customer's file from the link the webhook gave: a plain GET, no
// credentials, before the link expires.
func (c *Connector) FetchMedia(ctx context.Context, f *switchboard.MediaFetch) (io.ReadCloser, string, error) {
	u, ok := strings.CutPrefix(f.Source, MediaSourcePrefix)
	if !ok {
		return nil, "", &switchboard.SendError{Code: "bad_source", Reason: "The attachment does not name a " + c.product() + " file link."}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", &switchboard.SendError{Code: "bad_source", Reason: "The file link is not valid.", Err: err}
	}
	res, err := c.client().Do(req)
	if err != nil {
		return nil, "", channel.TransportError(ctx, c.product(), err)
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		if res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusGone {
			return nil, "", &switchboard.SendError{Code: "expired", Reason: fmt.Sprintf("Meta's link to the file no longer works (%d): it expired before it was fetched.", res.StatusCode)}
		}
		return nil, "", &switchboard.SendError{Code: switchboard.FailProviderUnavailable, Retryable: true, Reason: fmt.Sprintf("Meta's file server answered %d.", res.StatusCode)}
	}
	limit := f.Limits.MaxBytes
	if limit <= 0 {
		limit = 25 << 20
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(res.Body, limit+1), res.Body}, res.Header.Get("Content-Type"), nil
}

// CheckCredentials asks the Graph API whose the page token is (GET /me): it must be the page's;
// then what the connection lacks: the Messenger permissions the token was not granted, the
// webhook fields the Page is not subscribed to.
func (c *Connector) CheckCredentials(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string) (*switchboard.ConnectionReport, error) {
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, err
	}
	if err := c.CheckPage(ctx, s.MetaGraph, s.PageID, secrets[SecretAccessToken]); err != nil {
		return nil, err
	}
	return c.PageReport(ctx, s.MetaGraph, s.AppID, secrets[SecretAppSecret], s.PageID, secrets[SecretAccessToken], PagePermissions, PageFields)
}

// CheckPage asks the Graph API whose a token is (GET /me): it must be the Page's.
func (c *Connector) CheckPage(ctx context.Context, g channel.MetaGraph, pageID, token string) error {
	var me struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodGet, g.URL("me?fields=id,name"), token, "", nil, &me); err != nil {
		return err
	}
	if me.ID != pageID {
		return &switchboard.SendError{Code: switchboard.FailInvalidToken, Reason: fmt.Sprintf("The access token is page %s's, not this inbox's page %s: paste the page's own token.", me.ID, pageID)}
	}
	return nil
}

// FetchProfile asks Meta's User Profile API the customer's name and picture (GET /{PSID}),
// which the webhooks do not carry. The picture's link expires: FetchMedia downloads it.
func (c *Connector) FetchProfile(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string, psid string) (*switchboard.Profile, error) {
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, err
	}
	var p struct {
		FirstName  string `json:"first_name"`
		LastName   string `json:"last_name"`
		ProfilePic string `json:"profile_pic"`
	}
	if err := c.call(ctx, http.MethodGet, s.URL(url.PathEscape(psid)+"?fields=first_name,last_name,profile_pic"), secrets[SecretAccessToken], "", nil, &p); err != nil {
		return nil, err
	}
	return &switchboard.Profile{Name: strings.TrimSpace(p.FirstName + " " + p.LastName), Picture: PictureSource(p.ProfilePic)}, nil
}

// PictureSource is the source FetchMedia downloads a profile picture's link from ("" for none).
func PictureSource(link string) string {
	if link == "" {
		return ""
	}
	return MediaSourcePrefix + link
}
