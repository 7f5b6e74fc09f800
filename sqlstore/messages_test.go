package sqlstore_test

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestReplyIsIdempotent(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c := w.start(t, w.annCtx, w.inbox1, w.carla, "hi")

		// A double click: the same key sent concurrently and again later creates one message.
		var wg sync.WaitGroup
		results := make([]*switchboard.Message, 5)
		created := make([]bool, 5)
		errs := make([]error, 5)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], created[i], errs[i] = db.CreateMessage(w.annCtx, c.ID, &switchboard.MessageCreate{Text: "Your refund is on its way", IdempotencyKey: "k-1"})
			}()
		}
		wg.Wait()
		nCreated := 0
		for i := range results {
			if errs[i] != nil {
				t.Fatalf("attempt %d: %v", i, errs[i])
			}
			if results[i].ID != results[0].ID {
				t.Errorf("attempt %d returned message %d, want %d", i, results[i].ID, results[0].ID)
			}
			if created[i] {
				nCreated++
			}
		}
		if nCreated != 1 {
			t.Errorf("%d attempts reported creating the message, want 1", nCreated)
		}
		page, err := db.FindMessages(w.annCtx, c.ID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range page.Items {
			if m.Text == "Your refund is on its way" {
				n++
				if m.Status != switchboard.MessagePending || m.Direction != switchboard.DirectionOutgoing || m.SenderName != "ann" {
					t.Errorf("reply = %+v", m)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d copies of the reply, want 1", n)
		}
		// The same key in another conversation is a mistake, not a resend.
		c2 := w.start(t, w.annCtx, w.inbox1, w.dino, "hi")
		_, _, err = db.CreateMessage(w.annCtx, c2.ID, &switchboard.MessageCreate{Text: "x", IdempotencyKey: "k-1"})
		wantCode(t, err, switchboard.ECONFLICT)
		// Another agent may use the same key for their own message.
		if _, created, err := db.CreateMessage(w.adminCtx, c.ID, &switchboard.MessageCreate{Text: "x", IdempotencyKey: "k-1"}); err != nil || !created {
			t.Errorf("admin with the same key: created=%v err=%v", created, err)
		}
	})
}

func TestNotesRepliesAndValidation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c := w.start(t, w.adminCtx, w.inbox1, w.carla, "first")
		other := w.start(t, w.adminCtx, w.inbox1, w.dino, "elsewhere")
		first, err := db.FindMessages(w.annCtx, c.ID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		firstID := first.Items[0].ID
		otherPage, _ := db.FindMessages(w.annCtx, other.ID, switchboard.MessageFilter{})

		note, _, err := db.CreateMessage(w.annCtx, c.ID, &switchboard.MessageCreate{Note: true, Text: "check this",
			HTML: `<p onclick="steal()">check <script>alert(1)</script>this</p>`, Mentions: []int64{w.admin.ID}, ReplyToID: &firstID})
		if err != nil {
			t.Fatal(err)
		}
		if note.Kind != switchboard.KindNote || note.Direction != switchboard.DirectionInternal || note.Status != "" {
			t.Errorf("note = %+v", note)
		}
		if note.HTML != "<p>check this</p>" {
			t.Errorf("note HTML not sanitised: %q", note.HTML)
		}
		if diff := cmp.Diff([]int64{w.admin.ID}, note.Mentions); diff != "" {
			t.Errorf("mentions (-want +got):\n%s", diff)
		}
		for _, tt := range []struct {
			name  string
			in    switchboard.MessageCreate
			field string
		}{
			{"empty", switchboard.MessageCreate{Text: "  "}, "text"},
			{"mention in a reply", switchboard.MessageCreate{Text: "x", Mentions: []int64{w.admin.ID}}, "mentions"},
			{"unknown mention", switchboard.MessageCreate{Note: true, Text: "x", Mentions: []int64{424242}}, "mentions"},
			{"reply to another conversation", switchboard.MessageCreate{Text: "x", ReplyToID: &otherPage.Items[0].ID}, "reply_to_id"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := db.CreateMessage(w.annCtx, c.ID, &tt.in)
				wantCode(t, err, switchboard.EINVALID)
				if _, ok := switchboard.ErrorFields(err)[tt.field]; !ok {
					t.Errorf("fields = %v, want %s", switchboard.ErrorFields(err), tt.field)
				}
			})
		}
		after, _ := db.FindMessages(w.annCtx, c.ID, switchboard.MessageFilter{})
		if len(after.Items) != 2 {
			t.Errorf("refused messages left rows behind: %d messages", len(after.Items))
		}
	})
}

