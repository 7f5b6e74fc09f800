package assistant

import (
	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant/offline"
)

// Train learns the label model from the team's labelled conversations.
func Train(docs []switchboard.LabelledText) *offline.LabelModel {
	in := make([]offline.LabelledText, len(docs))
	for i, d := range docs {
		in[i] = offline.LabelledText{Text: d.Text, Labels: d.Labels}
	}
	return offline.TrainLabels(in)
}
