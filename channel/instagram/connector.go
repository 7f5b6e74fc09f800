// Package instagram is the Instagram direct-messages channel: the Messenger Platform's webhooks
// (object "instagram") and Send API, on Instagram Login's host (graph.instagram.com) or, for an
// account linked to a Facebook Page, on the Graph API's. Instagram's messages share Messenger's
// format, so this package reads and sends through channel/messenger and adds what only
// Instagram has: story replies and mentions, shares, unsent messages, per-message reads.
package instagram

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// The hosts an Instagram inbox sends through.
const (
	// HostInstagram is Instagram Login's (graph.instagram.com, an Instagram user token).
	HostInstagram = "instagram"
	// HostFacebook is the Graph API's, for an account linked to a Page (the Page's token).
	HostFacebook = "facebook"
)

// DefaultInstagramURL is Instagram Login's Graph API.
const DefaultInstagramURL = "https://graph.instagram.com"

// Settings is the configuration of an Instagram inbox: one professional account.
type Settings struct {
	// AccountID is the Instagram professional account's id (IG_ID), which webhooks name.
	AccountID string `json:"account_id"`
	// Host is HostInstagram (the default) or HostFacebook.
	Host string `json:"host"`
	// PageID is, on HostFacebook, the Facebook Page the account is linked to.
	PageID string `json:"page_id"`
	// AppID is the Meta app's id, which echoes of its own sends carry.
	AppID string `json:"app_id"`
	// HumanAgent says the app has Meta's Human Agent permission: agents may answer up to 7 days
	// after the customer's last message, with the HUMAN_AGENT tag.
	HumanAgent bool `json:"human_agent"`
	// PublicURL is Switchboard's public address (https://inbox.example.com), as Meta reaches it:
	// when set, images are sent by a signed link to it, which Instagram fetches, as Meta
	// documents images on Instagram; without it they are uploaded.
	PublicURL string `json:"public_url"`
	// MetaGraph overrides the host's address (the emulator's in tests and demo mode).
	channel.MetaGraph
	// Simulated marks a demo inbox wired to the emulator.
	Simulated bool `json:"simulated"`
}

// The secrets of an Instagram inbox: Messenger's (the token is the Instagram user token on
// Instagram Login's host, the Page's token on the Page-linked one).
const (
	SecretAccessToken = messenger.SecretAccessToken
	SecretAppSecret   = messenger.SecretAppSecret
	SecretVerifyToken = messenger.SecretVerifyToken
)

// Object is the webhook object Instagram's events come under.
const Object = "instagram"

// Validate checks the settings.
func (s *Settings) Validate() error {
	var v switchboard.Validator
	v.Check(channel.Digits(s.AccountID), "settings.account_id", "Enter the Instagram professional account's id (digits).")
	v.Check(s.Host == "" || s.Host == HostInstagram || s.Host == HostFacebook, "settings.host", "Choose instagram (Instagram Login) or facebook (a Page-linked account).")
	v.Check(s.Host != HostFacebook || channel.Digits(s.PageID), "settings.page_id", "Enter the id (digits) of the Facebook Page the account is linked to.")
	v.Check(s.AppID == "" || channel.Digits(s.AppID), "settings.app_id", "Enter the Meta app's id (digits).")
	if s.PublicURL != "" {
		u, err := url.Parse(s.PublicURL)
		v.Check(err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.RawQuery == "", "settings.public_url",
			"Use Switchboard's public address, such as https://inbox.example.com.")
	}
	s.Check(&v)
	return v.Err()
}

// graph is where the inbox calls: the override, else its host.
func (s *Settings) graph() channel.MetaGraph {
	g := s.MetaGraph
	if g.APIBaseURL == "" && s.Host != HostFacebook {
		g.APIBaseURL = DefaultInstagramURL
	}
	return g
}

// sender is the id the Send API's path names: the account on Instagram Login's host, the Page
// on the Page-linked one.
func (s *Settings) sender() string {
	if s.Host == HostFacebook {
		return s.PageID
	}
	return s.AccountID
}

func settingsOf(in *switchboard.Inbox) (*Settings, error) {
	return channel.DecodeSettings[Settings](in)
}

