package sqlstore_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestCSATSettings: admins read and replace an inbox's survey settings, checked; agents may not.
func TestCSATSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		got, err := db.CSATSettings(w.adminCtx, w.inbox1.ID)
		if err != nil || got.Enabled || got.Scale != switchboard.CSATFive {
			t.Fatalf("the default: %+v, %v", got, err)
		}
		in := &switchboard.CSATSettings{InboxID: w.inbox1.ID, Enabled: true, Scale: switchboard.CSATThumbs, Question: " Happy? ", ThankYou: "Thanks"}
		if _, err := db.SetCSATSettings(w.annCtx, in); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("an agent changes the survey: %v", err)
		}
		if _, err := db.SetCSATSettings(w.adminCtx, &switchboard.CSATSettings{InboxID: w.inbox1.ID, Scale: "1-10"}); switchboard.ErrorFields(err)["scale"] == "" {
			t.Errorf("an unknown scale: %v", err)
		}
		if _, err := db.SetCSATSettings(w.adminCtx, &switchboard.CSATSettings{InboxID: 999999, Enabled: true}); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("an unknown inbox: %v", err)
		}
		if _, err := db.SetCSATSettings(w.adminCtx, in); err != nil {
			t.Fatal(err)
		}
		got, err = db.CSATSettings(w.adminCtx, w.inbox1.ID)
		if err != nil || !got.Enabled || got.Scale != switchboard.CSATThumbs || got.Question != "Happy?" || got.ThankYou != "Thanks" {
			t.Errorf("after saving: %+v, %v", got, err)
		}
		if other, _ := db.CSATSettings(w.adminCtx, w.inbox2.ID); other.Enabled {
			t.Errorf("the other inbox surveys too")
		}
	})
}

