package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func ids(convs []*switchboard.Conversation) []int64 {
	out := []int64{}
	for _, c := range convs {
		out = append(out, c.ID)
	}
	return out
}

func list(t *testing.T, db *sqlstore.DB, ctx context.Context, f switchboard.ConversationFilter) []int64 {
	t.Helper()
	page, err := db.FindConversations(ctx, f)
	if err != nil {
		t.Fatalf("FindConversations(%+v): %v", f, err)
	}
	return ids(page.Items)
}

func TestConversationVisibility(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c1 := w.start(t, w.annCtx, w.inbox1, w.carla, "Hello Carla")
		c2 := w.start(t, w.bobCtx, w.inbox2, w.dino, "Hello Dino")

		for _, tt := range []struct {
			name string
			ctx  context.Context
			want []int64
		}{
			{"ann sees her inbox", w.annCtx, []int64{c1.ID}},
			{"bob sees his through the team", w.bobCtx, []int64{c2.ID}},
			{"supervisor sees all", w.superCtx, []int64{c2.ID, c1.ID}},
			{"admin sees all", w.adminCtx, []int64{c2.ID, c1.ID}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if diff := cmp.Diff(tt.want, list(t, db, tt.ctx, switchboard.ConversationFilter{View: switchboard.ViewAll})); diff != "" {
					t.Errorf("all view (-want +got):\n%s", diff)
				}
			})
		}
		// Ids guessed from another inbox are not found, for every operation.
		_, err := db.FindConversationByID(w.annCtx, c2.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.Assign(w.annCtx, c2.ID, switchboard.Assignment{AgentID: &w.ann.ID})
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.SetStatus(w.annCtx, c2.ID, switchboard.StatusResolved)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, _, err = db.CreateMessage(w.annCtx, c2.ID, &switchboard.MessageCreate{Text: "sneaky"})
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.FindMessages(w.annCtx, c2.ID, switchboard.MessageFilter{})
		wantCode(t, err, switchboard.ENOTFOUND)
		wantCode(t, db.MarkRead(w.annCtx, c2.ID), switchboard.ENOTFOUND)
		_, err = db.AddLabels(w.annCtx, c2.ID, []string{"x"})
		wantCode(t, err, switchboard.ENOTFOUND)
		_, _, err = db.CreateConversation(w.annCtx, &switchboard.ConversationCreate{InboxID: w.inbox2.ID, ContactID: w.dino.ID, Text: "hi"})
		wantCode(t, err, switchboard.EINVALID)
		// No actor, no access.
		_, err = db.FindConversations(context.Background(), switchboard.ConversationFilter{})
		wantCode(t, err, switchboard.EUNAUTHORIZED)
	})
}

