package sqlstore

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// BenchmarkAnalysisSwitchOff measures what a workspace with analysis off pays per stored message
// for the assistant: reading the remembered switch (no statement).
func BenchmarkAnalysisSwitchOff(b *testing.B) {
	at := time.Now() // a still clock: the entry stays fresh (it is read again every second in use)
	db := &DB{now: func() time.Time { return at }}
	db.initRemembered()
	db.liveAssistant.put(struct{}{}, assistantSwitch{}, db.configGen.Load())
	ctx := context.Background()
	for b.Loop() {
		sw, err := db.assistantSwitchOf(ctx, nil, false)
		if err != nil || sw.analysis {
			b.Fatal(err)
		}
	}
}

// BenchmarkDispatchAnalysis measures, inside a transaction (without its commit, whose flush is
// most of a message's cost and does not change), what the assistant adds to the transaction
// that stores a customer's message: with analysis off the remembered switch; with it on also
// the message event read, the inbox's switch (remembered) and the analysis job upserted.
func BenchmarkDispatchAnalysis(b *testing.B) {
	for _, on := range []bool{false, true} {
		b.Run(map[bool]string{false: "off", true: "on"}[on], func(b *testing.B) {
			ctx := context.Background()
			db, err := Open(ctx, Config{URL: filepath.Join(b.TempDir(), "bench.db"), SecretKey: []byte("0123456789abcdef0123456789abcdef")})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if err := db.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			sys := switchboard.NewSystemContext(ctx)
			inbox, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptrTo("Bench")})
			if err != nil {
				b.Fatal(err)
			}
			if on {
				if err := db.update(sys, func(tx *Tx) error {
					tx.configChanged = true
					_, err := tx.exec("INSERT INTO assistant_settings (id, analysis, updated_at) VALUES (1, TRUE, 0)")
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
			err = db.update(sys, func(tx *Tx) error {
				n := int64(0)
				b.ResetTimer()
				for b.Loop() {
					n++
					m := &switchboard.Message{ID: n, ConversationID: n, InboxID: inbox.ID, Direction: switchboard.DirectionIncoming,
						SenderType: switchboard.SenderContact, Kind: switchboard.KindText, Text: "Hello, my order 12345 has not arrived yet"}
					tx.events = tx.events[:0]
					tx.emit(switchboard.EventMessageCreated, &m.InboxID, &m.ConversationID, nil, m)
					if err := tx.dispatchAnalysis(); err != nil {
						return err
					}
				}
				b.StopTimer()
				tx.events = tx.events[:0]
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }
