// Package channel holds the connector registry: each channel kind (WhatsApp, email, the API
// channel, …) is a connector registered explicitly by cmd, and generic code (delivery, inbound
// webhooks) asks the registry for the connector of an inbox's kind and for the capabilities it
// has, never switching on the kind itself.
package channel

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// Connector is a channel kind's implementation. Capabilities are further interfaces a connector
// may implement (Sender, …); ask with a type assertion.
type Connector interface {
	Kind() switchboard.ChannelKind
}

// Sender delivers outgoing messages. It returns a *switchboard.SendError for failures it can
// classify; any other error is treated as retryable.
type Sender interface {
	Send(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error)
}

// IdempotentSender is a Sender whose sends carry a key the receiver de-duplicates on (the API
// channel's Idempotency-Key): a send whose outcome was lost may be made again and still reach
// the customer once. Sends of every other connector are never repeated by themselves once they
// may have reached the provider (see switchboard.ErrUnconfirmed).
type IdempotentSender interface {
	Sender
	SendsIdempotently()
}

// MediaLimiter says what files a channel accepts in one message.
type MediaLimiter interface {
	MediaLimits() switchboard.MediaLimits
}

// WebhookReader reads what the provider POSTs (or GETs, for a handshake) to an inbox's webhook
// URL: it checks the request's signature with the inbox's secrets and parses it into a batch for
// the store, or answers the request itself (a handshake) with a nil batch. A request that fails
// the signature check answers a *switchboard.Error with EUNAUTHORIZED, so nothing is recorded.
type WebhookReader interface {
	ReadWebhook(inbox *switchboard.Inbox, secrets map[string]string, req *switchboard.ProviderRequest) (*switchboard.InboundBatch, *switchboard.ProviderResponse, error)
}

// MediaFetcher downloads an inbound attachment the provider holds. It returns a
// *switchboard.SendError for failures it can classify (Retryable or not).
type MediaFetcher interface {
	FetchMedia(ctx context.Context, f *switchboard.MediaFetch) (body io.ReadCloser, contentType string, err error)
}

// Reactor sends the business's reaction on a customer's message, or removes it (Emoji "").
type Reactor interface {
	React(ctx context.Context, r *switchboard.OutboundReaction) error
}

// ReactionSet is a Reactor that can send only some reactions (Instagram: ❤️ only): others are
// refused before the provider is called.
type ReactionSet interface {
	Reactor
	ReactionEmojis() []string
}

// Typist shows the customer that an agent is typing (t.On), or stops showing it.
type Typist interface {
	Typing(ctx context.Context, t *switchboard.OutboundTyping) error
}

// ReadMarker tells the provider the business read the customer's messages up to one.
type ReadMarker interface {
	MarkRead(ctx context.Context, r *switchboard.OutboundReceipt) error
}

// TemplateSource fetches an inbox's approved message templates from the provider.
type TemplateSource interface {
	FetchTemplates(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string) ([]*switchboard.Template, error)
}

// Windowed channels allow free-form replies only for a while after the customer's last message.
type Windowed interface {
	CustomerWindow() time.Duration
}

// ExtendedWindowed channels let an inbox answer for a while after the window closed, when its
// settings say so (Messenger's HUMAN_AGENT tag, 7 days from the customer's last message): the
// duration returned is that whole time, 0 when the settings do not allow it.
type ExtendedWindowed interface {
	ExtendedWindow(settings json.RawMessage) time.Duration
}

// CredentialChecker asks the provider whether an inbox's credentials work, without sending
// anything (Messenger: who the page token belongs to), and what the connection lacks (the
// permissions not granted, the webhook fields not subscribed; a nil report when it cannot
// tell). A *switchboard.SendError with FailInvalidToken says they do not work.
type CredentialChecker interface {
	CheckCredentials(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string) (*switchboard.ConnectionReport, error)
}

