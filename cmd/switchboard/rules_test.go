package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// ruleWorld is what the rules' end-to-end tests share: an admin signed in, an API inbox with
// Anna as its member, a label vip and a receiver of webhook calls.
type ruleWorld struct {
	a        *app
	inbox    string
	annaID   any
	hookID   any
	received chan switchboard.WebhookPayload
}

func newRuleWorld(t *testing.T, a *app) *ruleWorld {
	t.Helper()
	w := &ruleWorld{a: a, received: make(chan switchboard.WebhookPayload, 100)}
	rcv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var p switchboard.WebhookPayload
		_ = json.Unmarshal(body, &p)
		w.received <- p
	}))
	t.Cleanup(rcv.Close)
	a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	var anna, inbox obj
	a.do("POST", "/api/v1/agents", obj{"name": "Anna", "email": "anna@example.com", "password": "a long password"}, 201, &anna)
	w.annaID = anna["id"]
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM"}, 201, &inbox)
	w.inbox = fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
	a.do("PUT", w.inbox+"/members", obj{"agent_ids": []any{anna["id"]}}, 200, nil)
	a.do("POST", "/api/v1/labels", obj{"name": "vip"}, 201, nil)
	var hook struct{ Webhook obj }
	// Subscribed to test deliveries only: what it receives comes from the rule's call_webhook.
	a.do("POST", "/api/v1/webhooks", obj{"url": rcv.URL, "events": []string{"webhook.test"}}, 201, &hook)
	w.hookID = hook.Webhook["id"]
	return w
}

// startRules starts a server on a fresh database of engine e, with the rule world in it.
func startRules(t *testing.T, e sqltest.Engine) *ruleWorld {
	t.Helper()
	_, url := e.Open(t, sqltest.Options{})
	return newRuleWorld(t, start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
		"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url}))
}

// vipRule creates "when label_added vip → assign Anna, add a note, call the webhook".
func (w *ruleWorld) vipRule() string {
	var rule obj
	w.a.do("POST", "/api/v1/rules", obj{"name": "VIP to Anna", "when": obj{"event": "label_added", "label": "vip"},
		"if": obj{"match": "all", "conditions": []obj{{"field": "labels", "op": "includes", "values": []string{"VIP"}}}},
		"then": []obj{{"type": "assign_agent", "agent_id": w.annaID}, {"type": "add_note", "text": "A VIP: Anna has it"},
			{"type": "call_webhook", "webhook_id": w.hookID}}}, 201, &rule)
	return fmt.Sprintf("/api/v1/rules/%v", rule["id"])
}

// customer records a customer's message in a new conversation and returns its path.
func (w *ruleWorld) customer(from, text string) string {
	var rec struct{ Conversation obj }
	w.a.do("POST", w.inbox+"/messages", obj{"from": from, "contact_name": "Dora " + from, "provider_id": "in-" + from, "text": text}, 201, &rec)
	return fmt.Sprintf("/api/v1/conversations/%v", rec.Conversation["id"])
}

// waitRuns waits until a rule's run log has n runs and returns them.
func (w *ruleWorld) waitRuns(t *testing.T, rule string, n int) []obj {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var page struct{ Items []obj }
		w.a.do("GET", rule+"/runs", nil, 200, &page)
		if len(page.Items) >= n || time.Now().After(deadline) {
			if len(page.Items) != n {
				t.Fatalf("%d runs of %s, want %d: %v", len(page.Items), rule, n, page.Items)
			}
			return page.Items
		}
		time.Sleep(50 * time.Millisecond) // polling the API as a client would
	}
}

