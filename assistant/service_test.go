package assistant

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// turnStore is a store holding one conversation's turn, counting the analyses saved.
type turnStore struct {
	switchboard.AssistantStore
	turn  *switchboard.AnalysisTurn
	saved int
}

func (s *turnStore) AssistantConfig(context.Context) (*switchboard.AssistantSettings, switchboard.AssistantKeys, error) {
	return &switchboard.AssistantSettings{Provider: switchboard.AssistantOffline, Analysis: true}, switchboard.AssistantKeys{}, nil
}

func (s *turnStore) FindAnalysisTurn(context.Context, int64) (*switchboard.AnalysisTurn, error) {
	return s.turn, nil
}

func (s *turnStore) AssistantModel(context.Context, string) ([]byte, time.Time, error) {
	return nil, time.Time{}, nil
}

func (s *turnStore) SaveAnalysis(context.Context, int64, *switchboard.Analysis) (*switchboard.Message, error) {
	s.saved++
	return &switchboard.Message{}, nil
}

// TestHandleAnalyseHonoursTheInboxSwitch: a queued job whose conversation's inbox keeps analysis
// away (turned off during the delay, or the conversation moved there) analyses nothing.
func TestHandleAnalyseHonoursTheInboxSwitch(t *testing.T) {
	args, _ := json.Marshal(switchboard.AnalyseTurnArgs{ConversationID: 7})
	for _, on := range []bool{true, false} {
		st := &turnStore{turn: &switchboard.AnalysisTurn{ConversationID: 7, InboxID: 1,
			InboxAssistant: switchboard.InboxAssistant{Analysis: on, Copilot: true, Translation: true},
			Labels:         []string{}, TeamLabels: []string{},
			Messages: []switchboard.TurnMessage{{ID: 1, Text: "My order never arrived, this is terrible."}}}}
		s := &Service{Store: st}
		if err := s.HandleAnalyse(context.Background(), &switchboard.Job{Args: args}); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{true: 1, false: 0}[on]; st.saved != want {
			t.Errorf("inbox analysis %v: %d analyses saved, want %d", on, st.saved, want)
		}
	}
}