// asMessenger is the inbox as Messenger's connector sends for it: the sender id and the host's
// address in Messenger's settings.
func asMessenger(in *switchboard.Inbox) (*switchboard.Inbox, error) {
	s, err := settingsOf(in)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(&messenger.Settings{PageID: s.sender(), AppID: s.AppID, HumanAgent: s.HumanAgent, MetaGraph: s.graph(), Simulated: s.Simulated})
	if err != nil {
		return nil, err
	}
	c := *in
	c.Settings = raw
	return &c, nil
}

// Connector is the Instagram channel. Sending, reactions, mark-seen, file downloads and the
// token check are Messenger's, made for the inbox's host.
type Connector struct {
	messenger.Connector
}

// Kind is Instagram.
func (c *Connector) Kind() switchboard.ChannelKind { return switchboard.ChannelInstagram }

// ExtendedWindow is 7 days for an inbox with the Human Agent permission.
func (c *Connector) ExtendedWindow(raw json.RawMessage) time.Duration {
	var s Settings
	if json.Unmarshal(raw, &s) == nil && s.HumanAgent {
		return messenger.HumanWindow
	}
	return 0
}

// Destinations: the host's address gets the token with every call, and the app secret when the
// inbox is connected with Meta's sign-in.
func (c *Connector) Destinations(raw json.RawMessage) []switchboard.Destination {
	var s Settings
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	return []switchboard.Destination{{Field: "settings.api_base_url", URL: channel.Origin(s.graph().Base()), Secrets: []string{SecretAccessToken, SecretAppSecret}}}
}

// ValidateSettings decodes and checks an Instagram inbox's settings.
func (c *Connector) ValidateSettings(raw json.RawMessage) error {
	var s Settings
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &s); err != nil {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "The settings are not what an Instagram inbox takes.",
				Fields: map[string]string{"settings": "Give account_id as a string and human_agent as true or false."}}
		}
	}
	return s.Validate()
}

// MediaLimits are Instagram's (§2): one file a message (images up to 8 MB, others 25 MB), text
// of at most 1000 bytes.
func (c *Connector) MediaLimits() switchboard.MediaLimits {
	return switchboard.MediaLimits{MaxBytes: 25 << 20, MaxCount: 1, MaxText: 1000,
		Types: []string{"image/jpeg", "image/png", "image/gif", "video/mp4", "video/ogg", "video/x-msvideo", "video/quicktime", "video/webm",
			"audio/aac", "audio/mp4", "audio/x-m4a", "audio/wav", "application/pdf"}}
}

// ig is Messenger's connector as it calls for Instagram: files uploaded with platform
// "instagram", reasons naming Instagram.
func (c *Connector) ig() *messenger.Connector {
	m := c.Connector
	m.Platform = Object
	return &m
}

// Send delivers an agent's reply through Messenger's Send API code, on the inbox's host: text,
// or one file, its text following. An image goes by a signed link to Switchboard's public
// address when the inbox has one (Instagram fetches it); any other file, or an image without it,
// is uploaded with platform "instagram" and sent by attachment id. An answer to a comment goes
// out by Instagram's comment calls (comments.go).
func (c *Connector) Send(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error) {
	if out.CommentReply != nil {
		return c.answerComment(ctx, out)
	}
	s, err := settingsOf(out.Inbox)
	if err != nil {
		return nil, err
	}
	in, err := asMessenger(out.Inbox)
	if err != nil {
		return nil, err
	}
	o := *out
	o.Inbox = in
	m := c.ig()
	if s.PublicURL != "" {
		m.MediaURL = func(out *switchboard.Outbound, a *switchboard.Attachment) string {
			if p, ok := out.MediaPaths[a.ID]; ok && a.Kind == "image" {
				return strings.TrimSuffix(s.PublicURL, "/") + p
			}
			return ""
		}
	}
	return m.Send(ctx, &o)
}

// Love is the one reaction Instagram's Send API takes from a business ("love", ❤️).
const Love = "\u2764\ufe0f"

