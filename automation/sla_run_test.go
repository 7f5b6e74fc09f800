package automation_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/jobs"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func system() context.Context { return switchboard.NewSystemContext(context.Background()) }
func agentCtx(a *switchboard.Agent) context.Context {
	return switchboard.NewContextWithAgent(context.Background(), a)
}

// TestSLABreachOnTime runs the real job runner on a store whose clock the test moves: once a
// conversation's first response is due unanswered, the runner's timer emits exactly one
// conversation.sla_breached for it; a conversation answered in time gets no event. A rule on
// sla_breached then labels the late conversation, and only it.
func TestSLABreachOnTime(t *testing.T) {
	t.Parallel()
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			c := &clock{now: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
			db, _ := e.Open(t, sqltest.Options{Now: c.Now, SLA: automation.SLAPlanner{}})
			sys := system()
			admin, err := db.CreateAgent(sys, &switchboard.AgentCreate{Name: "Ada", Email: "ada@team.test", Role: switchboard.RoleAdmin, Password: "correct horse battery"})
			if err != nil {
				t.Fatal(err)
			}
			inbox, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Sales")})
			if err != nil {
				t.Fatal(err)
			}
			p, err := db.CreateSLAPolicy(agentCtx(admin), &switchboard.SLAPolicy{Name: "Fast", FirstResponseMinutes: 10})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.CreateLabel(agentCtx(admin), &switchboard.LabelInput{Name: ptr("late")}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CreateRule(agentCtx(admin), &switchboard.RuleInput{Name: "Late", When: switchboard.RuleTrigger{Event: switchboard.TriggerSLABreached},
				Then: []switchboard.RuleAction{{Type: switchboard.ActionAddLabel, Labels: []string{"late"}}}}); err != nil {
				t.Fatal(err)
			}
			start := func(from string) int64 {
				m, _, _, err := db.Receive(sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: from, ProviderID: from, Text: "hi"})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.ApplySLA(sys, m.ConversationID, &p.ID); err != nil {
					t.Fatal(err)
				}
				return m.ConversationID
			}
			answered := start("+393330000001")
			c.Add(time.Minute)
			missed := start("+393330000002")
			c.Add(5 * time.Minute)
			if _, _, err := db.CreateMessage(agentCtx(admin), answered, &switchboard.MessageCreate{Text: "hello"}); err != nil {
				t.Fatal(err)
			}

			ctx, cancel := context.WithCancel(context.Background())
			r := jobs.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Options{Node: "n1", Now: c.Now, Poll: 50 * time.Millisecond})
			r.Handle(switchboard.JobSLATimer, (&automation.SLATimers{Store: db}).Handle)
			r.Handle(switchboard.JobRunRules, (&automation.Engine{Store: db}).RunRules)
			r.Handle(switchboard.JobDeliverMessage, func(context.Context, *switchboard.Job) error { return nil })
			done := make(chan struct{})
			go func() { defer close(done); _ = r.Run(ctx) }()
			defer func() { cancel(); <-done }()

			// Nothing is due yet: both timers wait.
			if n := breaches(t, db); len(n) != 0 {
				t.Fatalf("breaches before the due time: %v", n)
			}
			c.Add(6 * time.Minute) // 10:12: both are past due
			deadline := time.Now().Add(30 * time.Second)
			for {
				got := breaches(t, db)
				timers := 0
				js, err := db.FindJobs(sys, switchboard.JobCompleted, 100)
				if err != nil {
					t.Fatal(err)
				}
				for _, j := range js {
					if j.Kind == switchboard.JobSLATimer {
						timers++
					}
				}
				if timers == 2 {
					if len(got) != 1 || got[0] != missed {
						t.Fatalf("breach events for conversations %v, want only %d (answered: %d)", got, missed, answered)
					}
					late, err := db.FindConversationByID(sys, missed)
					if err != nil {
						t.Fatal(err)
					}
					if slices.Contains(late.Labels, "late") {
						if on, err := db.FindConversationByID(sys, answered); err != nil || len(on.Labels) != 0 {
							t.Fatalf("the conversation answered in time has labels %v (%v)", on.Labels, err)
						}
						return
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("after 30s: %d timers ran, breaches %v", timers, got)
				}
				select {
				case <-db.Changes():
				case <-time.After(100 * time.Millisecond):
				}
			}
		})
	}
}

// breaches returns the conversations of the conversation.sla_breached events in the log.
func breaches(t *testing.T, db *sqlstore.DB) []int64 {
	t.Helper()
	evs, err := db.FindEvents(system(), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, e := range evs {
		if e.Type == switchboard.EventSLABreached {
			var d struct {
				ConversationID int64 `json:"conversation_id"`
				Target         string
			}
			if err := json.Unmarshal(e.Data, &d); err != nil || d.Target != "first_response" {
				t.Errorf("event data %s", e.Data)
			}
			out = append(out, d.ConversationID)
		}
	}
	return out
}
