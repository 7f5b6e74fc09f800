package whatsapp

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// Settings is the configuration of a WhatsApp Cloud inbox.
type Settings struct {
	// PhoneNumberID is Meta's id of the business number (not the number itself).
	PhoneNumberID string `json:"phone_number_id"`
	// BusinessAccountID is the WhatsApp Business Account (WABA) id, under which templates live.
	BusinessAccountID string `json:"business_account_id"`
	// MetaGraph is the Graph API's address and version; the emulator's in tests and demo mode.
	channel.MetaGraph
	// Provider is "cloud" (or empty): Meta's Cloud API.
	Provider string `json:"provider"`
	// Simulated marks a demo inbox wired to the emulator.
	Simulated bool `json:"simulated"`
}

// The secrets of a WhatsApp inbox.
const (
	SecretAccessToken = "access_token" // a system-user token with whatsapp_business_messaging
	SecretAppSecret   = "app_secret"   // the Meta app's secret, which signs webhooks
	SecretVerifyToken = "verify_token" // what Meta's console sends back in the handshake
)

// Window is WhatsApp's customer-service window.
const Window = 24 * time.Hour

// Validate checks the settings.
func (s *Settings) Validate() error {
	var v switchboard.Validator
	v.Check(channel.Digits(s.PhoneNumberID), "settings.phone_number_id", "Enter the phone number id from Meta's WhatsApp Manager (digits).")
	v.Check(s.BusinessAccountID == "" || channel.Digits(s.BusinessAccountID), "settings.business_account_id", "Enter the WhatsApp Business Account id (digits).")
	s.Check(&v)
	return v.Err()
}

func settingsOf(in *switchboard.Inbox) (*Settings, error) {
	return channel.DecodeSettings[Settings](in)
}

// Connector is the WhatsApp Cloud API channel.
type Connector struct {
	// Client calls the Graph API and downloads files. It should check where it connects (an
	// egress.Policy's client); nil means one of the default policy, public addresses only.
	Client *http.Client
	// Files opens a stored attachment's file, to upload it to Meta.
	Files func(ctx context.Context, key string) (io.ReadCloser, error)
}

// Kind is WhatsApp.
func (c *Connector) Kind() switchboard.ChannelKind { return switchboard.ChannelWhatsApp }

// Formatting is WhatsApp's markup, which the customer's app renders.
func (c *Connector) Formatting() string { return switchboard.FormatWhatsApp }

// SendsPlaces: a shared place goes out as a location message.
func (c *Connector) SendsPlaces() bool { return true }

// SurveyForm: a survey goes as reply buttons (up to three answers) or a list.
func (c *Connector) SurveyForm() string { return switchboard.SurveyChoices }

// CustomerWindow is 24 hours.
func (c *Connector) CustomerWindow() time.Duration { return Window }

// Destinations: the Graph API address gets the access token with every call.
func (c *Connector) Destinations(raw json.RawMessage) []switchboard.Destination {
	var s Settings
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	return []switchboard.Destination{{Field: "settings.api_base_url", URL: channel.Origin(s.Base()), Secrets: []string{SecretAccessToken}}}
}

// ValidateSettings decodes and checks a WhatsApp inbox's settings.
func (c *Connector) ValidateSettings(raw json.RawMessage) error {
	var s Settings
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &s); err != nil {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "The settings are not what a WhatsApp inbox takes.",
				Fields: map[string]string{"settings": "Give phone_number_id and business_account_id as strings."}}
		}
	}
	return s.Validate()
}