// ReactionEmojis: Instagram sends ❤️ only.
func (c *Connector) ReactionEmojis() []string { return []string{Love} }

// React sends (or removes) the account's reaction on a customer's message: ❤️ only, any other
// is refused before Instagram is called.
func (c *Connector) React(ctx context.Context, r *switchboard.OutboundReaction) error {
	if r.Emoji != "" && r.Emoji != Love && r.Emoji != "\u2764" {
		return &switchboard.SendError{Code: switchboard.FailInvalidRequest, Reason: "Instagram takes only ❤️ as a reaction from a business."}
	}
	in, err := asMessenger(r.Inbox)
	if err != nil {
		return err
	}
	o := *r
	o.Inbox = in
	return c.ig().React(ctx, &o)
}

// MarkRead marks the customer's thread seen.
func (c *Connector) MarkRead(ctx context.Context, r *switchboard.OutboundReceipt) error {
	in, err := asMessenger(r.Inbox)
	if err != nil {
		return err
	}
	o := *r
	o.Inbox = in
	return c.ig().MarkRead(ctx, &o)
}

// Typing shows the customer that the account is typing, or no longer.
func (c *Connector) Typing(ctx context.Context, t *switchboard.OutboundTyping) error {
	in, err := asMessenger(t.Inbox)
	if err != nil {
		return err
	}
	o := *t
	o.Inbox = in
	return c.ig().Typing(ctx, &o)
}

// FetchMedia downloads a customer's file (or story) from the link the webhook gave.
func (c *Connector) FetchMedia(ctx context.Context, f *switchboard.MediaFetch) (io.ReadCloser, string, error) {
	return c.ig().FetchMedia(ctx, f)
}

// FetchProfile asks Instagram's User Profile API a new customer's name and picture (GET
// /{IGSID} with fields name, username and profile_pic, on the inbox's host): their name, else
// their @username. Messenger's connector asks Messenger's fields; this one is Instagram's.
func (c *Connector) FetchProfile(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string, igsid string) (*switchboard.Profile, error) {
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, err
	}
	var p struct {
		Name       string `json:"name"`
		Username   string `json:"username"`
		ProfilePic string `json:"profile_pic"`
	}
	if err := channel.GraphCall(ctx, c.client(), "Instagram", http.MethodGet, s.graph().URL(url.PathEscape(igsid)+"?fields=name,username,profile_pic"),
		secrets[SecretAccessToken], "", nil, &p, messenger.APIError("Instagram")); err != nil {
		return nil, err
	}
	out := &switchboard.Profile{Name: strings.TrimSpace(p.Name), Picture: messenger.PictureSource(p.ProfilePic)}
	if out.Name == "" && p.Username != "" {
		out.Name = "@" + p.Username
	}
	return out, nil
}

func (c *Connector) client() *http.Client {
	if c.Client != nil {
		return c.Client
	}
	return (*egress.Policy)(nil).ClientFollowingRedirects(30 * time.Second)
}

// CheckCredentials asks the host whose the token is (GET /me) and what the connection lacks.
// On the Page-linked host: the Page's token, the permissions it was not granted and the
// webhook fields the Page is not subscribed to. On Instagram Login's: the account's token (its
// /me names the account as user_id) and the fields the account is not subscribed to
// (permissions there cannot be asked afterwards).
func (c *Connector) CheckCredentials(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string) (*switchboard.ConnectionReport, error) {
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, err
	}
	token := secrets[SecretAccessToken]
	if s.Host == HostFacebook {
		if err := c.CheckPage(ctx, s.MetaGraph, s.PageID, token); err != nil {
			return nil, err
		}
		return c.PageReport(ctx, s.MetaGraph, s.AppID, secrets[SecretAppSecret], s.PageID, token, PagePermissions, messenger.PageFields)
	}
	if err := c.checkAccount(ctx, s, token); err != nil {
		return nil, err
	}
	have, err := c.Subscribed(ctx, s.graph(), "Instagram", "me", s.AppID, token)
	if err != nil {
		return nil, err
	}
	return &switchboard.ConnectionReport{UnsubscribedFields: messenger.Missing(Fields, have)}, nil
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