// Authorizer connects an inbox with the provider's OAuth authorisation-code flow (Google and
// Microsoft mailboxes, Meta's Facebook and Instagram logins). OAuthProvider names the sign-in
// an inbox's settings use, "" when they use none; AuthorizeURL is the consent page the admin's
// browser goes to; Authorize trades the code that comes back for the token to keep, doing what
// the provider needs once connected (Meta: subscribing the webhook fields). Errors are
// *switchboard.SendError or *switchboard.Error with a reason for the admin.
type Authorizer interface {
	OAuthProvider(settings json.RawMessage) string
	AuthorizeURL(inbox *switchboard.Inbox, secrets map[string]string, redirectURI, state string) (string, error)
	Authorize(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string, code, redirectURI string) (*switchboard.IssuedToken, error)
}

// TokenRefresher renews a token an Authorizer obtained before it expires (Instagram Login's
// long-lived token), when the IssuedToken's RefreshAt comes.
type TokenRefresher interface {
	RefreshToken(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string) (*switchboard.IssuedToken, error)
}

// ProfileFetcher asks the provider the name and picture of a customer, by their address on the
// channel, for channels whose webhooks carry none (Messenger, Instagram). The picture is a
// source the connector's FetchMedia downloads.
type ProfileFetcher interface {
	FetchProfile(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string, externalID string) (*switchboard.Profile, error)
}

// Commenter channels carry comments under posts (Instagram, Facebook Pages) as conversations
// of kind comment. Send answers a comment when the outbound message has a CommentReply: publicly
// under the post, or privately by direct message (Sent.RecipientID then says to whom).
// ModerateComment hides, unhides or deletes a comment; FetchPost describes a post (its picture
// given by the provider's link, ThumbnailSource, which FetchMedia-like plain GETs download).
type Commenter interface {
	ModerateComment(ctx context.Context, m *switchboard.CommentModeration) error
	FetchPost(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string, postID string) (*switchboard.Post, error)
}

// OptOutKeywords is a channel whose carriers honour opt-out keywords (SMS): a customer's message
// that is nothing but a stop word (STOP) opts them out of every message from the business, and a
// start word (START) back in. The connector says the words (none, on a provider's channel that
// has no such rule, like WhatsApp through Twilio); generic code reads each customer's message
// for them, so that the store marks the sender's identity, and refuses replies to an opted-out
// customer before the provider is called.
type OptOutKeywords interface {
	OptOutKeywords() (stop, start []string)
}

// Formatted channels show the customer styled text, in a markup (switchboard.FormatWhatsApp, …;
// "" for a provider of the kind that sends plain text only).
type Formatted interface {
	Formatting() string
}

// PlaceSender channels deliver a shared place (switchboard.Location) as a place the customer's
// app shows on a map, rather than as text.
type PlaceSender interface {
	SendsPlaces() bool
}

// QuickReplier channels show a reply's quick replies (switchboard.MessageContent.QuickReplies)
// as buttons that send their text back.
type QuickReplier interface {
	QuickReplies()
}

// Surveyor says how a channel best asks a customer to rate a conversation (one of
// switchboard.SurveyNative, SurveyChoices, SurveyLink): the automation's survey then takes that
// form. A connector that is not a Surveyor gets a text survey (switchboard.SurveyText). A
// connector answering SurveyChoices sends a message's MessageContent.Choices as choices to tap.
type Surveyor interface {
	SurveyForm() string
}

// SettingsValidator checks an inbox's settings document against the connector's typed
// configuration, answering a switchboard.Error with the problems by field ("settings.<name>").
type SettingsValidator interface {
	ValidateSettings(settings json.RawMessage) error
}

// Destined connectors say where an inbox's settings send requests and which secrets go along
// (switchboard.Destination). The registry checks the http and https ones against the egress
// policy as settings are saved, and the store asks for a secret again when its place changes.
type Destined interface {
	Destinations(settings json.RawMessage) []switchboard.Destination
}

// Warner connectors point out settings that work but put something at risk; the inbox's health
// shows them.
type Warner interface {
	SettingsWarnings(settings json.RawMessage) []string
}

