package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestAnalysisFilterIndexesArePartial: the indexes of the sentiment, urgency and language
// filters hold the analysed conversations only (a conversation's writes with analysis off keep
// no entries in them), and the list's filters are planned on them on both engines.
func TestAnalysisFilterIndexesArePartial(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		for _, c := range []struct {
			index  string
			filter switchboard.ConversationFilter
		}{
			{"conversations_sentiment_activity", switchboard.ConversationFilter{Sentiment: switchboard.SentimentNegative}},
			{"conversations_urgency_activity", switchboard.ConversationFilter{Urgency: switchboard.UrgencyHigh}},
			{"conversations_language_activity", switchboard.ConversationFilter{Language: "en"}},
		} {
			def, err := db.IndexSQLForTest(c.index)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(def, "WHERE") || !strings.Contains(def, "<>") {
				t.Errorf("%s is not partial: %s", c.index, def)
			}
			plan, err := db.ConversationPlanForTest(w.adminCtx, c.filter)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, c.index) {
				t.Errorf("filter %+v is not planned on %s:\n%s", c.filter, c.index, plan)
			}
		}
	})
}
