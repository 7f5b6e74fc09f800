package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestSLAPolicies(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{SLA: automation.SLAPlanner{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		gold := &switchboard.SLAPolicy{Name: " Gold ", FirstResponseMinutes: 60, WarnMinutes: 10}
		_, err := db.CreateSLAPolicy(w.annCtx, gold)
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.CreateSLAPolicy(w.adminCtx, &switchboard.SLAPolicy{Name: "Empty"})
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.CreateSLAPolicy(w.adminCtx, &switchboard.SLAPolicy{Name: "Negative", FirstResponseMinutes: -1})
		wantCode(t, err, switchboard.EINVALID)
		p, err := db.CreateSLAPolicy(w.adminCtx, gold)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "Gold" || p.FirstResponseMinutes != 60 || p.WarnMinutes != 10 || p.ID == 0 {
			t.Errorf("created %+v", p)
		}
		_, err = db.CreateSLAPolicy(w.adminCtx, &switchboard.SLAPolicy{Name: "gold", ResolutionMinutes: 5})
		wantCode(t, err, switchboard.ECONFLICT)
		silver, err := db.CreateSLAPolicy(w.adminCtx, &switchboard.SLAPolicy{Name: "Silver", ResolutionMinutes: 600, BusinessHours: true})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.UpdateSLAPolicy(w.adminCtx, silver.ID, &switchboard.SLAPolicy{Name: "GOLD", ResolutionMinutes: 5})
		wantCode(t, err, switchboard.ECONFLICT)
		_, err = db.UpdateSLAPolicy(w.superCtx, silver.ID, &switchboard.SLAPolicy{Name: "Bronze", ResolutionMinutes: 5})
		wantCode(t, err, switchboard.EFORBIDDEN)
		up, err := db.UpdateSLAPolicy(w.adminCtx, silver.ID, &switchboard.SLAPolicy{Name: "Bronze", NextResponseMinutes: 15})
		if err != nil {
			t.Fatal(err)
		}
		if up.Name != "Bronze" || up.NextResponseMinutes != 15 || up.ResolutionMinutes != 0 || up.BusinessHours {
			t.Errorf("updated %+v", up)
		}
		_, err = db.UpdateSLAPolicy(w.adminCtx, 99999, &switchboard.SLAPolicy{Name: "X", NextResponseMinutes: 15})
		wantCode(t, err, switchboard.ENOTFOUND)

		// Agents read the names; only admins read one policy.
		list, err := db.SLAPolicies(w.annCtx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Name != "Bronze" || list[1].Name != "Gold" {
			t.Errorf("list %+v", list)
		}
		_, err = db.SLAPolicy(w.annCtx, p.ID)
		wantCode(t, err, switchboard.EFORBIDDEN)

		// Deleting a policy takes it off its conversations.
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "hello")
		_, err = db.ApplySLA(w.annCtx, conv.ID, &p.ID)
		wantCode(t, err, switchboard.EFORBIDDEN)
		c, err := db.ApplySLA(w.superCtx, conv.ID, &p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.SLA == nil || c.SLA.PolicyName != "Gold" {
			t.Fatalf("applied: %+v", c.SLA)
		}
		_, err = db.ApplySLA(w.superCtx, conv.ID, ptr(int64(99999)))
		wantCode(t, err, switchboard.EINVALID)
		wantCode(t, db.DeleteSLAPolicy(w.annCtx, p.ID), switchboard.EFORBIDDEN)
		if err := db.DeleteSLAPolicy(w.adminCtx, p.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteSLAPolicy(w.adminCtx, p.ID), switchboard.ENOTFOUND)
		if c, err = db.FindConversationByID(w.annCtx, conv.ID); err != nil || c.SLA != nil {
			t.Errorf("after deleting its policy: %+v, %v", c.SLA, err)
		}
	})
}

// slaWorld is a world whose clock moves by hand, with business hours on the Sales inbox
// (Monday to Friday, 09:00–18:00 in Rome) and an SLA policy counting them.
type slaWorld struct {
	*world
	clock  *lockedClock
	policy *switchboard.SLAPolicy
	seen   int64 // the last event id looked at
}

func newSLAWorld(t *testing.T, db *sqlstore.DB, clock *lockedClock) *slaWorld {
	w := &slaWorld{world: newWorld(t, db), clock: clock}
	cfg := &switchboard.Automation{Hours: &switchboard.BusinessHours{TimeZone: "Europe/Rome"}}
	for d := time.Monday; d <= time.Friday; d++ {
		cfg.Hours.Week[d] = []switchboard.HoursInterval{{Start: "09:00", End: "18:00"}}
	}
	if _, err := db.SetInboxAutomation(w.adminCtx, w.inbox1.ID, cfg); err != nil {
		t.Fatal(err)
	}
	var err error
	w.policy, err = db.CreateSLAPolicy(w.adminCtx, &switchboard.SLAPolicy{Name: "Gold", FirstResponseMinutes: 60, NextResponseMinutes: 30,
		ResolutionMinutes: 480, BusinessHours: true, WarnMinutes: 15})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// runTimers runs the SLA timers due by the store's clock, as the job runner would.
func (w *slaWorld) runTimers(t *testing.T) {
	t.Helper()
	timers := &automation.SLATimers{Store: w.db}
	for {
		js, err := w.db.ClaimJobs(w.sys, "node-a", 100, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(js) == 0 {
			return
		}
		for _, j := range js {
			if j.Kind == switchboard.JobSLATimer {
				if err := timers.Handle(context.Background(), j); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.db.CompleteJob(w.sys, j.ID, "node-a"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// slaEvents returns the SLA events since the last call, as "type target".
func (w *slaWorld) slaEvents(t *testing.T) []string {
	t.Helper()
	evs, err := w.db.FindEvents(w.sys, w.seen, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		w.seen = e.ID
		if e.Type == switchboard.EventSLAWarning || e.Type == switchboard.EventSLABreached {
			var d struct{ Target string }
			_ = json.Unmarshal(e.Data, &d)
			out = append(out, string(e.Type)+" "+d.Target)
		}
	}
	return out
}

func (w *slaWorld) target(t *testing.T, convID int64, target switchboard.SLATarget) *switchboard.SLATargetState {
	t.Helper()
	c, err := w.db.FindConversationByID(w.annCtx, convID)
	if err != nil {
		t.Fatal(err)
	}
	if c.SLA == nil {
		t.Fatal("no SLA on the conversation")
	}
	for i := range c.SLA.Targets {
		if c.SLA.Targets[i].Target == target {
			return &c.SLA.Targets[i]
		}
	}
	return nil
}

// TestSLATimers follows a conversation under a business-hours policy: the first response due
// counts only opening hours (a message on Friday at 17:30 with an hour's target is due on
// Monday at 09:30), its warning and breach fire once each, with milestones, events and a
// breach row; a next response answered in time and the resolution emit nothing.
func TestSLATimers(t *testing.T) {
	t.Parallel()
	rome, _ := time.LoadLocation("Europe/Rome")
	clock := &lockedClock{now: time.Date(2026, 12, 11, 17, 30, 0, 0, rome)} // a Friday
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clock.Set(time.Date(2026, 12, 11, 17, 30, 0, 0, rome))
			db, url := e.Open(t, sqltest.Options{Now: clock.Now, SLA: automation.SLAPlanner{}})
			w := newSLAWorld(t, db, clock)
			other, err := sqlstore.Open(t.Context(), sqlstore.Config{URL: url, SecretKey: sqltest.Key, Now: clock.Now, MaxConns: 4, SLA: automation.SLAPlanner{}})
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			m, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000777", ProviderID: "sla-1", Text: "help"})
			if err != nil {
				t.Fatal(err)
			}
			convID := m.ConversationID
			if c, err := db.ApplySLA(w.superCtx, convID, &w.policy.ID); err != nil {
				t.Fatal(err)
			} else if len(c.SLA.Targets) != 2 {
				t.Fatalf("targets after applying: %+v", c.SLA.Targets)
			}
			frt := w.target(t, convID, switchboard.SLAFirstResponse)
			if want := time.Date(2026, 12, 14, 9, 30, 0, 0, rome); !frt.DueAt.Equal(want) {
				t.Errorf("first response due %v, want %v", frt.DueAt.In(rome), want)
			}
			if want := time.Date(2026, 12, 14, 9, 15, 0, 0, rome); frt.WarningAt == nil || !frt.WarningAt.Equal(want) {
				t.Errorf("first response warns %v, want %v", frt.WarningAt, want)
			}
			if res := w.target(t, convID, switchboard.SLAResolution); !res.DueAt.Equal(time.Date(2026, 12, 14, 16, 30, 0, 0, rome)) {
				t.Errorf("resolution due %v", res.DueAt.In(rome))
			}
			// Over the weekend nothing is due; more messages start nothing new.
			clock.Set(time.Date(2026, 12, 13, 12, 0, 0, 0, rome))
			if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000777", ProviderID: "sla-2", Text: "hello?"}); err != nil {
				t.Fatal(err)
			}
			w.runTimers(t)
			if got := w.slaEvents(t); len(got) != 0 {
				t.Errorf("events over the weekend: %v", got)
			}
			if frt2 := w.target(t, convID, switchboard.SLAFirstResponse); !frt2.DueAt.Equal(frt.DueAt) {
				t.Errorf("a second message moved the due time to %v", frt2.DueAt)
			}

			clock.Set(time.Date(2026, 12, 14, 9, 20, 0, 0, rome))
			w.runTimers(t)
			if got := w.slaEvents(t); len(got) != 1 || got[0] != "conversation.sla_warning first_response" {
				t.Errorf("events at 09:20: %v", got)
			}
			// The breach timer early (by a node's clock) is not due; at its time, fired on two
			// nodes at once (as after a crash and a rescue) and by the runner, it marks once.
			args := switchboard.SLATimerArgs{ConversationID: convID, Target: switchboard.SLAFirstResponse, Stage: switchboard.SLAStageBreach, DueAt: frt.DueAt}
			var notDue *switchboard.NotDueError
			if err := db.FireSLATimer(w.sys, args); !errors.As(err, &notDue) || !notDue.At.Equal(frt.DueAt) {
				t.Errorf("an early breach timer: %v", err)
			}
			clock.Set(time.Date(2026, 12, 14, 9, 31, 0, 0, rome))
			var wg sync.WaitGroup
			for i := range 6 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := []*sqlstore.DB{db, other}[i%2].FireSLATimer(w.sys, args); err != nil {
						t.Errorf("fire on node %d: %v", i%2, err)
					}
				}()
			}
			wg.Wait()
			w.runTimers(t)
			wantCode(t, db.FireSLATimer(w.annCtx, args), switchboard.EFORBIDDEN)
			if got := w.slaEvents(t); len(got) != 1 || got[0] != "conversation.sla_breached first_response" {
				t.Errorf("events at 09:31: %v", got)
			}
			if frt = w.target(t, convID, switchboard.SLAFirstResponse); !frt.Breached || frt.MetAt != nil {
				t.Errorf("first response after its due time: %+v", frt)
			}
			breaches, err := db.SLABreaches(w.superCtx, time.Time{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(breaches) != 1 || breaches[0].ConversationID != convID || breaches[0].Target != switchboard.SLAFirstResponse ||
				breaches[0].PolicyName != "Gold" || !breaches[0].DueAt.Equal(frt.DueAt) {
				t.Errorf("breaches %+v", breaches)
			}
			_, err = db.SLABreaches(w.annCtx, time.Time{}, 0)
			wantCode(t, err, switchboard.EFORBIDDEN)
			msgs, err := db.FindMessages(w.annCtx, convID, switchboard.MessageFilter{})
			if err != nil {
				t.Fatal(err)
			}
			milestones := 0
			for _, m := range msgs.Items {
				if a := m.Activity; a != nil && (a.Action == "sla_breached" || a.Action == "sla_warning") {
					milestones++
					if a.Automation == nil || a.Automation.Kind != switchboard.AutomationSLA || a.Automation.Name != "Gold" {
						t.Errorf("milestone %q credits %+v", m.Text, a.Automation)
					}
				}
			}
			if milestones != 2 {
				t.Errorf("%d SLA milestones, want 2", milestones)
			}

			// Ann answers late: met, still breached. A note would not have counted.
			clock.Set(time.Date(2026, 12, 14, 9, 40, 0, 0, rome))
			if _, _, err := db.CreateMessage(w.annCtx, convID, &switchboard.MessageCreate{Text: "looking", Note: true}); err != nil {
				t.Fatal(err)
			}
			if frt = w.target(t, convID, switchboard.SLAFirstResponse); frt.MetAt != nil {
				t.Errorf("a note met the first response")
			}
			if _, _, err := db.CreateMessage(w.annCtx, convID, &switchboard.MessageCreate{Text: "sorry for the wait"}); err != nil {
				t.Fatal(err)
			}
			if frt = w.target(t, convID, switchboard.SLAFirstResponse); frt.MetAt == nil || !frt.Breached {
				t.Errorf("first response after the reply: %+v", frt)
			}
			if w.target(t, convID, switchboard.SLANextResponse) != nil {
				t.Error("a next response before the customer wrote again")
			}

			// The customer writes again: a next response, due in 30 business minutes; answered
			// in time, its timers do nothing.
			clock.Set(time.Date(2026, 12, 14, 10, 0, 0, 0, rome))
			if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000777", ProviderID: "sla-3", Text: "thanks, and?"}); err != nil {
				t.Fatal(err)
			}
			nrt := w.target(t, convID, switchboard.SLANextResponse)
			if nrt == nil || !nrt.DueAt.Equal(time.Date(2026, 12, 14, 10, 30, 0, 0, rome)) {
				t.Fatalf("next response %+v", nrt)
			}
			clock.Set(time.Date(2026, 12, 14, 10, 10, 0, 0, rome))
			if _, _, err := db.CreateMessage(w.annCtx, convID, &switchboard.MessageCreate{Text: "done"}); err != nil {
				t.Fatal(err)
			}
			clock.Set(time.Date(2026, 12, 14, 10, 45, 0, 0, rome))
			w.runTimers(t)
			if got := w.slaEvents(t); len(got) != 0 {
				t.Errorf("events after a reply in time: %v", got)
			}
			if nrt = w.target(t, convID, switchboard.SLANextResponse); nrt.MetAt == nil || nrt.Breached {
				t.Errorf("next response answered in time: %+v", nrt)
			}

			// Resolving meets the resolution: its timers (warning at 16:15, due at 16:30) do nothing.
			if _, err := db.SetStatus(w.annCtx, convID, switchboard.StatusResolved); err != nil {
				t.Fatal(err)
			}
			clock.Set(time.Date(2026, 12, 14, 17, 0, 0, 0, rome))
			w.runTimers(t)
			if got := w.slaEvents(t); len(got) != 0 {
				t.Errorf("events after resolving: %v", got)
			}
			if res := w.target(t, convID, switchboard.SLAResolution); res.MetAt == nil || res.Breached {
				t.Errorf("resolution %+v", res)
			}

			// Removing the policy takes its timers away.
			c, err := db.ApplySLA(w.adminCtx, convID, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.SLA != nil {
				t.Errorf("after removing: %+v", c.SLA)
			}
		})
	}
}

// TestSLAAppliedLate: a conversation under no policy has no SLA; applying a policy to one
// already answered, where the customer wrote again, records the first response met and starts
// the next response from the customer's unanswered message.
func TestSLAAppliedLate(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{SLA: automation.SLAPlanner{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		p, err := db.CreateSLAPolicy(w.adminCtx, &switchboard.SLAPolicy{Name: "Calendar", FirstResponseMinutes: 5, NextResponseMinutes: 5, ResolutionMinutes: 60})
		if err != nil {
			t.Fatal(err)
		}
		m, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000888", ProviderID: "late-1", Text: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(w.annCtx, m.ConversationID, &switchboard.MessageCreate{Text: "hello"}); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393330000888", ProviderID: "late-2", Text: "so?"}); err != nil {
			t.Fatal(err)
		}
		c, err := db.FindConversationByID(w.annCtx, m.ConversationID)
		if err != nil || c.SLA != nil {
			t.Fatalf("before applying: %+v, %v", c.SLA, err)
		}
		if c, err = db.ApplySLA(w.adminCtx, m.ConversationID, &p.ID); err != nil {
			t.Fatal(err)
		}
		got := map[switchboard.SLATarget]switchboard.SLATargetState{}
		for _, s := range c.SLA.Targets {
			got[s.Target] = s
		}
		if len(got) != 3 || got[switchboard.SLAFirstResponse].MetAt == nil || got[switchboard.SLANextResponse].MetAt != nil ||
			!got[switchboard.SLANextResponse].DueAt.Equal(c.WaitingSince.Add(5*time.Minute)) {
			t.Errorf("targets applied late: %+v", c.SLA.Targets)
		}
		if c.SLA.Targets[0].Target != switchboard.SLAFirstResponse || c.SLA.Targets[2].Target != switchboard.SLAResolution {
			t.Errorf("targets out of order: %+v", c.SLA.Targets)
		}
	})
}
