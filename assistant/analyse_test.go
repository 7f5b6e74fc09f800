package assistant

import (
	"errors"
	"testing"

	"github.com/switchboardhq/switchboard"
)

// TestParseRemote: the endpoint's answer is taken only in the shape asked for; labels the team
// does not have are dropped, never invented.
func TestParseRemote(t *testing.T) {
	turn := &switchboard.AnalysisTurn{TeamLabels: []string{"Shipping", "billing"}}
	for _, tt := range []struct {
		name, answer string
		ok           bool
		labels       []string
	}{
		{"names", `{"language":"es","sentiment":"negative","urgency":"high","labels":["shipping"]}`, true, []string{"Shipping"}},
		{"objects", `{"language":"","sentiment":"neutral","urgency":"low","labels":[{"label":"billing","score":0.7},{"label":"made up","score":0.9}]}`, true, []string{"billing"}},
		{"a whole analysis", `{"language":"en","sentiment":"positive","urgency":"normal","labels":[],"references":[],"actions":[],"provider":"x","message_ids":[]}`, true, nil},
		{"unknown key", `{"language":"en","sentiment":"positive","urgency":"normal","labels":[],"mood":"ok"}`, false, nil},
		{"bad sentiment", `{"language":"en","sentiment":"angry","urgency":"normal","labels":[]}`, false, nil},
		{"bad urgency", `{"language":"en","sentiment":"neutral","urgency":"","labels":[]}`, false, nil},
		{"bad language", `{"language":"english","sentiment":"neutral","urgency":"low","labels":[]}`, false, nil},
		{"bad score", `{"language":"en","sentiment":"neutral","urgency":"low","labels":[{"label":"billing","score":7}]}`, false, nil},
		{"two values", `{"language":"en","sentiment":"neutral","urgency":"low"} {}`, false, nil},
		{"prose", `Sure! Here is the analysis: negative`, false, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseRemote(tt.answer, turn)
			if !tt.ok {
				if !errors.Is(err, errMalformed) {
					t.Fatalf("err = %v, want malformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Labels) != len(tt.labels) {
				t.Fatalf("labels = %+v, want %v", a.Labels, tt.labels)
			}
			for i, l := range tt.labels {
				if a.Labels[i].Label != l {
					t.Fatalf("labels = %+v, want %v", a.Labels, tt.labels)
				}
			}
		})
	}
}

// TestActions: a suggested label the conversation lacks is an action, one it has is not; an
// urgent turn raises a lower priority (to urgent when it also reads negative), never lowers one.
func TestActions(t *testing.T) {
	a := &switchboard.Analysis{Sentiment: switchboard.SentimentNegative, Urgency: switchboard.UrgencyHigh,
		Labels: []switchboard.LabelSuggestion{{Label: "shipping"}, {Label: "vip"}}}
	got := actions(a, &switchboard.AnalysisTurn{Labels: []string{"VIP"}, Priority: switchboard.PriorityLow})
	want := []switchboard.SuggestedAction{{Kind: "apply_label", Value: "shipping"}, {Kind: "set_priority", Value: "urgent"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("actions = %+v, want %+v", got, want)
	}
	a.Sentiment = switchboard.SentimentNeutral
	if got := actions(a, &switchboard.AnalysisTurn{Priority: switchboard.PriorityUrgent}); len(got) != 2 || got[1].Kind != "apply_label" {
		t.Fatalf("an urgent conversation was lowered: %+v", got)
	}
	if got := actions(a, &switchboard.AnalysisTurn{}); got[len(got)-1] != (switchboard.SuggestedAction{Kind: "set_priority", Value: "high"}) {
		t.Fatalf("actions = %+v, want set_priority high", got)
	}
}
