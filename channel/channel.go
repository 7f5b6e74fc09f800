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
	"sort"
	"time"

	"github.com/switchboardhq/switchboard"
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

// SettingsValidator checks an inbox's settings document against the connector's typed
// configuration, answering a switchboard.Error with the problems by field ("settings.<name>").
type SettingsValidator interface {
	ValidateSettings(settings json.RawMessage) error
}

// Registry maps channel kinds to their connectors.
type Registry struct {
	connectors map[switchboard.ChannelKind]Connector
}

// NewRegistry returns a registry holding the connectors given.
func NewRegistry(cs ...Connector) *Registry {
	r := &Registry{connectors: map[switchboard.ChannelKind]Connector{}}
	for _, c := range cs {
		r.Register(c)
	}
	return r
}

// Register adds a connector; registering a kind twice is a programming error.
func (r *Registry) Register(c Connector) {
	if _, dup := r.connectors[c.Kind()]; dup {
		panic(fmt.Sprintf("channel: kind %s registered twice", c.Kind()))
	}
	r.connectors[c.Kind()] = c
}

// Connector returns the connector of a kind.
func (r *Registry) Connector(kind switchboard.ChannelKind) (Connector, bool) {
	c, ok := r.connectors[kind]
	return c, ok
}

// Sender returns the sender of a kind, if its connector can send.
func (r *Registry) Sender(kind switchboard.ChannelKind) (Sender, bool) {
	s, ok := r.connectors[kind].(Sender)
	return s, ok
}

// Kinds lists the registered kinds in order.
func (r *Registry) Kinds() []switchboard.ChannelKind {
	out := make([]switchboard.ChannelKind, 0, len(r.connectors))
	for k := range r.connectors {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// MediaLimits returns what a kind accepts: its connector's limits, or no files at all for a kind
// this build cannot send on.
func (r *Registry) MediaLimits(kind switchboard.ChannelKind) switchboard.MediaLimits {
	if l, ok := r.connectors[kind].(MediaLimiter); ok {
		return l.MediaLimits()
	}
	return switchboard.MediaLimits{}
}

// Capabilities says what a kind's connector can do beyond sending text.
func (r *Registry) Capabilities(kind switchboard.ChannelKind) switchboard.ChannelCapabilities {
	c := r.connectors[kind]
	var caps switchboard.ChannelCapabilities
	if w, ok := c.(Windowed); ok {
		caps.Window = w.CustomerWindow()
	}
	_, caps.Templates = c.(TemplateSource)
	_, caps.Reactions = c.(Reactor)
	_, caps.ReadReceipts = c.(ReadMarker)
	return caps
}

// WebhookReader returns the webhook reader of a kind, if its provider calls us.
func (r *Registry) WebhookReader(kind switchboard.ChannelKind) (WebhookReader, bool) {
	w, ok := r.connectors[kind].(WebhookReader)
	return w, ok
}

// Info describes every channel kind Switchboard knows, as this build supports it.
func (r *Registry) Info() []switchboard.ChannelInfo {
	out := make([]switchboard.ChannelInfo, 0, len(switchboard.ChannelKinds))
	for _, k := range switchboard.ChannelKinds {
		_, can := r.Sender(k)
		out = append(out, switchboard.ChannelInfo{Kind: k, CanSend: can, Media: r.MediaLimits(k), Capabilities: r.Capabilities(k)})
	}
	return out
}

// ValidateSettings checks an inbox's settings with its kind's connector, when it has rules.
func (r *Registry) ValidateSettings(kind switchboard.ChannelKind, settings json.RawMessage) error {
	if v, ok := r.connectors[kind].(SettingsValidator); ok {
		return v.ValidateSettings(settings)
	}
	return nil
}