// Provided connectors serve their kind through one provider among several (WhatsApp through
// Meta's Cloud API or through Twilio). An inbox picks one with its settings' "provider" field;
// an inbox without one gets the kind's first registered connector.
type Provided interface {
	Provider() string
}

// Registry maps channel kinds (and their providers) to connectors.
type Registry struct {
	byKind map[switchboard.ChannelKind][]Connector // registration order: the first is the default
	// Egress says which private addresses (loopback, office networks) inbox settings may send
	// requests to; nil allows public addresses only. The connectors' HTTP clients check every
	// connection again: this is the early refusal, as settings are saved.
	Egress *egress.Policy
}

// NewRegistry returns a registry holding the connectors given.
func NewRegistry(cs ...Connector) *Registry {
	r := &Registry{byKind: map[switchboard.ChannelKind][]Connector{}}
	for _, c := range cs {
		r.Register(c)
	}
	return r
}

func providerOf(c Connector) string {
	if p, ok := c.(Provided); ok {
		return p.Provider()
	}
	return ""
}

// Register adds a connector; registering a kind and provider twice is a programming error.
func (r *Registry) Register(c Connector) {
	for _, have := range r.byKind[c.Kind()] {
		if providerOf(have) == providerOf(c) {
			panic(fmt.Sprintf("channel: kind %s provider %q registered twice", c.Kind(), providerOf(c)))
		}
	}
	r.byKind[c.Kind()] = append(r.byKind[c.Kind()], c)
}

// SettingsProvider reads the provider an inbox's settings name ("" when none).
func SettingsProvider(settings json.RawMessage) string {
	var s struct {
		Provider string `json:"provider"`
	}
	_ = json.Unmarshal(settings, &s)
	return s.Provider
}

// connector returns the connector of a kind and provider ("" is the kind's default).
func (r *Registry) connector(kind switchboard.ChannelKind, provider string) (Connector, bool) {
	cs := r.byKind[kind]
	if len(cs) == 0 {
		return nil, false
	}
	if provider == "" {
		return cs[0], true
	}
	for _, c := range cs {
		if providerOf(c) == provider {
			return c, true
		}
	}
	return nil, false
}

// For returns the connector that serves an inbox: its kind's, through the provider its settings
// name.
func (r *Registry) For(in *switchboard.Inbox) (Connector, bool) {
	return r.connector(in.Kind, SettingsProvider(in.Settings))
}

// Sender returns the sender of an inbox, if its connector can send.
func (r *Registry) Sender(in *switchboard.Inbox) (Sender, bool) {
	c, _ := r.For(in)
	s, ok := c.(Sender)
	return s, ok
}

// Providers lists the providers of a kind, the default first ("" for a connector without one).
func (r *Registry) Providers(kind switchboard.ChannelKind) []string {
	out := []string{}
	for _, c := range r.byKind[kind] {
		out = append(out, providerOf(c))
	}
	return out
}

// MediaLimits returns what a kind accepts, through its default provider, or no files at all for
// a kind this build cannot send on.
func (r *Registry) MediaLimits(kind switchboard.ChannelKind) switchboard.MediaLimits {
	c, _ := r.connector(kind, "")
	if l, ok := c.(MediaLimiter); ok {
		return l.MediaLimits()
	}
	return switchboard.MediaLimits{}
}

