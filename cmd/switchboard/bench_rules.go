package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// createRules creates --rules enabled rules on message_received, with conditions as admins
// write them (a word in the text, a label, business hours, a pattern) that the benchmark's
// messages never meet: each message then costs its run_rules job, the conversation's facts and
// every rule's evaluation, and no action.
func (b *benchRun) createRules(ctx context.Context) error {
	for i := range b.opts.rules {
		var cond []map[string]any
		switch i % 3 {
		case 0:
			cond = []map[string]any{{"field": "message.text", "op": "contains", "values": []string{fmt.Sprintf("refund-%d", i), "chargeback"}}}
		case 1:
			cond = []map[string]any{{"field": "labels", "op": "includes", "values": []string{fmt.Sprintf("vip-%d", i)}},
				{"field": "contact.attribute.plan", "op": "is", "values": []string{"enterprise"}}}
		default:
			cond = []map[string]any{{"field": "business_hours", "op": "is", "values": []string{"closed"}},
				{"field": "message.text", "op": "matches", "values": []string{fmt.Sprintf(`(?i)\burgent-%d\b`, i)}}}
		}
		rule := map[string]any{"name": fmt.Sprintf("Bench rule %d", i), "when": map[string]any{"event": "message_received"},
			"if":   map[string]any{"match": "all", "conditions": cond},
			"then": []map[string]any{{"type": "set_priority", "priority": "urgent"}, {"type": "add_note", "text": "Look at this one"}}}
		if err := b.admin.do(ctx, "POST", "/api/v1/rules", nil, rule, http.StatusCreated, nil); err != nil {
			return fmt.Errorf("create rule %d: %w", i, err)
		}
	}
	return nil
}

// rulesDrained waits until the rules engine has run for every message the ingest figure sent
// (no run_rules job is left) and adds its rate: from the first webhook to the last job done.
func (b *benchRun) rulesDrained(ctx context.Context, began time.Time, n int) error {
	deadline := time.Now().Add(10 * time.Minute)
	for {
		left := 0
		for _, state := range []string{"available", "running"} {
			var jobs struct {
				Items []struct{ Kind string }
			}
			if err := b.admin.do(ctx, "GET", "/api/v1/jobs?limit=500&state="+state, nil, nil, http.StatusOK, &jobs); err != nil {
				return err
			}
			for _, j := range jobs.Items {
				if j.Kind == "run_rules" {
					left++
				}
			}
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the rules engine did not catch up in 10 minutes")
		}
		time.Sleep(100 * time.Millisecond)
	}
	el := time.Since(began)
	rate := float64(n) / el.Seconds()
	b.add(benchRow{op: fmt.Sprintf("the same messages through %d rules (webhooks and every run_rules job done)", b.opts.rules), rate: perSecond(rate, "msg/s")})
	b.progress("rules engine caught up: %.0f msg/s", rate)
	return nil
}
