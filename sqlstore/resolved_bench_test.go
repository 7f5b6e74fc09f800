package sqlstore_test

import (
	"context"
	"testing"

	"github.com/switchboardhq/switchboard/assistant/offline"
	"github.com/switchboardhq/switchboard/sqlstore"
)

// BenchmarkResolvedAnswers is the offline copilot's suggestion on the benchmark data set: the
// answers of the newest 500 resolved conversations the agent sees, then ranked against a
// question (what one "suggest" costs besides reading the thread).
func BenchmarkResolvedAnswers(b *testing.B) {
	onSeeded(b, func(b *testing.B, db *sqlstore.DB, me context.Context) {
		first, err := db.FindResolvedAnswers(me, 500)
		if err != nil {
			b.Fatal(err)
		}
		if len(first) == 0 {
			b.Fatal("no resolved conversation with an answer in the data set")
		}
		b.Run("query", func(b *testing.B) {
			for b.Loop() {
				if _, err := db.FindResolvedAnswers(me, 500); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(first)), "answers")
		})
		b.Run("query+rank", func(b *testing.B) {
			benchSuggest(b, db, me)
		})
	})
}

// benchSuggest reads the answers and ranks them, b.N times.
func benchSuggest(b *testing.B, db *sqlstore.DB, me context.Context) {
	for b.Loop() {
		answers, err := db.FindResolvedAnswers(me, 500)
		if err != nil {
			b.Fatal(err)
		}
		cands := make([]offline.Candidate, len(answers))
		for i, a := range answers {
			cands[i] = offline.Candidate{ID: a.ConversationID, Source: "resolved", Query: a.Question, Answer: a.Answer}
		}
		offline.RankAnswers("my order has not arrived yet, where is it?", cands, 3)
	}
}
