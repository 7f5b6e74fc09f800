package sqlstore_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestLabelTrainingDataText: each labelled conversation's training text is what its customer
// wrote in the first 20 of their messages that have text and are not deleted, joined by lines,
// cut at 2 KiB on a character boundary; agents' replies, notes and unlabelled conversations are
// left out; the newest labelled conversations come first, their labels by name.
func TestLabelTrainingDataText(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		for _, n := range []string{"billing", "shipping", "vip"} {
			if _, err := db.CreateLabel(w.adminCtx, &switchboard.LabelInput{Name: ptr(n)}); err != nil {
				t.Fatal(err)
			}
		}
		n := 0
		receive := func(from, text string) *switchboard.Message {
			t.Helper()
			n++
			m, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: from, ProviderID: fmt.Sprint("lt-", n), Text: text})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		// Many messages, one deleted, a reply and a note between them.
		var want []string
		for i := 0; i < 25; i++ {
			m := receive("+393330000001", fmt.Sprintf("question %d", i))
			switch i {
			case 3:
				if err := db.DeleteMessage(w.adminCtx, m.ID); err != nil {
					t.Fatal(err)
				}
			case 5:
				for _, note := range []bool{false, true} {
					if _, _, err := db.CreateMessage(w.adminCtx, m.ConversationID, &switchboard.MessageCreate{Text: "agent text", Note: note}); err != nil {
						t.Fatal(err)
					}
				}
			}
			if i != 3 && len(want) < 20 {
				want = append(want, fmt.Sprintf("question %d", i))
			}
		}
		many := receive("+393330000001", "one more").ConversationID
		// Long text: cut at 2 KiB without splitting a character.
		long := strings.Repeat("è", 700) // 1400 bytes
		longConv := receive("+393330000002", long).ConversationID
		receive("+393330000002", "x"+long)
		receive("+393330000002", "never read")
		// Unlabelled.
		receive("+393330000003", "no labels here")

		if _, err := db.AddLabels(w.adminCtx, many, []string{"vip", "shipping"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddLabels(w.adminCtx, longConv, []string{"billing"}); err != nil {
			t.Fatal(err)
		}
		docs, err := db.LabelTrainingData(w.sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 2 {
			t.Fatalf("%d documents, want 2: %+v", len(docs), docs)
		}
		wantLong := long + "\nx" + long
		wantLong = strings.ToValidUTF8(wantLong[:2048], "")
		if strings.Join(docs[0].Labels, ",") != "billing" || docs[0].Text != wantLong || !utf8.ValidString(docs[0].Text) {
			t.Errorf("long conversation = %v %d bytes, want billing %d bytes", docs[0].Labels, len(docs[0].Text), len(wantLong))
		}
		if strings.Join(docs[1].Labels, ",") != "shipping,vip" || docs[1].Text != strings.Join(want, "\n") {
			t.Errorf("conversation of many messages = %v %q, want shipping,vip %q", docs[1].Labels, docs[1].Text, strings.Join(want, "\n"))
		}
		if one, err := db.LabelTrainingData(w.sys, 1); err != nil || len(one) != 1 || one[0].Text != wantLong {
			t.Errorf("limit 1 = %+v, %v", one, err)
		}
	})
}