func TestConversationViewsAndFilters(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		mine := w.start(t, w.annCtx, w.inbox1, w.carla, "mine")
		other := w.start(t, w.adminCtx, w.inbox1, w.dino, "admin's")
		// Another customer: Carla's messages in this inbox go on in her active conversation.
		eva, err := db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Eva Neri"), Phone: ptr("+39 333 555 0000")})
		if err != nil {
			t.Fatal(err)
		}
		unassigned := w.start(t, w.adminCtx, w.inbox1, eva, "nobody's")
		if _, err := db.Assign(w.adminCtx, unassigned.ID, switchboard.Assignment{}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetStatus(w.adminCtx, other.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateConversation(w.annCtx, mine.ID, &switchboard.ConversationUpdate{Flagged: ptr(true), Priority: ptr(switchboard.PriorityHigh)}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateLabel(w.annCtx, &switchboard.LabelInput{Name: ptr("Billing")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddLabels(w.annCtx, unassigned.ID, []string{"billing"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(w.annCtx, other.ID, &switchboard.MessageCreate{Note: true, Text: "@ann look", Mentions: []int64{w.ann.ID}}); err != nil {
			t.Fatal(err)
		}
		yes, no := true, false
		for _, tt := range []struct {
			name string
			f    switchboard.ConversationFilter
			want []int64
		}{
			{"mine", switchboard.ConversationFilter{View: switchboard.ViewMine}, []int64{mine.ID}},
			{"unassigned", switchboard.ConversationFilter{View: switchboard.ViewUnassigned}, []int64{unassigned.ID}},
			{"mentions", switchboard.ConversationFilter{View: switchboard.ViewMentions}, []int64{other.ID}},
			{"all newest first", switchboard.ConversationFilter{}, []int64{other.ID, unassigned.ID, mine.ID}},
			{"open", switchboard.ConversationFilter{Statuses: []switchboard.ConversationStatus{switchboard.StatusOpen}}, []int64{unassigned.ID, mine.ID}},
			{"resolved", switchboard.ConversationFilter{Statuses: []switchboard.ConversationStatus{switchboard.StatusResolved}}, []int64{other.ID}},
			{"label", switchboard.ConversationFilter{Label: "BILLING"}, []int64{unassigned.ID}},
			{"flagged", switchboard.ConversationFilter{Flagged: &yes}, []int64{mine.ID}},
			{"not flagged", switchboard.ConversationFilter{Flagged: &no}, []int64{other.ID, unassigned.ID}},
			{"assignee", switchboard.ConversationFilter{AssigneeID: &w.admin.ID}, []int64{other.ID}},
			{"inbox", switchboard.ConversationFilter{InboxID: &w.inbox1.ID}, []int64{other.ID, unassigned.ID, mine.ID}},
			{"other inbox", switchboard.ConversationFilter{InboxID: &w.inbox2.ID}, []int64{}},
			{"contact", switchboard.ConversationFilter{ContactID: &w.carla.ID}, []int64{mine.ID}},
			{"channel", switchboard.ConversationFilter{Channel: switchboard.ChannelEmail}, []int64{}},
			{"last replier agent", switchboard.ConversationFilter{LastReplier: switchboard.ReplierAgent}, []int64{other.ID, unassigned.ID, mine.ID}},
			{"last replier customer", switchboard.ConversationFilter{LastReplier: switchboard.ReplierCustomer}, []int64{}},
			// Ann wrote the note in "other", which counts as reading it.
			{"unread for ann", switchboard.ConversationFilter{Unread: &yes}, []int64{unassigned.ID}},
			{"read for ann", switchboard.ConversationFilter{Unread: &no}, []int64{other.ID, mine.ID}},
			{"waiting", switchboard.ConversationFilter{Sort: switchboard.SortWaiting}, []int64{}},
			{"since far future", switchboard.ConversationFilter{Since: ptr(time.Now().Add(time.Hour))}, []int64{}},
			{"until far future", switchboard.ConversationFilter{Until: ptr(time.Now().Add(time.Hour))}, []int64{other.ID, unassigned.ID, mine.ID}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if diff := cmp.Diff(tt.want, list(t, db, w.annCtx, tt.f)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
		// A row carries what the list shows.
		c, err := db.FindConversationByID(w.annCtx, unassigned.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.ContactName != "Eva Neri" || c.ContactHandle != "+393335550000" || c.Channel != switchboard.ChannelWhatsApp ||
			!cmp.Equal(c.Labels, []string{"Billing"}) || c.LastMessagePreview != "nobody's" || !c.Unread {
			t.Errorf("row = %+v", c)
		}
		// Bad filters are refused with the field named.
		_, err = db.FindConversations(w.annCtx, switchboard.ConversationFilter{View: "everything"})
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.FindConversations(w.annCtx, switchboard.ConversationFilter{Cursor: "!!"})
		wantCode(t, err, switchboard.EINVALID)
	})
}

func TestConversationKeysetPagination(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		var want []int64
		for i := 0; i < 7; i++ {
			c := w.start(t, w.annCtx, w.inbox1, w.carla, "hello")
			want = append([]int64{c.ID}, want...)
			// Resolved, so that the next start is a conversation of its own.
			if _, err := db.SetStatus(w.annCtx, c.ID, switchboard.StatusResolved); err != nil {
				t.Fatal(err)
			}
		}
		var got []int64
		cursor := ""
		for pages := 0; ; pages++ {
			if pages > 3 {
				t.Fatal("too many pages")
			}
			page, err := db.FindConversations(w.annCtx, switchboard.ConversationFilter{View: switchboard.ViewMine, Limit: 3, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, ids(page.Items)...)
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("pages (-want +got):\n%s", diff)
		}
	})
}

func TestAssignAndStatusLeaveMilestones(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c := w.start(t, w.annCtx, w.inbox1, w.carla, "hi")

		// Bob cannot see inbox 1, so he cannot be given its conversation.
		_, err := db.Assign(w.adminCtx, c.ID, switchboard.Assignment{AgentID: &w.bob.ID})
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.Assign(w.adminCtx, c.ID, switchboard.Assignment{AgentID: ptr(int64(9999))})
		wantCode(t, err, switchboard.EINVALID)

		got, err := db.Assign(w.annCtx, c.ID, switchboard.Assignment{AgentID: &w.admin.ID, TeamID: &w.team.ID})
		if err != nil {
			t.Fatal(err)
		}
		if *got.AssigneeID != w.admin.ID || *got.TeamID != w.team.ID {
			t.Errorf("after transfer: assignee %v team %v", got.AssigneeID, got.TeamID)
		}
		if got, err = db.SetStatus(w.annCtx, c.ID, switchboard.StatusResolved); err != nil || got.Status != switchboard.StatusResolved {
			t.Fatalf("resolve: %v %v", got, err)
		}
		if got, err = db.SetStatus(w.annCtx, c.ID, switchboard.StatusOpen); err != nil || got.Status != switchboard.StatusOpen {
			t.Fatalf("reopen: %v %v", got, err)
		}
		if got, err = db.SetStatus(w.annCtx, c.ID, switchboard.StatusPending); err != nil || got.Status != switchboard.StatusPending {
			t.Fatalf("pending: %v %v", got, err)
		}
		_, err = db.SetStatus(w.annCtx, c.ID, switchboard.StatusSnoozed)
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.Snooze(w.annCtx, c.ID, time.Now().Add(-time.Minute))
		wantCode(t, err, switchboard.EINVALID)
		until := time.Now().Add(2 * time.Hour).Truncate(time.Second)
		if got, err = db.Snooze(w.annCtx, c.ID, until); err != nil || got.Status != switchboard.StatusSnoozed || !got.SnoozedUntil.Equal(until) {
			t.Fatalf("snooze: %+v %v", got, err)
		}

		page, err := db.FindMessages(w.annCtx, c.ID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, m := range page.Items {
			if m.Kind == switchboard.KindActivity {
				actions = append(actions, m.Activity.Action+":"+m.Text)
			}
		}
		want := []string{
			"assigned:ann transferred the conversation to admin; ann assigned the team Tier 1",
			"status_changed:ann resolved the conversation",
			"status_changed:ann reopened the conversation",
			"status_changed:ann set the conversation pending",
			"snoozed:ann snoozed the conversation until " + until.UTC().Format("2006-01-02 15:04 MST"),
		}
		if diff := cmp.Diff(want, actions); diff != "" {
			t.Errorf("milestones (-want +got):\n%s", diff)
		}
	})
}

func TestLabelsOnConversations(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c := w.start(t, w.annCtx, w.inbox1, w.carla, "hi")
		for _, n := range []string{"VIP", "Refund"} {
			if _, err := db.CreateLabel(w.annCtx, &switchboard.LabelInput{Name: ptr(n)}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := db.AddLabels(w.annCtx, c.ID, []string{"vip", "nope"})
		wantCode(t, err, switchboard.EINVALID)
		got, err := db.FindConversationByID(w.annCtx, c.ID)
		if err != nil || len(got.Labels) != 0 {
			t.Fatalf("a refused change left labels behind: %v %v", got.Labels, err)
		}
		if got, err = db.AddLabels(w.annCtx, c.ID, []string{"vip", "refund", "VIP"}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"Refund", "VIP"}, got.Labels); diff != "" {
			t.Errorf("labels (-want +got):\n%s", diff)
		}
		if got, err = db.RemoveLabels(w.annCtx, c.ID, []string{"Refund"}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"VIP"}, got.Labels); diff != "" {
			t.Errorf("labels after removal (-want +got):\n%s", diff)
		}
	})
}

func TestReadStateIsPerAgent(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c := w.start(t, w.adminCtx, w.inbox1, w.carla, "from admin")
		unread := func(ctx context.Context) bool {
			t.Helper()
			got, err := db.FindConversationByID(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.Unread
		}
		if unread(w.adminCtx) {
			t.Error("the author sees their own message as unread")
		}
		if !unread(w.annCtx) {
			t.Fatal("ann should have an unread message")
		}
		if err := db.MarkRead(w.annCtx, c.ID); err != nil {
			t.Fatal(err)
		}
		if unread(w.annCtx) {
			t.Error("still unread after MarkRead")
		}
		if !unread(w.superCtx) {
			t.Error("ann's read state leaked to the supervisor")
		}
		if err := db.MarkUnread(w.annCtx, c.ID); err != nil {
			t.Fatal(err)
		}
		if !unread(w.annCtx) {
			t.Error("not unread after MarkUnread")
		}
		if err := db.MarkAllRead(w.annCtx); err != nil {
			t.Fatal(err)
		}
		if unread(w.annCtx) {
			t.Error("unread after MarkAllRead")
		}
		if err := db.MarkAllRead(w.superCtx); err != nil {
			t.Fatal(err)
		}
		// A new message after "all read" is unread again.
		if _, _, err := db.CreateMessage(w.adminCtx, c.ID, &switchboard.MessageCreate{Text: "one more"}); err != nil {
			t.Fatal(err)
		}
		if !unread(w.annCtx) || !unread(w.superCtx) {
			t.Error("a new message did not make the conversation unread")
		}
		wantCode(t, db.MarkRead(w.sys, c.ID), switchboard.EINVALID)
	})
}