// checkVIP checks what the VIP rule did to a conversation, once: Anna is its assignee by one
// milestone crediting the rule, with one note, and the webhook has exactly one delivery.
func (w *ruleWorld) checkVIP(t *testing.T, conv string) {
	t.Helper()
	var c obj
	w.a.do("GET", conv, nil, 200, &c)
	if fmt.Sprint(c["assignee_id"]) != fmt.Sprint(w.annaID) {
		t.Errorf("assignee %v, want Anna %v", c["assignee_id"], w.annaID)
	}
	var thread struct{ Items []switchboard.Message }
	w.a.do("GET", conv+"/messages?limit=100", nil, 200, &thread)
	notes, milestones := 0, 0
	for _, m := range thread.Items {
		if m.Kind == switchboard.KindNote && m.Text == "A VIP: Anna has it" {
			notes++
		}
		if m.Activity != nil && m.Activity.Action == "assigned" {
			if a := m.Activity.Automation; a == nil || a.Kind != "rule" || a.Name != "VIP to Anna" {
				t.Errorf("assignment milestone credits %+v, want the rule", m.Activity.Automation)
			}
			milestones++
		}
	}
	if notes != 1 || milestones != 1 {
		t.Errorf("%d notes and %d assignment milestones, want 1 and 1", notes, milestones)
	}
	var deliveries struct{ Items []obj }
	w.a.do("GET", fmt.Sprintf("/api/v1/webhooks/%v/deliveries", w.hookID), nil, 200, &deliveries)
	if len(deliveries.Items) != 1 || deliveries.Items[0]["event_type"] != string(switchboard.EventRuleExecuted) {
		t.Errorf("deliveries %v, want one of rule.executed", deliveries.Items)
	}
}

// TestRuleVIPOnce: a rule "when label_added vip → assign Anna, add a note, call a webhook"
// fires once through the running server: one assignment milestone crediting the rule, one
// note, one webhook call received.
func TestRuleVIPOnce(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			w := startRules(t, e)
			a := w.a
			rule := w.vipRule()
			conv := w.customer("c-1", "Hello")
			a.do("POST", conv+"/labels", obj{"labels": []string{"vip"}}, 200, nil)
			select {
			case p := <-w.received:
				if p.Type != switchboard.EventRuleExecuted {
					t.Errorf("received %s, want rule.executed", p.Type)
				}
				var d switchboard.RuleExecutedData
				if err := json.Unmarshal(p.Data, &d); err != nil || d.RuleName != "VIP to Anna" || len(d.Actions) != 3 {
					t.Errorf("rule.executed data %s (%v)", p.Data, err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the webhook was not called")
			}
			runs := w.waitRuns(t, rule, 1)
			if runs[0]["outcome"] != switchboard.RunApplied {
				t.Errorf("run %v", runs[0])
			}
			w.checkVIP(t, conv)
			// A dry run of a draft finds the same trigger, and does nothing.
			var dry switchboard.RuleDryRun
			a.do("POST", "/api/v1/rules/dry-run", obj{"when": obj{"event": "label_added", "label": "vip"},
				"then": []obj{{"type": "resolve"}}}, 200, &dry)
			if dry.Examined != 1 || len(dry.Items) != 1 || fmt.Sprintf("/api/v1/conversations/%d", dry.Items[0].ConversationID) != conv {
				t.Errorf("dry run %+v", dry)
			}
			// Removing and adding the label again is a new trigger: the rule runs again, its
			// assignment skipped (Anna has it already).
			a.do("DELETE", conv+"/labels/vip", nil, 200, nil)
			a.do("POST", conv+"/labels", obj{"labels": []string{"vip"}}, 200, nil)
			runs = w.waitRuns(t, rule, 2)
			if acts, _ := runs[0]["actions"].([]any); len(acts) != 3 || acts[0].(map[string]any)["outcome"] != "skipped" {
				t.Errorf("second run %v", runs[0])
			}
		})
	}
}

// TestRuleLoopStops: rule A (label x added → remove x) and rule B (label x removed → add x)
// would feed each other for ever; the chain stops them, and A's second turn is logged
// loop_stopped.
func TestRuleLoopStops(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			w := startRules(t, e)
			a := w.a
			a.do("POST", "/api/v1/labels", obj{"name": "x"}, 201, nil)
			var ra, rb obj
			a.do("POST", "/api/v1/rules", obj{"name": "A", "when": obj{"event": "label_added", "label": "x"},
				"then": []obj{{"type": "remove_label", "labels": []string{"x"}}}}, 201, &ra)
			a.do("POST", "/api/v1/rules", obj{"name": "B", "when": obj{"event": "label_removed", "label": "x"},
				"then": []obj{{"type": "add_label", "labels": []string{"x"}}}}, 201, &rb)
			conv := w.customer("c-2", "Hi")
			a.do("POST", conv+"/labels", obj{"labels": []string{"x"}}, 200, nil)
			runsA := w.waitRuns(t, fmt.Sprintf("/api/v1/rules/%v", ra["id"]), 2)
			if runsA[0]["outcome"] != switchboard.RunLoopStopped || runsA[1]["outcome"] != switchboard.RunApplied {
				t.Errorf("A's runs, newest first: %v", runsA)
			}
			runsB := w.waitRuns(t, fmt.Sprintf("/api/v1/rules/%v", rb["id"]), 1)
			if runsB[0]["outcome"] != switchboard.RunApplied {
				t.Errorf("B's run: %v", runsB)
			}
			var c obj
			a.do("GET", conv, nil, 200, &c)
			if labels, _ := c["labels"].([]any); len(labels) != 1 || labels[0] != "x" {
				t.Errorf("labels %v, want x (B's addition, where the loop stopped)", c["labels"])
			}
		})
	}
}