// TestCSATSurveyOnce: a resolution queues a survey; it goes once (resolved again within 24 hours:
// nothing; after 24 hours: again, unless rated). A text answer rates the conversation with its
// milestone and event, without reopening it; a message that is no answer closes the survey. A
// WhatsApp conversation whose window closed is skipped, with the reason kept.
func TestCSATSurveyOnce(t *testing.T) {
	clock := &lockedClock{now: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
	rules := kindRules{switchboard.ChannelWhatsApp: {Window: 24 * time.Hour}}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: rules}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.SetCSATSettings(w.adminCtx, &switchboard.CSATSettings{InboxID: w.inbox1.ID, Enabled: true, ThankYou: "Thank you!"}); err != nil {
			t.Fatal(err)
		}
		surveyCtx := switchboard.NewAutomationContext(w.sys, switchboard.CSATActor())
		receive := func(provider, text string) *switchboard.Message {
			t.Helper()
			m, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330001234", ProviderID: provider, Text: text})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		survey := func(convID int64) string {
			t.Helper()
			plan, err := db.PlanCSATSurvey(surveyCtx, convID)
			if err != nil {
				t.Fatal(err)
			}
			if plan.Skip != "" {
				return plan.Skip
			}
			if err := db.SendCSATSurvey(surveyCtx, convID, &switchboard.CSATSurvey{Form: switchboard.SurveyText, Text: "Rate us 1-5"}); err != nil {
				t.Fatal(err)
			}
			return ""
		}
		surveys := func(convID int64) int {
			t.Helper()
			th, err := db.FindMessages(w.adminCtx, convID, switchboard.MessageFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, m := range th.Items {
				if m.Text == "Rate us 1-5" {
					n++
				}
			}
			return n
		}
		first := receive("w1", "Hi")
		conv := first.ConversationID
		if _, err := db.PlanCSATSurvey(w.adminCtx, conv); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("an admin plans a survey: %v", err)
		}
		if why := survey(conv); !strings.Contains(why, "no longer resolved") {
			t.Errorf("an open conversation is surveyed: %q", why)
		}
		if _, err := db.SetStatus(w.adminCtx, conv, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		if jobs := pendingJobs(t, db, switchboard.JobCSATSurvey); jobs != 1 {
			t.Errorf("%d survey jobs queued, want 1", jobs)
		}
		if why := survey(conv); why != "" {
			t.Fatalf("not surveyed: %s", why)
		}
		// A second job (resolved again at once) sends nothing more.
		if why := survey(conv); why == "" || surveys(conv) != 1 {
			t.Errorf("surveyed twice: %q, %d", why, surveys(conv))
		}
		if err := db.SendCSATSurvey(surveyCtx, conv, &switchboard.CSATSurvey{Form: switchboard.SurveyText, Text: "Rate us 1-5"}); err != nil || surveys(conv) != 1 {
			t.Errorf("a racing send: %v, %d surveys", err, surveys(conv))
		}

		// "hello" is no answer: a new conversation, and the survey waits no more.
		clock.Set(clock.Now().Add(time.Minute))
		hello := receive("w2", "hello")
		if hello.ConversationID == conv {
			t.Fatalf("hello went into the resolved conversation")
		}
		if _, err := db.SetStatus(w.adminCtx, hello.ConversationID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		four := receive("w3", "4") // answers nothing: the first survey closed, the second was not sent
		if four.Content != nil && four.Content.CSATRating != 0 {
			t.Errorf("a number with no survey waiting is a rating")
		}

		// Another resolution of the second conversation, surveyed, answered with " 5 ".
		c2 := four.ConversationID
		if _, err := db.SetStatus(w.adminCtx, c2, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		if why := survey(c2); why != "" {
			t.Fatalf("not surveyed: %s", why)
		}
		after := eventCursor(t, db)
		five := receive("w4", " 5 ")
		if five.ConversationID != c2 || five.Content == nil || five.Content.CSATRating != 5 {
			t.Fatalf("the answer: conversation %d (want %d), %+v", five.ConversationID, c2, five.Content)
		}
		got, err := db.FindConversationByID(w.adminCtx, c2)
		if err != nil || got.Status != switchboard.StatusResolved || got.CSAT == nil || got.CSAT.Rating != 5 {
			t.Fatalf("the rated conversation: %+v, %v", got, err)
		}
		th, _ := db.FindMessages(w.adminCtx, c2, switchboard.MessageFilter{Limit: 100})
		var milestone, thanks bool
		for _, m := range th.Items {
			if m.Activity != nil && m.Activity.Action == "csat" && m.Activity.Rating == 5 && m.Activity.Automation != nil && m.Activity.Automation.Kind == switchboard.AutomationCSAT {
				milestone = true
			}
			thanks = thanks || (m.Text == "Thank you!" && m.Content != nil && m.Content.Automatic)
		}
		if !milestone || !thanks {
			t.Errorf("milestone %v, thank-you %v", milestone, thanks)
		}
		if !hasEvent(t, db, after, switchboard.EventConversationUpdated, "csat") {
			t.Errorf("no conversation.updated event with the csat")
		}
		// Rated: resolved again a day later, no survey.
		clock.Set(clock.Now().Add(25 * time.Hour))
		receive("w5", "one more thing")
		if _, err := db.SetStatus(w.adminCtx, c2, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		if why := survey(c2); !strings.Contains(why, "rated") {
			t.Errorf("a rated conversation surveyed again: %q", why)
		}

		// The first conversation, resolved again past 24 hours after its survey, but the
		// customer's window closed long ago: skipped.
		if _, err := db.SetStatus(w.adminCtx, conv, switchboard.StatusOpen); err != nil {
			t.Fatal(err)
		}
		clock.Set(clock.Now().Add(48 * time.Hour))
		if _, err := db.SetStatus(w.adminCtx, conv, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		if why := survey(conv); why != switchboard.CSATSkipWindowClosed {
			t.Errorf("with the window closed: %q", why)
		}
	})
}

// TestCSATLinks: a rating link's token is signed and expires; it rates once.
func TestCSATLinks(t *testing.T) {
	clock := &lockedClock{now: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.SetCSATSettings(w.adminCtx, &switchboard.CSATSettings{InboxID: w.inbox1.ID, Enabled: true, AskComment: true}); err != nil {
			t.Fatal(err)
		}
		m, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330001234", ProviderID: "l1", Text: "Hi"})
		if err != nil {
			t.Fatal(err)
		}
		token := db.CSATLink(m.ConversationID, 3)
		parts := strings.Split(token, ".")
		for name, bad := range map[string]string{
			"another rating":       strings.Join([]string{parts[0], "5", parts[2], parts[3]}, "."),
			"another conversation": strings.Join([]string{"999", parts[1], parts[2], parts[3]}, "."),
			"a later expiry":       strings.Join([]string{parts[0], parts[1], "9999999999", parts[3]}, "."),
			"no signature":         strings.Join(parts[:3], "."),
			"garbage":              "x",
		} {
			if _, err := db.CSATPage(t.Context(), bad); switchboard.ErrorCode(err) != switchboard.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
			if _, err := db.RateByLink(t.Context(), bad, ""); switchboard.ErrorCode(err) != switchboard.EINVALID {
				t.Errorf("%s, rated: %v", name, err)
			}
		}
		p, err := db.CSATPage(t.Context(), token)
		if err != nil || p.Rating != 3 || p.Rated != nil || !p.AskComment || p.ConversationID != m.ConversationID {
			t.Fatalf("the page: %+v, %v", p, err)
		}
		p, err = db.RateByLink(t.Context(), token, "ok")
		if err != nil || p.Rated == nil || p.Rated.Rating != 3 || p.Rated.Comment != "ok" {
			t.Fatalf("rated: %+v, %v", p, err)
		}
		if _, err := db.RateByLink(t.Context(), db.CSATLink(m.ConversationID, 1), ""); switchboard.ErrorCode(err) != switchboard.ECONFLICT {
			t.Errorf("rated twice: %v", err)
		}
		clock.Set(clock.Now().Add(switchboard.CSATLinkValidity + time.Minute))
		if _, err := db.CSATPage(t.Context(), token); switchboard.ErrorFields(err)["token"] != "expired" {
			t.Errorf("an expired link: %v", err)
		}
	})
}

// pendingJobs counts the available jobs of a kind.
func pendingJobs(t *testing.T, db *sqlstore.DB, kind string) int {
	t.Helper()
	js, err := db.FindJobs(switchboard.NewSystemContext(t.Context()), switchboard.JobAvailable, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, j := range js {
		if j.Kind == kind {
			n++
		}
	}
	return n
}

// eventCursor is the id of the latest event.
func eventCursor(t *testing.T, db *sqlstore.DB) int64 {
	t.Helper()
	all, err := db.FindEvents(switchboard.NewSystemContext(t.Context()), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		return 0
	}
	return all[len(all)-1].ID
}

// hasEvent reports whether an event of a type, whose data has a key, came after a cursor.
func hasEvent(t *testing.T, db *sqlstore.DB, after int64, typ switchboard.EventType, key string) bool {
	t.Helper()
	all, err := db.FindEvents(switchboard.NewSystemContext(t.Context()), after, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		var data map[string]any
		_ = json.Unmarshal(e.Data, &data)
		if e.Type == typ && data[key] != nil {
			return true
		}
	}
	return false
}
