package sqlstore_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// kindRules are channel rules for tests that differ by kind: SMS honours opt-out keywords,
// WhatsApp does not.
type kindRules map[switchboard.ChannelKind]switchboard.ChannelCapabilities

func (r kindRules) MediaLimits(switchboard.ChannelKind) switchboard.MediaLimits {
	return switchboard.DefaultMediaLimits
}
func (r kindRules) ValidateSettings(switchboard.ChannelKind, json.RawMessage) error { return nil }
func (r kindRules) Capabilities(k switchboard.ChannelKind) switchboard.ChannelCapabilities {
	return r[k]
}
func (r kindRules) Destinations(switchboard.ChannelKind, json.RawMessage) []switchboard.Destination {
	return nil
}
func (r kindRules) SettingsWarnings(switchboard.ChannelKind, json.RawMessage) []string { return nil }
func (r kindRules) ExtendedWindow(*switchboard.Inbox) time.Duration                    { return 0 }
func (r kindRules) ChecksCredentials(switchboard.ChannelKind) bool                     { return false }
func (r kindRules) FetchesProfiles(switchboard.ChannelKind) bool                       { return false }
func (r kindRules) OAuthProvider(switchboard.ChannelKind, json.RawMessage) string      { return "" }

// TestOptOut: a customer's opt-out recorded with their message (on PostgreSQL, a message in an
// open conversation that would otherwise be written with the lookup of its sender) marks the
// identity and writes the milestone once; replies, retries and scheduled replies are then refused
// on SMS, not on WhatsApp, which shares the phone identity; a new conversation gets no
// acknowledgement; opting back in lifts it; a delivery report that the provider refused the send
// because the customer had opted out marks them too.
func TestOptOut(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	caps := kindRules{switchboard.ChannelSMS: {OptOut: true}, switchboard.ChannelWhatsApp: {}}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: caps}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		sms, err := db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelSMS, Name: ptr("Texts")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetInboxMembers(w.sys, sms.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.ann.ID}}); err != nil {
			t.Fatal(err)
		}
		const phone = "+393330007700"
		receive := func(inbox int64, provider, text string, c switchboard.Consent) *switchboard.Conversation {
			t.Helper()
			clock.Add(time.Minute)
			_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: inbox, From: phone, ProviderID: provider, Text: text,
				Consent: c, Acknowledge: "Thanks, we will answer soon."})
			if err != nil {
				t.Fatalf("receive %q: %v", text, err)
			}
			return conv
		}
		state := func(convID int64) (conv, identity *time.Time) {
			t.Helper()
			c, err := db.FindConversationByID(w.annCtx, convID)
			if err != nil {
				t.Fatal(err)
			}
			ct, err := db.FindContactByID(w.annCtx, c.ContactID)
			if err != nil {
				t.Fatal(err)
			}
			return c.OptedOutAt, ct.Identities[0].OptedOutAt
		}
		milestones := func(convID int64, action string) []*switchboard.Message {
			t.Helper()
			page, err := db.FindMessages(w.annCtx, convID, switchboard.MessageFilter{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			var out []*switchboard.Message
			for _, m := range page.Items {
				if m.Activity != nil && m.Activity.Action == action {
					out = append(out, m)
				}
			}
			return out
		}
		reply := func(ctx context.Context, convID int64, text string) (*switchboard.Message, error) {
			m, _, err := db.CreateMessage(ctx, convID, &switchboard.MessageCreate{Text: text})
			return m, err
		}

		conv := receive(sms.ID, "sms-1", "Hello", "")
		wa := receive(w.inbox1.ID, "wa-1", "Hello on WhatsApp", "")
		head, err := db.LastEventID(w.sys)
		if err != nil {
			t.Fatal(err)
		}

		// STOP, twice (a provider's retry of another message with the same word): one milestone.
		stopAt := clock.now.Add(time.Minute)
		receive(sms.ID, "sms-2", "STOP", switchboard.ConsentOptOut)
		receive(sms.ID, "sms-3", "stop", switchboard.ConsentOptOut)
		if c, i := state(conv.ID); c == nil || !c.Equal(stopAt) || i == nil || !i.Equal(stopAt) {
			t.Errorf("after STOP: conversation opted out at %v, identity at %v; want %v", c, i, stopAt)
		}
		if ms := milestones(conv.ID, "opted_out"); len(ms) != 1 || ms[0].Activity.Identity == nil || ms[0].Activity.Identity.ExternalID != phone {
			t.Errorf("opted_out milestones = %+v, want one naming %s", ms, phone)
		}
		events, err := db.FindEvents(w.sys, head, 100)
		if err != nil {
			t.Fatal(err)
		}
		updated := 0
		for _, e := range events {
			if e.Type == switchboard.EventContactUpdated {
				updated++
			}
		}
		if updated != 2 { // once for each inbox the contact has conversations in
			t.Errorf("%d contact.updated events, want 2", updated)
		}

		// Refused on SMS: a reply, a retry, a scheduled reply; a note is fine.
		_, err = reply(w.annCtx, conv.ID, "Are you sure?")
		wantCode(t, err, switchboard.EOPTEDOUT)
		if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "she said stop", Note: true}); err != nil {
			t.Errorf("note: %v", err)
		}
		s, _, err := db.ScheduleMessage(w.annCtx, conv.ID, &switchboard.ScheduledMessageInput{Text: ptr("Later"), SendAt: ptr(clock.now.Add(time.Hour))})
		if err != nil {
			t.Fatal(err)
		}
		clock.Add(2 * time.Hour)
		if err := db.SendScheduledMessage(w.sys, s.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := db.FindScheduledMessages(w.annCtx, conv.ID); err != nil || got[0].State != switchboard.ScheduledFailed || got[0].MessageID != nil {
			t.Errorf("scheduled reply: %+v, %v; want failed, nothing written", got[0], err)
		}
		// Not on WhatsApp, though the phone number is the same identity.
		if c, _ := state(wa.ID); c != nil {
			t.Errorf("the WhatsApp conversation says opted out at %v", c)
		}
		if _, err := reply(w.annCtx, wa.ID, "Hi on WhatsApp"); err != nil {
			t.Errorf("WhatsApp reply: %v", err)
		}
		// A new SMS conversation of hers (the first was resolved) gets no acknowledgement.
		if _, err := db.SetStatus(w.annCtx, conv.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		again := receive(sms.ID, "sms-4", "One question", "")
		if page, err := db.FindMessages(w.annCtx, again.ID, switchboard.MessageFilter{}); err != nil || len(page.Items) != 1 {
			t.Errorf("new conversation of an opted-out customer: %d messages, %v; want hers only", len(page.Items), err)
		}

		// START lifts it.
		receive(sms.ID, "sms-5", "START", switchboard.ConsentOptIn)
		if c, i := state(again.ID); c != nil || i != nil {
			t.Errorf("after START: opted out at %v, %v", c, i)
		}
		if len(milestones(again.ID, "opted_in")) != 1 {
			t.Errorf("no opted_in milestone")
		}
		m, err := reply(w.annCtx, again.ID, "Welcome back")
		if err != nil {
			t.Fatal(err)
		}

		// The provider refuses the reply: she had opted out where we did not hear it.
		ch := switchboard.NewContextWithInbox(w.sys, sms.ID)
		if _, err := db.ReceiveBatch(ch, &switchboard.InboundBatch{InboxID: sms.ID, Statuses: []*switchboard.StatusReport{{MessageID: m.ID,
			Status: switchboard.MessageFailed, ErrorCode: switchboard.EOPTEDOUT, ErrorReason: "Twilio error 21610: unsubscribed"}}}); err != nil {
			t.Fatal(err)
		}
		if c, _ := state(again.ID); c == nil {
			t.Error("a send refused as opted out did not mark her")
		}
		ms := milestones(again.ID, "opted_out")
		if len(ms) != 1 || ms[0].Activity.Note != "Twilio error 21610: unsubscribed" {
			t.Errorf("milestones after the refusal: %+v", ms)
		}
		_, err = db.RetryMessage(w.annCtx, m.ID)
		wantCode(t, err, switchboard.EOPTEDOUT)
	})
}
