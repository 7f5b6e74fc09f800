package sqlstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// benchEmail is the long message of the mix: an email quoting an order, an invoice, a tracking
// number, an amount, a date and an IBAN.
const benchEmail = `Dear support team,

I am writing about my order ORD-48213, placed on 2 December and paid with invoice INV-2026-0192
(149.90 EUR). The parcel was supposed to arrive by 12/12/2026 but the tracking number
1Z999AA10123456784 has shown "in transit" for six days now, and nobody answered my two previous
emails. I need the boots for a trip on the 20th, so if they cannot arrive by the 18th please
cancel the order and refund me to IBAN DE89 3704 0044 0532 0130 00, or call me on +49 170 1234567.

This is really disappointing; I have ordered from you for years and never had a problem before.

Kind regards,
Martina Keller`

// readTSV reads a tab-separated file of the offline analysers' test data, skipping its header
// or comment line: each row's fields.
func readTSV(b *testing.B, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		if first {
			continue
		}
		if line := sc.Text(); line != "" {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return rows
}

// BenchmarkAnalyseTurn measures the analysis job's whole work per customer turn, as
// assistant.Service.HandleAnalyse does it: the settings read, the turn found, the offline
// analysers and the label model (trained on the 240 labelled messages of the offline tests, six
// labels) run, and the note saved in one transaction with its events. The turns are a mix of the
// offline evaluation set's chat lines in five languages and, every fifth, a long email with
// references; each is a new customer's first message, stored before the timer runs. The
// analysers sub-benchmark times the offline analysis alone on the same mix.
func BenchmarkAnalyseTurn(b *testing.B) {
	labelled := readTSV(b, "../assistant/offline/testdata/labels.tsv")
	var chat []string
	for _, r := range readTSV(b, "../assistant/offline/testdata/eval.tsv") {
		chat = append(chat, r[3])
	}
	for _, e := range sqltest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			db, _ := e.Open(b, sqltest.Options{})
			ctx := context.Background()
			sys := switchboard.NewSystemContext(ctx)
			admin, err := db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "A", Email: "a@x.test", Password: "long enough password"})
			if err != nil {
				b.Fatal(err)
			}
			me := switchboard.NewContextWithAgent(ctx, admin)
			if _, err := db.SetAssistantSettings(me, &switchboard.AssistantSettingsInput{Analysis: ptr(true)}); err != nil {
				b.Fatal(err)
			}
			var docs []switchboard.LabelledText
			names := map[string]bool{}
			for _, r := range labelled {
				docs = append(docs, switchboard.LabelledText{Text: r[2], Labels: []string{r[0]}})
				names[r[0]] = true
			}
			for name := range names {
				if _, err := db.CreateLabel(me, &switchboard.LabelInput{Name: ptr(name)}); err != nil {
					b.Fatal(err)
				}
			}
			raw, err := json.Marshal(assistant.Train(docs))
			if err != nil {
				b.Fatal(err)
			}
			if err := db.SaveAssistantModel(sys, switchboard.LabelModelName, raw); err != nil {
				b.Fatal(err)
			}
			inbox, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Bench")})
			if err != nil {
				b.Fatal(err)
			}
			svc := &assistant.Service{Store: db}
			n := 0
			// turn stores the next turn of the mix, a new customer's first message, and returns
			// its conversation.
			turn := func() int64 {
				n++
				text := chat[n%len(chat)]
				if n%5 == 0 {
					text = benchEmail
				}
				_, conv, _, err := db.Receive(sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: fmt.Sprintf("+39333%07d", n),
					ProviderID: fmt.Sprintf("wamid.%d", n), Text: text})
				if err != nil {
					b.Fatal(err)
				}
				return conv.ID
			}
			b.Run("job", func(b *testing.B) {
				notes, suggested, i := 0, 0, 0
				b.ReportAllocs()
				for b.Loop() {
					b.StopTimer()
					conv := turn()
					args, _ := json.Marshal(switchboard.AnalyseTurnArgs{ConversationID: conv})
					b.StartTimer()
					if err := svc.HandleAnalyse(ctx, &switchboard.Job{Kind: switchboard.JobAnalyseTurn, Args: args}); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					if i++; i <= 50 { // the first turns are checked: a note each, labels suggested for some
						notes, suggested = checkNote(b, db, me, conv, notes, suggested)
					}
					b.StartTimer()
				}
				b.StopTimer()
				if notes == 0 || (i >= 50 && suggested == 0) {
					b.Fatalf("%d notes and %d with suggested labels over the first %d turns", notes, suggested, min(i, 50))
				}
			})
			// The analysers and the label model alone, on the same mix: the rest of the job is
			// the store's.
			b.Run("analysers", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					b.StopTimer()
					t, err := db.FindAnalysisTurn(sys, turn())
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if _, err := svc.Offline(sys, t); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// checkNote counts the conversation's analysis note and whether it suggests labels; a turn with
// no note fails the benchmark.
func checkNote(b *testing.B, db *sqlstore.DB, me context.Context, convID int64, notes, suggested int) (int, int) {
	page, err := db.FindMessages(me, convID, switchboard.MessageFilter{})
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range page.Items {
		if m.Kind == switchboard.KindNote && m.Content != nil && m.Content.Analysis != nil {
			if len(m.Content.Analysis.Labels) > 0 {
				suggested++
			}
			return notes + 1, suggested
		}
	}
	b.Fatalf("no analysis note in conversation %d", convID)
	return notes, suggested
}
