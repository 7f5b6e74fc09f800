package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// BenchmarkReceiveAnalysis measures what a customer's message costs to store with analysis off
// (the remembered switch: a map lookup) and on (the analysis job queued, or moved, in the same
// transaction), over 1000 customers writing in turn.
func BenchmarkReceiveAnalysis(b *testing.B) {
	for _, e := range sqltest.Engines(b) {
		for _, on := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/analysis=%v", e.Name, on), func(b *testing.B) {
				db, _ := e.Open(b, sqltest.Options{})
				benchReceive(b, db, on)
			})
		}
	}
}

func benchReceive(b *testing.B, db *sqlstore.DB, analysis bool) {
	sys := switchboard.NewSystemContext(context.Background())
	inbox, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Bench")})
	if err != nil {
		b.Fatal(err)
	}
	if analysis {
		admin, err := db.CreateFirstAdmin(context.Background(), &switchboard.AgentCreate{Name: "A", Email: "a@x.test", Password: "long enough password"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.SetAssistantSettings(switchboard.NewContextWithAgent(context.Background(), admin),
			&switchboard.AssistantSettingsInput{Analysis: ptr(true)}); err != nil {
			b.Fatal(err)
		}
	}
	n := 0
	b.ResetTimer()
	for b.Loop() {
		n++
		if _, _, _, err := db.Receive(sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: fmt.Sprintf("+39333%07d", n%1000),
			ProviderID: fmt.Sprintf("wamid.%d", n), Text: "Hello, my order 12345 has not arrived yet"}); err != nil {
			b.Fatal(err)
		}
	}
}
