package sqlstore_test

import (
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestTranslationsCachedScopedAndForgotten(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		m, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393331112222", ProviderID: "tr-1", Text: "Hola, ¿dónde está mi pedido?"})
		if err != nil {
			t.Fatal(err)
		}
		got, cached, err := db.FindTranslation(w.annCtx, m.ID, "en")
		if err != nil || cached != nil || got.ID != m.ID || got.Text != m.Text {
			t.Fatalf("before any translation: %v, %+v, %v", got, cached, err)
		}
		// Bob does not see the Sales inbox: neither the message nor its translations exist for him.
		_, _, err = db.FindTranslation(w.bobCtx, m.ID, "en")
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.SaveTranslation(w.bobCtx, &switchboard.Translation{MessageID: m.ID, Language: "en", Text: "x", Provider: "apertium", Original: m.Text})
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.FindTranslations(w.bobCtx, conv.ID, "en")
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.SaveTranslation(w.annCtx, &switchboard.Translation{MessageID: m.ID, Language: "english", Text: "x", Provider: "apertium", Original: m.Text})
		wantFieldErr(t, err, switchboard.EINVALID, "language")

		saved, err := db.SaveTranslation(w.annCtx, &switchboard.Translation{MessageID: m.ID, Language: "en", Source: "es", Text: "Hello, where is my order?", Provider: "apertium", Original: m.Text})
		if err != nil {
			t.Fatal(err)
		}
		if saved.Text != "Hello, where is my order?" || saved.Source != "es" || saved.Provider != "apertium" || saved.CreatedAt.IsZero() {
			t.Errorf("saved = %+v", saved)
		}
		// A second translation of the same message and language keeps the first.
		again, err := db.SaveTranslation(w.adminCtx, &switchboard.Translation{MessageID: m.ID, Language: "en", Text: "Other", Provider: "libretranslate", Original: m.Text})
		if err != nil || again.Text != saved.Text || again.Provider != "apertium" {
			t.Errorf("second save = %+v, %v; want the first kept", again, err)
		}
		if _, err := db.SaveTranslation(w.annCtx, &switchboard.Translation{MessageID: m.ID, Language: "it", Text: "Ciao, dov'è il mio ordine?", Provider: "apertium", Original: m.Text}); err != nil {
			t.Fatal(err)
		}
		list, err := db.FindTranslations(w.annCtx, conv.ID, "en")
		if err != nil || len(list) != 1 || list[0].Text != saved.Text || list[0].MessageID != m.ID {
			t.Fatalf("translations into en = %+v, %v", list, err)
		}
		if _, cached, _ = db.FindTranslation(w.annCtx, m.ID, "it"); cached == nil || cached.Language != "it" {
			t.Errorf("cached into it = %+v", cached)
		}

		// A customer's edit makes the translations stale: they go.
		if _, err := db.ReceiveBatch(w.sys, &switchboard.InboundBatch{InboxID: w.inbox1.ID,
			Edits: []*switchboard.InboundEdit{{ProviderID: "tr-1", Text: "Hola, ¿dónde está mi factura?"}}}); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.FindTranslations(w.annCtx, conv.ID, "it"); len(list) != 0 {
			t.Errorf("after an edit, translations = %+v", list)
		}
		// So does deleting the message.
		if _, err := db.SaveTranslation(w.annCtx, &switchboard.Translation{MessageID: m.ID, Language: "en", Text: "Where is my invoice?", Provider: "apertium", Original: "Hola, ¿dónde está mi factura?"}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteMessage(w.adminCtx, m.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.FindTranslations(w.adminCtx, conv.ID, "en"); len(list) != 0 {
			t.Errorf("after deletion, translations = %+v", list)
		}

		// Erasing the contact takes every translation of their messages with it.
		m2, conv2, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393331112222", ProviderID: "tr-2", Text: "Gracias"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveTranslation(w.annCtx, &switchboard.Translation{MessageID: m2.ID, Language: "en", Text: "Thanks", Provider: "apertium", Original: m2.Text}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteContact(w.adminCtx, conv2.ContactID); err != nil {
			t.Fatal(err)
		}
		if n := db.CountRowsForTest("message_translations"); n != 0 {
			t.Errorf("after erasure, %d translations are left", n)
		}
	})
}