func TestMessagePagingAndDelete(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c := w.start(t, w.annCtx, w.inbox1, w.carla, "m0")
		for _, s := range []string{"m1", "m2", "m3", "m4"} {
			if _, _, err := db.CreateMessage(w.annCtx, c.ID, &switchboard.MessageCreate{Text: s}); err != nil {
				t.Fatal(err)
			}
		}
		var texts []string
		before := ""
		for {
			page, err := db.FindMessages(w.annCtx, c.ID, switchboard.MessageFilter{Limit: 2, Before: before})
			if err != nil {
				t.Fatal(err)
			}
			var chunk []string
			for _, m := range page.Items {
				chunk = append(chunk, m.Text)
			}
			texts = append(chunk, texts...)
			if page.PrevCursor == "" {
				break
			}
			before = page.PrevCursor
		}
		if diff := cmp.Diff([]string{"m0", "m1", "m2", "m3", "m4"}, texts); diff != "" {
			t.Errorf("thread (-want +got):\n%s", diff)
		}

		page, _ := db.FindMessages(w.annCtx, c.ID, switchboard.MessageFilter{Limit: 1})
		last := page.Items[0]
		wantCode(t, db.DeleteMessage(w.annCtx, last.ID), switchboard.EFORBIDDEN)
		if err := db.DeleteMessage(w.adminCtx, last.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteMessage(w.adminCtx, last.ID), switchboard.ENOTFOUND)
		got, err := db.FindMessageByID(w.annCtx, last.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != "" || got.DeletedAt == nil {
			t.Errorf("deleted message = %+v", got)
		}
		page, _ = db.FindMessages(w.annCtx, c.ID, switchboard.MessageFilter{Limit: 1})
		if a := page.Items[0]; a.Kind != switchboard.KindActivity || a.Activity.Action != "message_deleted" || *a.Activity.TargetID != last.ID || a.SenderName != "admin" {
			t.Errorf("audit activity = %+v", a)
		}
		wantCode(t, db.DeleteMessage(w.adminCtx, page.Items[0].ID), switchboard.EINVALID)
		_, err = db.FindMessageByID(w.bobCtx, last.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
	})
}

func TestMessageStatusOnlyMovesForward(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c := w.start(t, w.annCtx, w.inbox1, w.carla, "hi")
		page, _ := db.FindMessages(w.annCtx, c.ID, switchboard.MessageFilter{})
		id := page.Items[0].ID
		_, err := db.SetMessageStatus(w.adminCtx, id, switchboard.MessageSent, "", "")
		wantCode(t, err, switchboard.EFORBIDDEN)
		steps := []struct {
			in, want switchboard.MessageStatus
		}{
			{switchboard.MessageSent, switchboard.MessageSent},
			{switchboard.MessageRead, switchboard.MessageRead},
			{switchboard.MessageDelivered, switchboard.MessageRead}, // late delivery report
			{switchboard.MessageSent, switchboard.MessageRead},
			{switchboard.MessageFailed, switchboard.MessageFailed},
			{switchboard.MessageRead, switchboard.MessageFailed},
		}
		for _, s := range steps {
			m, err := db.SetMessageStatus(w.sys, id, s.in, "131047", "Re-engagement message")
			if err != nil {
				t.Fatal(err)
			}
			if m.Status != s.want {
				t.Errorf("after %s: status %s, want %s", s.in, m.Status, s.want)
			}
		}
		m, _ := db.FindMessageByID(w.annCtx, id)
		if m.ErrorCode != "131047" || m.ErrorReason != "Re-engagement message" {
			t.Errorf("failure not recorded: %+v", m)
		}
		_, err = db.SetMessageStatus(w.sys, id, "bogus", "", "")
		wantCode(t, err, switchboard.EINVALID)
	})
}