// Capabilities says what a kind's connectors can do beyond sending text: the union over its
// providers (a provider that cannot send reactions skips them).
func (r *Registry) Capabilities(kind switchboard.ChannelKind) switchboard.ChannelCapabilities {
	var caps switchboard.ChannelCapabilities
	for _, c := range r.byKind[kind] {
		if w, ok := c.(Windowed); ok && w.CustomerWindow() > caps.Window {
			caps.Window = w.CustomerWindow()
		}
		if _, ok := c.(TemplateSource); ok {
			caps.Templates = true
		}
		if _, ok := c.(Reactor); ok {
			caps.Reactions = true
		}
		if rs, ok := c.(ReactionSet); ok && len(r.byKind[kind]) == 1 {
			caps.ReactionEmojis = rs.ReactionEmojis()
		}
		if _, ok := c.(Typist); ok {
			caps.Typing = true
		}
		if _, ok := c.(ReadMarker); ok {
			caps.ReadReceipts = true
		}
		if k, ok := c.(OptOutKeywords); ok {
			if stop, _ := k.OptOutKeywords(); len(stop) > 0 {
				caps.OptOut = true
			}
		}
		if f, ok := c.(Formatted); ok && caps.Formatting == "" {
			caps.Formatting = f.Formatting()
		}
		if p, ok := c.(PlaceSender); ok && p.SendsPlaces() {
			caps.Location = true
		}
		if _, ok := c.(Commenter); ok {
			caps.Comments = true
		}
		if _, ok := c.(QuickReplier); ok {
			caps.QuickReplies = true
		}
		if _, ok := c.(Typist); ok {
			caps.Typing = true
		}
	}
	return caps
}

// ExtendedWindow is how long past its channel's window an inbox may still answer (see
// ExtendedWindowed): 0 for most.
func (r *Registry) ExtendedWindow(in *switchboard.Inbox) time.Duration {
	c, _ := r.For(in)
	e, ok := c.(ExtendedWindowed)
	if !ok {
		return 0
	}
	if d := e.ExtendedWindow(in.Settings) - r.Capabilities(in.Kind).Window; d > 0 {
		return d
	}
	return 0
}

// SurveyForm is how an inbox's channel, through its provider, takes a satisfaction survey (see
// Surveyor): switchboard.SurveyText unless its connector says otherwise.
func (r *Registry) SurveyForm(in *switchboard.Inbox) string {
	c, _ := r.For(in)
	if s, ok := c.(Surveyor); ok {
		return s.SurveyForm()
	}
	return switchboard.SurveyText
}

// ChecksCredentials reports whether a kind's default connector checks credentials on its own.
func (r *Registry) ChecksCredentials(kind switchboard.ChannelKind) bool {
	c, _ := r.connector(kind, "")
	_, ok := c.(CredentialChecker)
	return ok
}

// FetchesProfiles reports whether a kind's default connector asks the provider for names.
func (r *Registry) FetchesProfiles(kind switchboard.ChannelKind) bool {
	c, _ := r.connector(kind, "")
	_, ok := c.(ProfileFetcher)
	return ok
}

// OAuthProvider names the sign-in an inbox's settings connect with, as the connector of its kind
// and provider has it ("" when none).
func (r *Registry) OAuthProvider(kind switchboard.ChannelKind, settings json.RawMessage) string {
	c, _ := r.connector(kind, SettingsProvider(settings))
	if a, ok := c.(Authorizer); ok {
		return a.OAuthProvider(settings)
	}
	return ""
}

// Authorizer returns the OAuth flow of an inbox, when its settings connect with one.
func (r *Registry) Authorizer(in *switchboard.Inbox) (Authorizer, bool) {
	c, _ := r.For(in)
	a, ok := c.(Authorizer)
	if !ok || a.OAuthProvider(in.Settings) == "" {
		return nil, false
	}
	return a, true
}

// HonoursOptOut reports whether an inbox's channel honours opt-out keywords: its customers who
// opted out are sent nothing.
func (r *Registry) HonoursOptOut(in *switchboard.Inbox) bool {
	stop, _ := r.optOutKeywords(in)
	return len(stop) > 0
}

// optOutKeywords returns the opt-out and opt-in words of an inbox's channel; none if it has none.
func (r *Registry) optOutKeywords(in *switchboard.Inbox) (stop, start []string) {
	c, _ := r.For(in)
	if k, ok := c.(OptOutKeywords); ok {
		return k.OptOutKeywords()
	}
	return nil, nil
}

