// Package channel holds the connector registry: each channel kind (WhatsApp, email, the API
// channel, …) is a connector registered explicitly by cmd, and generic code (delivery, inbound
// webhooks) asks the registry for the connector of an inbox's kind and for the capabilities it
// has, never switching on the kind itself.
package channel

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

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

// Info describes every channel kind Switchboard knows, as this build supports it.
func (r *Registry) Info() []switchboard.ChannelInfo {
	out := make([]switchboard.ChannelInfo, 0, len(switchboard.ChannelKinds))
	for _, k := range switchboard.ChannelKinds {
		_, can := r.Sender(k)
		out = append(out, switchboard.ChannelInfo{Kind: k, CanSend: can, Media: r.MediaLimits(k)})
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