// TestRuleSurvivesSIGKILL: the VIP rule's trigger is committed, the server killed with SIGKILL
// before or while the rule runs, and started again: the rule has done its work exactly once
// (one run, one milestone, one note, one delivery received).
func TestRuleSurvivesSIGKILL(t *testing.T) {
	bin := buildBinary(t)
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			// The same node name both times, so the node takes its jobs back at once when it
			// starts again, as a server does.
			env := []string{"SWITCHBOARD_LISTEN=127.0.0.1:0", "SWITCHBOARD_DATA_DIR=" + t.TempDir(), "SWITCHBOARD_DATABASE_URL=" + url,
				"SWITCHBOARD_ALLOW_PRIVATE_HOSTS=127.0.0.1", "SWITCHBOARD_NODE_NAME=rules-node"}
			p := launch(t, bin, env)
			jar, _ := cookiejar.New(nil)
			a := &app{t: t, base: p.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
			w := newRuleWorld(t, a)
			rule := w.vipRule()
			// Many conversations labelled at once, the kill landing among their rules' runs.
			const n = 20
			convs := make([]string, n)
			for i := range convs {
				convs[i] = w.customer(fmt.Sprintf("k-%d", i), "Hello")
			}
			var wg sync.WaitGroup
			for _, c := range convs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					a.do("POST", c+"/labels", obj{"labels": []string{"vip"}}, 200, nil)
				}()
			}
			wg.Wait()
			var before struct{ Items []obj }
			a.do("GET", rule+"/runs?limit=100", nil, 200, &before)
			if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			p.cmd.Wait()
			t.Logf("%d of %d runs done when the server was killed", len(before.Items), n)
			p2 := launch(t, bin, env)
			a.base = p2.base
			w.waitRuns(t, rule, n)
			// A call the kill cut off is made again, as the same delivery (its id): webhooks are
			// at least once, and receivers tell repeats by the id. Each conversation has one.
			byConv := map[int64]map[string]bool{}
			deadline := time.After(60 * time.Second)
			for len(byConv) < n {
				select {
				case pl := <-w.received:
					var d switchboard.RuleExecutedData
					_ = json.Unmarshal(pl.Data, &d)
					if byConv[d.ConversationID] == nil {
						byConv[d.ConversationID] = map[string]bool{}
					}
					byConv[d.ConversationID][pl.ID] = true
				case <-deadline:
					t.Fatalf("%d of %d webhook calls received", len(byConv), n)
				}
			}
			for _, conv := range convs {
				var c obj
				a.do("GET", conv, nil, 200, &c)
				if id := int64(c["id"].(float64)); len(byConv[id]) != 1 {
					t.Errorf("conversation %d: %d deliveries called", id, len(byConv[id]))
				}
			}
			// Each conversation's delivery is the same, whatever attempt the kill cut off.
			var deliveries struct{ Items []obj }
			a.do("GET", fmt.Sprintf("/api/v1/webhooks/%v/deliveries?limit=100", w.hookID), nil, 200, &deliveries)
			if len(deliveries.Items) != n {
				t.Errorf("%d deliveries, want %d", len(deliveries.Items), n)
			}
			for _, conv := range convs {
				var c obj
				a.do("GET", conv, nil, 200, &c)
				var thread struct{ Items []switchboard.Message }
				a.do("GET", conv+"/messages?limit=100", nil, 200, &thread)
				notes, milestones := 0, 0
				for _, m := range thread.Items {
					if m.Kind == switchboard.KindNote {
						notes++
					}
					if m.Activity != nil && m.Activity.Action == "assigned" {
						milestones++
					}
				}
				if notes != 1 || milestones != 1 || fmt.Sprint(c["assignee_id"]) != fmt.Sprint(w.annaID) {
					t.Errorf("%s: %d notes, %d milestones, assignee %v", conv, notes, milestones, c["assignee_id"])
				}
			}
		})
	}
}