// ReadConsent marks the customers' messages of a batch that are opt-out or opt-in keywords of
// the inbox's channel (see OptOutKeywords), unless the connector already said (Twilio's
// OptOutType); on any other channel it marks none.
func (r *Registry) ReadConsent(in *switchboard.Inbox, b *switchboard.InboundBatch) {
	stop, start := r.optOutKeywords(in)
	if len(stop) == 0 {
		return
	}
	for _, m := range b.Messages {
		if m.Consent == "" && !m.Echo && !m.FromBot {
			m.Consent = switchboard.KeywordConsent(m.Text, stop, start)
		}
	}
}

// Typist returns what shows an inbox's customers that an agent is typing, if its channel can.
func (r *Registry) Typist(in *switchboard.Inbox) (Typist, bool) {
	c, _ := r.For(in)
	t, ok := c.(Typist)
	return t, ok
}

// WebhookReader returns the webhook reader of an inbox, if its provider calls us.
func (r *Registry) WebhookReader(in *switchboard.Inbox) (WebhookReader, bool) {
	c, _ := r.For(in)
	w, ok := c.(WebhookReader)
	return w, ok
}

// Info describes every channel kind Switchboard knows, as this build supports it.
func (r *Registry) Info() []switchboard.ChannelInfo {
	out := make([]switchboard.ChannelInfo, 0, len(switchboard.ChannelKinds))
	for _, k := range switchboard.ChannelKinds {
		c, _ := r.connector(k, "")
		_, can := c.(Sender)
		out = append(out, switchboard.ChannelInfo{Kind: k, CanSend: can, Media: r.MediaLimits(k), Capabilities: r.Capabilities(k),
			Providers: r.Providers(k)})
	}
	return out
}

// ValidateSettings checks an inbox's settings with the connector of its kind and provider,
// when it has rules; a provider this build does not have is refused.
func (r *Registry) ValidateSettings(kind switchboard.ChannelKind, settings json.RawMessage) error {
	p := SettingsProvider(settings)
	c, ok := r.connector(kind, p)
	if !ok && p != "" {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: fmt.Sprintf("%s inboxes have no provider %q.", kind, p),
			Fields: map[string]string{"settings.provider": fmt.Sprintf("Use one of: %s.", strings.Join(r.Providers(kind), ", "))}}
	}
	if v, ok := c.(SettingsValidator); ok {
		if err := v.ValidateSettings(settings); err != nil {
			return err
		}
	}
	var v switchboard.Validator
	for _, d := range r.Destinations(kind, settings) {
		if strings.HasPrefix(d.URL, "http://") || strings.HasPrefix(d.URL, "https://") {
			if err := r.Egress.CheckURL(d.URL); err != nil {
				v.Check(false, d.Field, err.Error())
			}
		}
	}
	return v.Err()
}

// Destinations says where an inbox's settings send requests, and with which secrets, as the
// connector of its kind and provider has it (none for a connector that sends nowhere).
func (r *Registry) Destinations(kind switchboard.ChannelKind, settings json.RawMessage) []switchboard.Destination {
	c, _ := r.connector(kind, SettingsProvider(settings))
	if d, ok := c.(Destined); ok {
		return d.Destinations(settings)
	}
	return nil
}

// SettingsWarnings lists what an inbox's settings put at risk, as its connector sees it.
func (r *Registry) SettingsWarnings(kind switchboard.ChannelKind, settings json.RawMessage) []string {
	c, _ := r.connector(kind, SettingsProvider(settings))
	if w, ok := c.(Warner); ok {
		return w.SettingsWarnings(settings)
	}
	return nil
}

// SecretGenerator connectors have the server make some of an inbox's secrets as it is created,
// when none is given (a web chat's identity secret, which signs the site's user ids).
type SecretGenerator interface {
	GeneratedSecrets() []string
}

// GeneratedSecrets names the secrets the server makes for a new inbox of a kind.
func (r *Registry) GeneratedSecrets(kind switchboard.ChannelKind) []string {
	c, _ := r.connector(kind, "")
	if g, ok := c.(SecretGenerator); ok {
		return g.GeneratedSecrets()
	}
	return nil
}
