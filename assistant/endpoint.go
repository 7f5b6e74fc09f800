package assistant

import (
	"context"
	"errors"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant/offline"
)

// The Service as the copilot and translation use it (Workspace): the settings, and the
// endpoint's client guarded like the analysis's calls — redacted when the settings say so, not
// called past the day's budget, each call's tokens and outcome recorded for the settings' health.

var _ Workspace = (*Service)(nil)

// EndpointTimeout bounds one streamed answer of the endpoint to an agent (a local model may be
// slow to finish a reply).
const EndpointTimeout = 90 * time.Second

// EmbedTimeout bounds one call for embeddings: an agent waits for it before the answer starts.
const EmbedTimeout = 15 * time.Second

// Configured returns the workspace's settings and keys, read as the system: the features check
// the acting agent's rights themselves.
func (s *Service) Configured(ctx context.Context) (*switchboard.AssistantSettings, switchboard.AssistantKeys, error) {
	return s.Store.AssistantConfig(switchboard.NewSystemContext(ctx))
}

// callable returns the settings and keys when the endpoint may be called now, or ErrNoEndpoint
// when the provider is offline, no client can be made, or today's budget is spent.
func (s *Service) callable(ctx context.Context) (*switchboard.AssistantSettings, switchboard.AssistantKeys, error) {
	settings, keys, err := s.Configured(ctx)
	if err != nil {
		return nil, keys, err
	}
	if settings.Provider != switchboard.AssistantOpenAI || s.NewChatter == nil || s.HTTP == nil {
		return nil, keys, ErrNoEndpoint
	}
	if settings.DailyTokenBudget > 0 && settings.TokensToday >= settings.DailyTokenBudget {
		return nil, keys, ErrNoEndpoint
	}
	return settings, keys, nil
}

// Endpoint returns the guarded client of the configured endpoint, or ErrNoEndpoint when the
// provider is offline, none can be made, or today's budget is spent.
func (s *Service) Endpoint(ctx context.Context) (Chatter, error) {
	settings, keys, err := s.callable(ctx)
	if err != nil {
		return nil, err
	}
	return s.guarded(settings, keys, EndpointTimeout), nil
}

// Embedder returns the guarded client of the configured endpoint for embeddings with the
// settings' embedding model, or ErrNoEndpoint when Endpoint would, when no embedding model is
// set, or when the client cannot embed.
func (s *Service) Embedder(ctx context.Context) (Embedder, error) {
	settings, keys, err := s.callable(ctx)
	if err != nil {
		return nil, err
	}
	if settings.EmbeddingModel == "" {
		return nil, ErrNoEndpoint
	}
	g := s.guarded(settings, keys, EmbedTimeout)
	if g.embed == nil {
		return nil, ErrNoEndpoint
	}
	return g, nil
}

// guarded is the endpoint's client under the settings' redaction, recording each call; timeout
// bounds one call.
func (s *Service) guarded(settings *switchboard.AssistantSettings, keys switchboard.AssistantKeys, timeout time.Duration) *guardedEndpoint {
	chat := s.NewChatter(settings, keys.APIKey, s.HTTP(timeout))
	g := &guardedEndpoint{s: s, chat: chat, redact: settings.Redact}
	if e, ok := chat.(Embedder); ok && settings.EmbeddingModel != "" {
		g.embed, g.embedModel = e, settings.BaseURL+" "+settings.EmbeddingModel
	}
	return g
}

// guardedEndpoint is an endpoint's client that redacts what it sends and records what it
// spent.
type guardedEndpoint struct {
	s      *Service
	chat   Chatter
	redact bool
	// embed is the client's embeddings (nil: none), with the endpoint and model that make them
	// (the cache's key).
	embed      Embedder
	embedModel string
}

