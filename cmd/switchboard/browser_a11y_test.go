//go:build ui

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeViolation is what axe-core reports of one broken rule.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// audit runs axe-core (the accessibility engine, from web/node_modules) on the page as it is and
// fails the test for each serious or critical violation of WCAG 2 A and AA.
func (b *tab) audit(name string) {
	b.t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		b.t.Fatalf("axe-core: %v (run npm ci in web/)", err)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](string(src)+"; true")); err != nil {
		b.t.Fatalf("load axe-core: %v", err)
	}
	out, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("run axe-core: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		b.t.Fatal(err)
	}
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var where []string
		for _, n := range v.Nodes {
			where = append(where, strings.Join(n.Target, " "))
		}
		b.t.Errorf("%s: %s (%s) at %s", name, v.Help, v.ID, strings.Join(where, ", "))
	}
}

// TestBrowserAccessibility audits the main screens, in the light and the dark theme.
func TestBrowserAccessibility(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	b := session(t, a.base)
	b.firstRun(a, func() { b.audit("setup") })

	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
	a.do("POST", "/api/v1/labels", obj{"name": "vip", "color": "#d1242f"}, 201, nil)
	var rec struct{ Conversation obj }
	a.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/messages", inbox["id"]), obj{"from": "c-1", "contact_name": "Dora", "provider_id": "m-1", "text": "Is my order late?"}, 201, &rec)
	a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/labels", rec.Conversation["id"]), obj{"labels": []string{"vip"}}, 200, nil)

	for _, theme := range []string{"light", "dark"} {
		eval[bool](b, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
		b.open(fmt.Sprintf("/inbox/%v?view=unassigned", rec.Conversation["id"]))
		b.waitText(".bubble.in", "Is my order late?")
		b.waitText(".contact-pane h3", "Dora")
		b.audit("inbox, " + theme)
		b.click(".list-tools button", "Filters")
		b.click(".thread-actions button", "More")
		b.click(".menu button", "Labels")
		b.waitText(".filter-bar", "Inbox")
		b.audit("inbox with filters and a menu open, " + theme)
		b.press("?")
		b.waitText(".modal", "Keyboard shortcuts")
		b.audit("shortcuts dialog, " + theme)
		b.open("/settings/agents")
		b.click("button", "New agent")
		b.waitText(".modal", "Password")
		b.audit("new agent dialog, " + theme)
		b.open("/settings/profile")
		b.waitText("h1", "Your profile")
		b.audit("profile, " + theme)
		b.open("/settings/webhooks")
		b.waitText("h1", "Webhooks")
		b.audit("webhooks, " + theme)
	}
}
