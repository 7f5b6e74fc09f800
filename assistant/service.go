package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant/offline"
	"github.com/switchboardhq/switchboard/jobs"
)

// ChatterFactory makes the client of an OpenAI-compatible endpoint from the workspace's settings
// and key, over client (whose timeout bounds each call). cmd wires package openai's.
type ChatterFactory func(s *switchboard.AssistantSettings, key string, client *http.Client) Chatter

// Service runs the assistant's jobs: the analysis of customers' turns and the retraining of the
// label model. Every call to an endpoint goes through HTTP, the server's egress policy.
type Service struct {
	Store switchboard.AssistantStore
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// HTTP returns the egress client for calls that may take up to timeout.
	HTTP func(timeout time.Duration) *http.Client
	// NewChatter makes the endpoint's client; nil leaves only the offline provider.
	NewChatter ChatterFactory
	// CheckLibreTranslate makes one tiny call to a LibreTranslate server (one word translated),
	// for the admin's test; nil skips it. cmd wires package libretranslate's.
	CheckLibreTranslate func(ctx context.Context, url, key string, client *http.Client) error
	// Timeout bounds the call to the endpoint during analysis, made once (default 10 s).
	Timeout time.Duration
	Log     *slog.Logger

	// breaker holds analysis off a failing endpoint (see breaker.go).
	breaker breaker

	mu     sync.Mutex
	labels *offline.LabelModel
	// labelsAt is when the model held was trained; labelsRead when the store was last asked.
	labelsAt, labelsRead time.Time
	// vectors are the embeddings made so far (see guardedEndpoint.Embed).
	vectors vectorCache
}

// labelModelFresh is how long a loaded label model is used before the store is asked again.
const labelModelFresh = 30 * time.Second

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// HandleAnalyse runs a JobAnalyseTurn job: it reads the conversation's current customer turn,
// analyses it (the endpoint's model when one is configured and within its budget, else — and on
// any failure — the offline analysers) and saves the note. Analysis turned off since the job was
// queued, for the workspace or for the conversation's inbox as it is now, does nothing.
func (s *Service) HandleAnalyse(ctx context.Context, j *switchboard.Job) error {
	var args switchboard.AnalyseTurnArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		return jobs.Final(fmt.Errorf("analyse-turn arguments: %w", err))
	}
	sys := switchboard.NewSystemContext(ctx)
	settings, keys, err := s.Store.AssistantConfig(sys)
	if err != nil {
		return err
	}
	if !settings.Analysis {
		return nil
	}
	turn, err := s.Store.FindAnalysisTurn(sys, args.ConversationID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if !turn.InboxAssistant.Analysis || len(turn.Messages) == 0 {
		return nil // the inbox turned analysis off, or the team answered, meanwhile
	}
	a, err := s.Analyse(sys, settings, keys, turn)
	if err != nil {
		return err
	}
	_, err = s.Store.SaveAnalysis(sys, args.ConversationID, a)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	}
	return err
}

// HandleTrain runs a JobTrainLabels job: the label model is learned again from the newest
// labelled conversations and stored.
func (s *Service) HandleTrain(ctx context.Context, _ *switchboard.Job) error {
	sys := switchboard.NewSystemContext(ctx)
	docs, err := s.Store.LabelTrainingData(sys, 0)
	if err != nil {
		return err
	}
	m := Train(docs)
	raw, err := json.Marshal(m)
	if err != nil {
		return jobs.Final(fmt.Errorf("encode label model: %w", err))
	}
	if err := s.Store.SaveAssistantModel(sys, switchboard.LabelModelName, raw); err != nil {
		return err
	}
	s.mu.Lock()
	s.labels, s.labelsAt, s.labelsRead = m, s.now(), s.now()
	s.mu.Unlock()
	return nil
}

// labelModel returns the workspace's label model as last trained (nil when none), read from the
// store at most every labelModelFresh.
func (s *Service) labelModel(ctx context.Context) (*offline.LabelModel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.labelsRead.IsZero() && s.now().Sub(s.labelsRead) < labelModelFresh {
		return s.labels, nil
	}
	raw, at, err := s.Store.AssistantModel(ctx, switchboard.LabelModelName)
	if err != nil {
		return nil, err
	}
	s.labelsRead = s.now()
	if raw == nil {
		s.labels = nil
		return nil, nil
	}
	if s.labels != nil && at.Equal(s.labelsAt) {
		return s.labels, nil
	}
	m := &offline.LabelModel{}
	if err := json.Unmarshal(raw, m); err != nil {
		s.log().Warn("assistant: stored label model unreadable", "error", err)
		s.labels = nil
		return nil, nil
	}
	s.labels, s.labelsAt = m, at
	return m, nil
}