// Chat implements Chatter. With redaction on, the references that identify a person are
// replaced by numbered placeholders before the request leaves, and put back into the answer —
// into each streamed piece before it is handed on, and into the result — as offline.Redaction
// says: the agent sees their own text whole, never a customer's card number or IBAN copied
// into a suggestion, a summary or a translation.
func (g *guardedEndpoint) Chat(ctx context.Context, req ChatRequest, onDelta func(string) error) (ChatResult, error) {
	var red *offline.Redaction
	if g.redact {
		red = &offline.Redaction{}
		msgs := make([]ChatMessage, len(req.Messages))
		for i, m := range req.Messages {
			msgs[i] = ChatMessage{Role: m.Role, Content: red.Redact(m.Content, m.Own), Own: m.Own}
		}
		req.Messages = msgs
	}
	stopped := false // the agent went away: not the endpoint's failure
	deltas, flush := restoring(red, onDelta, &stopped)
	res, err := g.chat.Chat(ctx, req, deltas)
	if err == nil {
		err = flush()
	}
	if red != nil {
		res.Text = red.Restore(res.Text)
	}
	g.record(ctx, res.Usage.TotalTokens, err, stopped)
	return res, err
}

// Embed implements Embedder: the texts redacted when the settings say so, the vectors of texts
// embedded before taken from the Service's cache, the others asked for in one call.
func (g *guardedEndpoint) Embed(ctx context.Context, texts []string) ([][]float32, Usage, error) {
	if g.embed == nil {
		return nil, Usage{}, ErrNoEndpoint
	}
	sent := texts
	if g.redact {
		sent = make([]string, len(texts))
		for i, t := range texts {
			sent[i] = offline.Redact(t)
		}
	}
	out, missing := g.s.vectors.get(g.embedModel, sent)
	if len(missing) == 0 {
		return out, Usage{}, nil
	}
	ask := make([]string, len(missing))
	for i, at := range missing {
		ask[i] = sent[at]
	}
	vecs, usage, err := g.embed.Embed(ctx, ask)
	g.record(ctx, usage.TotalTokens, err, false)
	if err != nil {
		return nil, usage, err
	}
	for i, at := range missing {
		out[at] = vecs[i]
		g.s.vectors.put(g.embedModel, ask[i], vecs[i])
	}
	return out, usage, nil
}

// record saves a call's tokens and outcome for the settings' health and the circuit breaker; a
// call the agent stopped (or whose request ended) is not the endpoint's failure.
func (g *guardedEndpoint) record(ctx context.Context, tokens int, err error, stopped bool) {
	errText := ""
	if err != nil && !stopped && !errors.Is(err, context.Canceled) {
		errText = err.Error()
	}
	if rerr := g.s.Store.RecordAssistantCall(switchboard.NewSystemContext(context.WithoutCancel(ctx)), tokens, errText); rerr != nil {
		g.s.log().Warn("assistant: recording a call failed", "error", rerr)
	}
	g.s.breaker.record(g.s.now(), err == nil, errText != "")
}

// restoring wraps onDelta (nil stays nil): each piece has its placeholders restored before it is
// handed on, a possible placeholder cut at a piece's end held back until the next piece (or
// flush, at the end of the answer) completes it; an error of onDelta sets *stopped.
func restoring(red *offline.Redaction, onDelta func(string) error, stopped *bool) (deltas func(string) error, flush func() error) {
	if onDelta == nil {
		return nil, func() error { return nil }
	}
	var held string
	hand := func(piece string) error {
		if piece == "" {
			return nil
		}
		if err := onDelta(piece); err != nil {
			*stopped = true
			return err
		}
		return nil
	}
	deltas = func(piece string) error {
		if red == nil {
			return hand(piece)
		}
		piece = held + piece
		n := red.Pending(piece)
		held = piece[len(piece)-n:]
		return hand(red.Restore(piece[:len(piece)-n]))
	}
	flush = func() error {
		if red == nil || held == "" {
			return nil
		}
		piece := held
		held = ""
		return hand(red.Restore(piece))
	}
	return deltas, flush
}
