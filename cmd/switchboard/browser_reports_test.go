//go:build ui

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
)

// TestBrowserReports: three customers write, Ada answers and resolves one, Bruno answers
// another, the third waits. Once the reports have followed the events, Ada opens Reports: the
// Overview counts today's conversations; a custom period before today counts none and last 7
// days a row per day, each change in the URL; Breakdown by agent shows each agent's replies and
// sorts by a column in the URL; its Export CSV link answers the same figures as a CSV file; Live
// shows what is open and who waits. Bruno, an agent, sees only his own figures. Screenshots of
// Overview and Breakdown at 1440, 1024 and 390 px, light and dark.
func TestBrowserReports(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			var db *sqlstore.DB
			a := startMain(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)},
				&Main{opened: func(d *sqlstore.DB) { db = d }})
			ada := session(t, a.base)
			ada.firstRun(a, nil)

			var me, bruno, inbox obj
			a.do("GET", "/api/v1/auth/me", nil, 200, &me)
			a.do("POST", "/api/v1/agents", obj{"name": "Bruno Bianchi", "email": "bruno@example.com", "password": "another long one", "role": "agent"}, 201, &bruno)
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
			a.do("PUT", inboxPath+"/members", obj{"agent_ids": []any{bruno["id"]}, "team_ids": []any{}}, 200, nil)
			// Bruno works through the API from a computer of his own.
			jar, _ := cookiejar.New(nil)
			bapi := &app{t: t, base: a.base, env: a.env, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
			bapi.do("POST", "/api/v1/auth/login", obj{"email": "bruno@example.com", "password": "another long one"}, 200, nil)

			convs := map[string]string{}
			for i, name := range []string{"Dora", "Eli", "Fay"} {
				var rec struct{ Conversation obj }
				a.do("POST", inboxPath+"/messages", obj{"from": fmt.Sprintf("c-%d", i), "contact_name": name, "provider_id": fmt.Sprintf("m-%d", i), "text": "Where is my order?"}, 201, &rec)
				convs[name] = fmt.Sprintf("/api/v1/conversations/%v", rec.Conversation["id"])
			}
			a.do("POST", convs["Dora"]+"/messages", obj{"text": "It ships today.", "idempotency_key": "r-dora"}, 201, nil)
			a.do("POST", convs["Dora"]+"/resolve", nil, 200, nil)
			a.do("POST", convs["Eli"]+"/assign", obj{"agent_id": bruno["id"]}, 200, nil)
			bapi.do("POST", convs["Eli"]+"/messages", obj{"text": "Let me check.", "idempotency_key": "r-eli"}, 201, nil)

			zone, err := time.LoadLocation(me["time_zone"].(string))
			if err != nil {
				zone = time.UTC
			}
			today := time.Now().In(zone).Format("2006-01-02")
			yesterday := time.Now().In(zone).AddDate(0, 0, -1).Format("2006-01-02")

			// The reports follow the event log (the server's follower does too). A step answers 0
			// while the other holds PostgreSQL's reports lock, so caught up is judged by the figures.
			sys := switchboard.NewSystemContext(context.Background())
			waitFor(t, "the reports to catch up", func() bool {
				for {
					n, err := db.FollowReports(sys, 500)
					if err != nil {
						t.Fatalf("follow reports: %v", err)
					}
					if n == 0 {
						break
					}
				}
				var o struct{ Figures map[string]any }
				a.do("GET", "/api/v1/reports/overview?from="+today+"&to="+today, nil, 200, &o)
				return o.Figures["opened"] == 3.0 && o.Figures["resolved"] == 1.0 && o.Figures["messages_out"] == 2.0
			})
			kpi := func(id string) string { return fmt.Sprintf(`[data-kpi=%q] .kpi-value`, id) }
			inURL := func(what string) {
				t.Helper()
				ada.wait("the URL to hold "+what, fmt.Sprintf(`location.search.includes(%s)`, js(what)))
			}

			// Overview: the rail's Reports opens the last 30 days, written into the URL.
			ada.open("/inbox")
			ada.click(".rail a", "Reports")
			ada.waitText("h1", "Reports")
			inURL("to=" + today)
			ada.waitText(kpi("opened"), "3")
			ada.waitText(kpi("resolved"), "1")
			ada.waitText(kpi("messages_out"), "2")
			ada.wait("the per-day chart", `!!document.querySelector('[data-figure="days"] svg[role="img"][aria-label]')`)
			ada.wait("the heat map", `!!document.querySelector('[data-figure="heat"] svg[role="img"]')`)

			// The period: today, then a custom day before today (nothing), then the last 7 days.
			settingsChoose(ada, `select[name="range"]`, "today")
			inURL("from=" + today + "&to=" + today)
			ada.waitText(kpi("opened"), "3")
			settingsChoose(ada, `select[name="range"]`, "custom")
			settingsChoose(ada, `input[name="from"]`, yesterday)
			settingsChoose(ada, `input[name="to"]`, yesterday)
			inURL("from=" + yesterday + "&to=" + yesterday)
			ada.waitText(kpi("opened"), "0")
			ada.waitText(kpi("first_response"), "—")
			settingsChoose(ada, `select[name="range"]`, "7d")
			inURL("to=" + today)
			ada.waitText(kpi("opened"), "3")
			ada.wait("a row per day", `document.querySelectorAll('[data-table="days"] tbody tr').length === 7`)
			ada.click("label.report-compare", "Compare")
			inURL("compare=1")
			ada.waitText(`[data-kpi="opened"] .delta`, "+3")
			// Back returns to the period before.
			ada.do(chromedp.NavigateBack())
			ada.wait("compare off after going back", `!location.search.includes("compare=1")`)
			ada.click("label.report-compare", "Compare")
			inURL("compare=1")
			ada.audit("reports overview")
			shots(ada, "reports-overview", "/reports/overview"+eval[string](ada, "location.search"), kpi("opened"), "3", `[data-figure="days"]`)

			// Breakdown by agent, sorted by replies; its CSV.
			ada.click(".reports-tabs a", "Breakdown")
			ada.wait("the breakdown's path", `location.pathname === "/reports/breakdown" && location.search.includes("from=")`)
			ada.click(".report-by label", "Inbox")
			inURL("by=inbox")
			ada.waitText(`[data-table="breakdown"] tbody th`, "Shop")
			ada.click(".report-by label", "Agent")
			inURL("by=agent")
			adaRow := fmt.Sprintf(`[data-table="breakdown"] tr[data-row="%v"]`, me["id"])
			brunoRow := fmt.Sprintf(`[data-table="breakdown"] tr[data-row="%v"]`, bruno["id"])
			ada.waitText(adaRow+` td[data-col="messages_out"]`, "1")
			ada.waitText(brunoRow+` td[data-col="messages_out"]`, "1")
			ada.waitText(adaRow+` td[data-col="resolved"]`, "1")
			ada.click(`button.sort[data-sort="resolved"]`, "")
			inURL("sort=-resolved")
			ada.wait("Ada first, with the resolution", fmt.Sprintf(`document.querySelector('[data-table="breakdown"] tbody tr')?.dataset.row === "%v"`, me["id"]))
			ada.audit("reports breakdown")
			shots(ada, "reports-breakdown", "/reports/breakdown"+eval[string](ada, "location.search"), adaRow, "Ada Admin", "")

			href := eval[string](ada, `document.querySelector('[data-csv="breakdown"]').getAttribute("href")`)
			if !strings.HasPrefix(href, "/api/v1/reports/breakdown?") || !strings.Contains(href, "format=csv") || !strings.Contains(href, "by=agent") {
				t.Fatalf("the CSV link is %q", href)
			}
			res, err := a.client.Get(a.base + href) // Ada's session, as the browser's download
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			csv := string(body)
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("CSV answer %d %v: %.300s", res.StatusCode, res.Header, csv)
			}
			lines := strings.Split(strings.TrimSpace(csv), "\n")
			if !strings.HasPrefix(lines[0], "id,name,") || !strings.Contains(lines[0], "messages_out") || !strings.Contains(csv, "Ada Admin") || !strings.Contains(csv, "Bruno Bianchi") {
				t.Errorf("the breakdown's CSV:\n%s", csv)
			}

			// Live: what is open now, who waits.
			ada.click(".reports-tabs a", "Live")
			ada.waitText(kpi("open"), "2")
			ada.waitText(kpi("unassigned"), "1")
			ada.waitText(`[data-table="waiting"] tbody th a`, "Fay")
			ada.shot("reports-live")
			ada.click(`[data-table="waiting"] tbody th a`, "Fay")
			ada.waitText(".thread-head", "Fay")

			// Bruno, an agent: his own figures, whatever the link asks.
			bru := session(t, a.base)
			bru.open(fmt.Sprintf("/reports/overview?from=%s&to=%s&slice=inbox&id=%v", today, today, inbox["id"]))
			bru.waitText("h1", "Sign in")
			bru.typeIn(`input[name="email"]`, "bruno@example.com")
			bru.typeIn(`input[name="password"]`, "another long one")
			bru.click("button", "Sign in") // and the link opens
			bru.waitText("h1", "My figures")
			bru.waitText(kpi("messages_out"), "1")
			bru.waitText(kpi("resolved"), "0")
			if eval[bool](bru, `!!document.querySelector('a[data-tab="breakdown"], select[name="slice"]')`) {
				t.Error("an agent is offered the breakdown or the slice picker")
			}
			bru.click(".reports-tabs a", "Live")
			bru.wait("his own row only", `document.querySelectorAll('[data-table="agents"] tbody tr').length === 1`)
			bru.waitText(`[data-table="agents"] tbody th`, "Bruno Bianchi")
			bru.shot("reports-agent")
			bapi.do("GET", fmt.Sprintf("/api/v1/reports/overview?from=%s&to=%s&slice=agent&id=%v", today, today, me["id"]), nil, 403, nil)
			bapi.do("GET", fmt.Sprintf("/api/v1/reports/breakdown?from=%s&to=%s&by=inbox", today, today), nil, 403, nil)
		})
	}
}

// shots takes screenshots of the page at path at 1440, 1024 and 390 px, light and dark, once
// the element css shows text (and, with below, another scrolled to that element), then goes back
// to the light theme at 1440 px.
func shots(b *tab, name, path, css, text, below string) {
	b.t.Helper()
	for _, theme := range []string{"light", "dark"} {
		eval[bool](b, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
		for _, w := range []int64{1440, 1024, 390} {
			b.viewport(w, 900)
			b.open(path)
			b.waitText(css, text)
			b.shot(fmt.Sprintf("%s-%d-%s", name, w, theme))
			if below != "" {
				eval[bool](b, fmt.Sprintf(`(document.querySelector(%s).scrollIntoView(), true)`, js(below)))
				b.shot(fmt.Sprintf("%s-%d-%s-below", name, w, theme))
			}
		}
	}
	eval[bool](b, `(localStorage.setItem("switchboard.theme", "light"), true)`)
	b.viewport(1440, 900)
	b.open(path)
	b.waitText(css, text)
}