// MediaLimits are WhatsApp's (shared/channels/whatsapp-cloud.md §3): one file a message; audio
// in Ogg only with Opus (a voice note), which Switchboard reads from the file's first page.
func (c *Connector) MediaLimits() switchboard.MediaLimits {
	return switchboard.MediaLimits{MaxBytes: 100 << 20, MaxCount: 1, MaxText: 4096,
		Types: []string{"image/jpeg", "image/png", "image/webp", "audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg; codecs=opus",
			"video/mp4", "video/3gpp", "text/plain", "application/pdf", "application/msword",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-excel",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-powerpoint",
			"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		PerType: []switchboard.TypeLimit{{Type: "image/webp", MaxBytes: 500 << 10}, {Type: "image/*", MaxBytes: 5 << 20},
			{Type: "audio/*", MaxBytes: 16 << 20}, {Type: "video/*", MaxBytes: 16 << 20}}}
}

func (c *Connector) client() *http.Client {
	if c.Client != nil {
		return c.Client
	}
	return (*egress.Policy)(nil).ClientFollowingRedirects(30 * time.Second)
}

// call POSTs (or GETs, with a nil body) a Graph API request with the inbox's token and decodes
// the answer into out; failures come back as classified *switchboard.SendError.
func (c *Connector) call(ctx context.Context, method, u, token, contentType string, body []byte, out any) error {
	return channel.GraphCall(ctx, c.client(), "WhatsApp", method, u, token, contentType, body, out, apiError)
}

// sendRequest is the body of POST /{phone-number-id}/messages.
type sendRequest struct {
	Product     string           `json:"messaging_product"`
	Recipient   string           `json:"recipient_type,omitempty"`
	To          string           `json:"to,omitempty"`
	Type        string           `json:"type,omitempty"`
	Context     *sendContext     `json:"context,omitempty"`
	Text        *sendText        `json:"text,omitempty"`
	Image       *sendMedia       `json:"image,omitempty"`
	Audio       *sendMedia       `json:"audio,omitempty"`
	Video       *sendMedia       `json:"video,omitempty"`
	Document    *sendMedia       `json:"document,omitempty"`
	Sticker     *sendMedia       `json:"sticker,omitempty"`
	Reaction    *sendReaction    `json:"reaction,omitempty"`
	Location    *sendLocation    `json:"location,omitempty"`
	Template    *sendTemplate    `json:"template,omitempty"`
	Interactive *sendInteractive `json:"interactive,omitempty"`
	Status      string           `json:"status,omitempty"`
	MessageID   string           `json:"message_id,omitempty"`
	Typing      map[string]any   `json:"typing_indicator,omitempty"`
	Callback    string           `json:"biz_opaque_callback_data,omitempty"`
}

type (
	sendContext struct {
		MessageID string `json:"message_id"`
	}
	sendText struct {
		Body       string `json:"body"`
		PreviewURL bool   `json:"preview_url"`
	}
	sendMedia struct {
		ID       string `json:"id"`
		Caption  string `json:"caption,omitempty"`
		Filename string `json:"filename,omitempty"`
	}
	sendLocation struct {
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
		Name      string  `json:"name,omitempty"`
		Address   string  `json:"address,omitempty"`
	}
	sendReaction struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji"`
	}
	sendTemplate struct {
		Name     string `json:"name"`
		Language struct {
			Code   string `json:"code"`
			Policy string `json:"policy"`
		} `json:"language"`
		Components []sendComponent `json:"components,omitempty"`
	}
	sendComponent struct {
		Type       string      `json:"type"`
		Parameters []sendParam `json:"parameters"`
	}
	sendParam struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	sendAnswer struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
		Success bool `json:"success"`
	}
)

// CallbackPrefix marks Switchboard's message id in biz_opaque_callback_data, so a status can
// name the message even when the send's answer was lost.
const CallbackPrefix = "sb:"

// Send delivers an agent's reply: text, one file (uploaded to Meta first, then sent by id), or a
// template, answering the customer's message it replies to. A send whose answer is lost is not
// repeated (WhatsApp has no idempotency key): it fails as "unconfirmed", and the status webhook
// that names it by its callback data puts it right if it did go out.
func (c *Connector) Send(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error) {
	s, err := settingsOf(out.Inbox)
	if err != nil {
		return nil, err
	}
	token := out.Secrets[SecretAccessToken]
	m := out.Message
	req := &sendRequest{Product: "whatsapp", Recipient: "individual", To: strings.TrimPrefix(out.To, "+"),
		Callback: CallbackPrefix + strconv.FormatInt(m.ID, 10)}
	if out.ReplyToProviderID != "" {
		req.Context = &sendContext{MessageID: out.ReplyToProviderID}
	}
	var extraText string
	switch {
	case m.Content != nil && m.Content.Template != nil:
		t := m.Content.Template
		req.Type = "template"
		req.Template = &sendTemplate{Name: t.Name}
		req.Template.Language.Code, req.Template.Language.Policy = t.Language, "deterministic"
		if len(t.Params) > 0 {
			comp := sendComponent{Type: "body"}
			for _, p := range t.Params {
				comp.Parameters = append(comp.Parameters, sendParam{Type: "text", Text: p})
			}
			req.Template.Components = []sendComponent{comp}
		}
	case m.Content != nil && m.Content.Choices != nil && len(m.Content.Choices.Items) > 0:
		req.Type, req.Interactive = "interactive", interactive(m.Text, m.Content.Choices)
	case m.Content != nil && m.Content.Location != nil:
		l := m.Content.Location
		req.Type, req.Location = "location", &sendLocation{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address}
		extraText = m.Text
	case len(m.Attachments) > 0:
		a := m.Attachments[0]
		id, err := c.upload(ctx, s, token, a)
		if err != nil {
			return nil, err
		}
		media := &sendMedia{ID: id}
		switch {
		case a.ContentType == "image/webp":
			req.Type, req.Sticker = "sticker", media
		case a.Kind == "image":
			req.Type, req.Image = "image", media
		case a.Kind == "video":
			req.Type, req.Video = "video", media
		case a.Kind == "audio":
			req.Type, req.Audio = "audio", media
		default:
			req.Type, req.Document = "document", media
			media.Filename = a.Filename
		}
		if req.Type == "sticker" || req.Type == "audio" {
			extraText = m.Text // WhatsApp takes no caption on these: the text follows on its own
		} else {
			media.Caption = m.Text
		}
	default:
		req.Type = "text"
		req.Text = &sendText{Body: m.Text, PreviewURL: strings.Contains(m.Text, "https://")}
	}
	id, err := c.post(ctx, s, token, req)
	if err != nil {
		return nil, err
	}
	if extraText != "" {
		text := &sendRequest{Product: "whatsapp", Recipient: "individual", To: req.To, Type: "text", Text: &sendText{Body: extraText}}
		if _, err := c.post(ctx, s, token, text); err != nil {
			return nil, err
		}
	}
	return &switchboard.Sent{ProviderID: id, Status: switchboard.MessageAccepted}, nil
}

// sendInteractive is an interactive message: reply buttons (≤3) or a list (≤10 rows).
type sendInteractive struct {
	Type string `json:"type"` // button or list
	Body struct {
		Text string `json:"text"`
	} `json:"body"`
	Action sendAction `json:"action"`
}

type (
	sendAction struct {
		Button   string        `json:"button,omitempty"`
		Buttons  []sendButton  `json:"buttons,omitempty"`
		Sections []sendSection `json:"sections,omitempty"`
	}
	sendButton struct {
		Type  string    `json:"type"`
		Reply sendReply `json:"reply"`
	}
	sendReply struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	sendSection struct {
		Title string    `json:"title,omitempty"`
		Rows  []sendRow `json:"rows"`
	}
	sendRow struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
)

// The limits of interactive messages (shared/channels/whatsapp-cloud.md §2).
const (
	maxButtons     = 3
	maxButtonTitle = 20
	maxListRows    = 10
	maxRowTitle    = 24
	maxBodyText    = 1024
)

// interactive writes choices as reply buttons when they fit in three, as a list otherwise; the
// customer's tap comes back as a button_reply or list_reply with the choice's id.
func interactive(text string, cs *switchboard.ChoiceSet) *sendInteractive {
	in := &sendInteractive{}
	in.Body.Text = cut(text, maxBodyText)
	if len(cs.Items) <= maxButtons {
		in.Type = "button"
		for _, c := range cs.Items {
			in.Action.Buttons = append(in.Action.Buttons, sendButton{Type: "reply", Reply: sendReply{ID: c.ID, Title: cut(c.Title, maxButtonTitle)}})
		}
		return in
	}
	in.Type = "list"
	in.Action.Button = cut(cmp.Or(cs.Button, "Choose"), maxButtonTitle)
	sec := sendSection{}
	for i, c := range cs.Items {
		if i == maxListRows {
			break
		}
		sec.Rows = append(sec.Rows, sendRow{ID: c.ID, Title: cut(c.Title, maxRowTitle)})
	}
	in.Action.Sections = []sendSection{sec}
	return in
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// post sends one request to the messages endpoint and returns the wamid it got.
func (c *Connector) post(ctx context.Context, s *Settings, token string, req *sendRequest) (string, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	var ans sendAnswer
	if err := c.call(ctx, http.MethodPost, s.URL(s.PhoneNumberID+"/messages"), token, "application/json", body, &ans); err != nil {
		return "", err
	}
	if len(ans.Messages) == 0 {
		if ans.Success {
			return "", nil
		}
		return "", &switchboard.SendError{Code: "bad_answer", Reason: "WhatsApp's answer names no message."}
	}
	return ans.Messages[0].ID, nil
}

// React sends (or, with Emoji "", removes) the business's reaction on a customer's message.
func (c *Connector) React(ctx context.Context, r *switchboard.OutboundReaction) error {
	s, err := settingsOf(r.Inbox)
	if err != nil {
		return err
	}
	_, err = c.post(ctx, s, r.Secrets[SecretAccessToken], &sendRequest{Product: "whatsapp", Recipient: "individual",
		To: strings.TrimPrefix(r.To, "+"), Type: "reaction", Reaction: &sendReaction{MessageID: r.TargetProviderID, Emoji: r.Emoji}})
	return err
}

// MarkRead marks the customer's messages read up to one (the blue ticks on their phone).
func (c *Connector) MarkRead(ctx context.Context, r *switchboard.OutboundReceipt) error {
	s, err := settingsOf(r.Inbox)
	if err != nil {
		return err
	}
	_, err = c.post(ctx, s, r.Secrets[SecretAccessToken], &sendRequest{Product: "whatsapp", Status: "read", MessageID: r.ProviderID})
	return err
}

// FetchTemplates lists the business account's templates, following Graph's paging.
func (c *Connector) FetchTemplates(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string) ([]*switchboard.Template, error) {
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, err
	}
	if s.BusinessAccountID == "" {
		return nil, &switchboard.SendError{Code: "bad_settings", Reason: "Set the WhatsApp Business Account id to sync templates."}
	}
	var out []*switchboard.Template
	next := s.URL(s.BusinessAccountID + "/message_templates?limit=100&fields=name,language,category,status,components")
	for page := 0; next != "" && page < 50; page++ {
		var ans struct {
			Data []struct {
				Name       string          `json:"name"`
				Language   string          `json:"language"`
				Category   string          `json:"category"`
				Status     string          `json:"status"`
				Components json.RawMessage `json:"components"`
			} `json:"data"`
			Paging struct {
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := c.call(ctx, http.MethodGet, next, secrets[SecretAccessToken], "", nil, &ans); err != nil {
			return nil, err
		}
		for _, d := range ans.Data {
			out = append(out, &switchboard.Template{Name: d.Name, Language: d.Language, Category: strings.ToLower(d.Category),
				Status: strings.ToLower(d.Status), Components: d.Components})
		}
		next = ans.Paging.Next
	}
	return out, nil
}

// apiError classifies a Graph API error answer (§2.1): branch on error.code, not the HTTP status.
func apiError(res *http.Response, raw []byte) error {
	var env struct {
		Error struct {
			Message   string `json:"message"`
			Code      int    `json:"code"`
			ErrorData struct {
				Details string `json:"details"`
			} `json:"error_data"`
		} `json:"error"`
	}
	code := -1 // no Graph error in the answer (a proxy's page, an outage): judged by the HTTP status
	if json.Unmarshal(raw, &env) == nil && (env.Error.Code != 0 || env.Error.Message != "") {
		code = env.Error.Code
	}
	e := classify(code, res.StatusCode, env.Error.ErrorData.Details, env.Error.Message)
	if d, ok := backoff.RetryAfter(res.Header, time.Now()); ok && e.Retryable {
		e.RetryAfter = d
	}
	return e
}

// Provider is Meta's Cloud API, the default for WhatsApp inboxes.
func (c *Connector) Provider() string { return "cloud" }