func TestResolvedAnswersScopedToTheAgentsInboxes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		resolve := func(inbox *switchboard.Inbox, from, provider, question, answer string) int64 {
			t.Helper()
			_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: from, ProviderID: provider, Text: question})
			if err != nil {
				t.Fatal(err)
			}
			if answer != "" {
				for _, text := range []string{"Let me check.", answer} {
					if _, _, err := db.CreateMessage(w.adminCtx, conv.ID, &switchboard.MessageCreate{Text: text}); err != nil {
						t.Fatal(err)
					}
				}
				if _, _, err := db.CreateMessage(w.adminCtx, conv.ID, &switchboard.MessageCreate{Text: "private", Note: true}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.SetStatus(w.adminCtx, conv.ID, switchboard.StatusResolved); err != nil {
				t.Fatal(err)
			}
			return conv.ID
		}
		sales := resolve(w.inbox1, "+393330000001", "ra-1", "How do I reset my password?", "Use the link under Sign in.")
		support := resolve(w.inbox2, "+393330000002", "ra-2", "My parcel is late", "It ships tomorrow.")
		resolve(w.inbox1, "+393330000003", "ra-3", "Unanswered", "")
		// Open conversations are no answers yet.
		if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000004", ProviderID: "ra-4", Text: "Still open"}); err != nil {
			t.Fatal(err)
		}

		got, err := db.FindResolvedAnswers(w.annCtx, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ConversationID != sales || got[0].Question != "How do I reset my password?" || got[0].Answer != "Use the link under Sign in." {
			t.Errorf("Ann's answers = %+v, want the Sales one only", got)
		}
		all, err := db.FindResolvedAnswers(w.adminCtx, 500)
		if err != nil || len(all) != 2 || all[0].ConversationID != support || all[1].ConversationID != sales {
			t.Errorf("admin's answers = %+v, %v; want support then sales", all, err)
		}
		// The bound counts conversations: the newest resolved one had no answer.
		if one, _ := db.FindResolvedAnswers(w.adminCtx, 1); len(one) != 0 {
			t.Errorf("limit 1 gave %+v, want none", one)
		}
		if two, _ := db.FindResolvedAnswers(w.adminCtx, 2); len(two) != 1 || two[0].ConversationID != support {
			t.Errorf("limit 2 gave %+v, want support", two)
		}
	})
}

// TestTranslationNotSavedForChangedText: a translation is kept only while its message still
// has the text the engine translated. A message edited, unsent or deleted while the engine
// worked (its translations forgotten then) does not get the old text's translation back, and
// the list never shows a deleted message's translation.
func TestTranslationNotSavedForChangedText(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		m, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393331112222", ProviderID: "tc-1", Text: "Hola, ¿dónde está mi pedido?"})
		if err != nil {
			t.Fatal(err)
		}
		read := m.Text // what the engine was given
		// The customer edits it while the engine works.
		if _, err := db.ReceiveBatch(w.sys, &switchboard.InboundBatch{InboxID: w.inbox1.ID,
			Edits: []*switchboard.InboundEdit{{ProviderID: "tc-1", Text: "Hola, ¿dónde está mi factura?"}}}); err != nil {
			t.Fatal(err)
		}
		_, err = db.SaveTranslation(w.annCtx, &switchboard.Translation{MessageID: m.ID, Language: "en", Text: "Hello, where is my order?", Provider: "apertium", Original: read})
		wantCode(t, err, switchboard.ECONFLICT)
		if n := db.CountRowsForTest("message_translations"); n != 0 {
			t.Fatalf("the old text's translation was kept: %d rows", n)
		}
		_, err = db.SaveTranslation(w.annCtx, &switchboard.Translation{MessageID: m.ID, Language: "en", Text: "x", Provider: "apertium"})
		wantFieldErr(t, err, switchboard.EINVALID, "original")

		// Deleted while the engine worked.
		got, _, err := db.FindTranslation(w.annCtx, m.ID, "en")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteMessage(w.adminCtx, m.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.SaveTranslation(w.annCtx, &switchboard.Translation{MessageID: m.ID, Language: "en", Text: "Hello, where is my invoice?", Provider: "apertium", Original: got.Text})
		wantCode(t, err, switchboard.ECONFLICT)
		if n := db.CountRowsForTest("message_translations"); n != 0 {
			t.Fatalf("a deleted message's translation was kept: %d rows", n)
		}
		// Should one be left, the conversation's list does not show it.
		db.KeepTranslationForTest(m.ID, "en", "Hello, where is my invoice?")
		if list, err := db.FindTranslations(w.annCtx, conv.ID, "en"); err != nil || len(list) != 0 {
			t.Errorf("a deleted message's translations listed: %+v, %v", list, err)
		}

	})
}
