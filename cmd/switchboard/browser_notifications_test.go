//go:build ui

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard/emulator/webpush"
)

// TestBrowserNotifications: Ada (an admin, through the API) assigns Bruno a conversation and
// mentions him in a note of another; Bruno's bell, open in his browser, counts 1 then 2 without
// a reload; its panel (a dialog: focus in, Escape out, focus back on the bell) lists both with
// links, and opening one goes to its conversation and counts it read; Mark all read empties the
// count. Settings › Notifications saves each toggle and shows them again after a reload. A
// trigger whose Sound is on plays the chosen sound in the open window, and Bruno's own action
// plays none. Last, push with the tab in the background: the service worker, registered by the
// page, shows what the server pushed.
func TestBrowserNotifications(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			// The push service the server sends Bruno's pushes to (a local one: see the push
			// subtest).
			pushService := webpush.New()
			pushes := make(chan webpush.Push, 16)
			pushService.OnPush = func(p webpush.Push) {
				select {
				case pushes <- p:
				default:
				}
			}
			ps := httptest.NewServer(pushService)
			t.Cleanup(ps.Close)

			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
				"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			// Ada works through the API: setup signs her client in.
			a.do("POST", "/api/v1/setup", obj{"name": "Ada Admin", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var bruno, inbox obj
			a.do("POST", "/api/v1/agents", obj{"name": "Bruno Bianchi", "email": "bruno@example.com", "password": "another long one", "role": "agent"}, 201, &bruno)
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
			a.do("PUT", inboxPath+"/members", obj{"agent_ids": []any{bruno["id"]}, "team_ids": []any{}}, 200, nil)
			jar, _ := cookiejar.New(nil)
			bapi := &app{t: t, base: a.base, env: a.env, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
			bapi.do("POST", "/api/v1/auth/login", obj{"email": "bruno@example.com", "password": "another long one"}, 200, nil)

			// New unassigned conversations would ring Bruno's bell too (everything is in the bell
			// by default): he turns those off, so the bell counts only what Ada does to him.
			var s obj
			bapi.do("GET", "/api/v1/notifications/settings", nil, 200, &s)
			s["triggers"].(obj)["unassigned"] = obj{"app": false, "push": false, "email": false, "sound": false}
			bapi.do("PUT", "/api/v1/notifications/settings", s, 200, nil)

			convs := map[string]string{}
			for i, name := range []string{"Dora", "Eli", "Fay", "Gus", "Hal"} {
				var rec struct{ Conversation obj }
				a.do("POST", inboxPath+"/messages", obj{"from": fmt.Sprintf("c-%d", i), "contact_name": name, "provider_id": fmt.Sprintf("m-%d", i), "text": "Where is my order?"}, 201, &rec)
				convs[name] = fmt.Sprint(rec.Conversation["id"])
			}
			// The router reads a conversation as it is when it routes: the customers' messages
			// are routed before Bruno is assigned any (else, on a busy machine, one could reach
			// him as a message in his conversation). Ada, an admin, hears of every new one.
			waitFor(t, "the five new conversations routed", func() bool {
				var p struct{ Unread int }
				a.do("GET", "/api/v1/notifications?unread=1", nil, 200, &p)
				return p.Unread == 5
			})
			assign := func(who *app, name string) {
				t.Helper()
				who.do("POST", "/api/v1/conversations/"+convs[name]+"/assign", obj{"agent_id": bruno["id"]}, 200, nil)
			}
			mention := func(name string) {
				t.Helper()
				a.do("POST", "/api/v1/conversations/"+convs[name]+"/messages", obj{"note": true, "text": "@Bruno Bianchi can you look at this?", "mentions": []any{bruno["id"]}}, 201, nil)
			}
			unreadViaAPI := func() int {
				var p struct{ Unread int }
				bapi.do("GET", "/api/v1/notifications?unread=1", nil, 200, &p)
				return p.Unread
			}

			bru := session(t, a.base)
			console := watchConsole(bru)
			signedInAs(bru, bapi)
			bru.open("/inbox")
			bell := `document.querySelector(".rail .rail-bell")`
			bru.wait("the bell, with nothing unread", bell+`?.getAttribute("aria-label") === "Notifications" && !document.querySelector(".bell-count")`)
			bru.wait("the stream live", `!!window.switchboardAlerts && switchboardAlerts.live()`)
			// A mark that a reload would wipe: the count must change live.
			eval[bool](bru, `(window.__sameLoad = true)`)

			t.Run("the bell counts live", func(t *testing.T) {
				bru.t = t
				assign(a, "Dora")
				// The server first (its follower routes the event), then the page.
				waitFor(t, "the server to count one unread", func() bool { return unreadViaAPI() == 1 })
				bru.waitText(".bell-count", "1")
				bru.wait("the count in the bell's name", bell+`.getAttribute("aria-label") === "Notifications, 1 unread"`)
				mention("Eli")
				waitFor(t, "the server to count two unread", func() bool { return unreadViaAPI() == 2 })
				bru.waitText(".bell-count", "2")
				bru.wait("the count in the bell's name", bell+`.getAttribute("aria-label") === "Notifications, 2 unread"`)
				if !eval[bool](bru, `window.__sameLoad === true`) {
					t.Error("the page reloaded to count")
				}
			})

			t.Run("the panel lists them, with links, and works with the keyboard", func(t *testing.T) {
				bru.t = t
				bru.click(".rail .rail-bell", "")
				bru.wait("the panel open, the bell expanded", `!!document.querySelector('.notif-panel[role="dialog"]') && `+bell+`.getAttribute("aria-expanded") === "true"`)
				bru.wait("two unread notifications, newest first", fmt.Sprintf(`(items => items.length === 2 && items.every(li => li.classList.contains("unread") && li.textContent.trim())
					&& items[0].querySelector("a")?.getAttribute("href") === %s && items[1].querySelector("a")?.getAttribute("href") === %s)([...document.querySelectorAll(".notif-item")])`,
					js("/inbox/"+convs["Eli"]), js("/inbox/"+convs["Dora"])))
				bru.wait("the focus in the panel", `!!document.activeElement?.closest(".notif-panel")`)
				bru.shot("panel")
				bru.audit("the bell's panel")
				bru.press(kb.ArrowDown)
				bru.wait("the arrow key on the second notification", `document.activeElement === document.querySelectorAll(".notif-item a")[1]`)
				bru.press(kb.Escape)
				bru.wait("the panel closed by Escape", `!document.querySelector(".notif-panel")`)
				bru.wait("the focus back on the bell", `document.activeElement === `+bell)
				bru.wait("the bell collapsed", bell+`.getAttribute("aria-expanded") === "false"`)
			})

			t.Run("opening one goes to its conversation and reads it", func(t *testing.T) {
				bru.t = t
				bru.click(".rail .rail-bell", "")
				bru.click(fmt.Sprintf(`.notif-item a[href="/inbox/%s"]`, convs["Dora"]), "")
				bru.wait("the conversation open", fmt.Sprintf(`location.pathname === "/inbox/%s"`, convs["Dora"]))
				bru.waitText(".bubble.in", "Where is my order?")
				bru.wait("the panel closed", `!document.querySelector(".notif-panel")`)
				bru.waitText(".bell-count", "1")
				waitFor(t, "the server to count one unread", func() bool { return unreadViaAPI() == 1 })
				bru.click(".rail .rail-bell", "")
				bru.wait("Dora's read, Eli's not", fmt.Sprintf(`(items => items.length === 2 && !items[1].classList.contains("unread") && items[0].classList.contains("unread"))([...document.querySelectorAll(".notif-item")])`))
			})

			t.Run("mark all read", func(t *testing.T) {
				bru.t = t
				bru.click(".notif-head button", "Mark all read")
				bru.wait("no count", `!document.querySelector(".bell-count") && `+bell+`.getAttribute("aria-label") === "Notifications"`)
				bru.wait("every notification read", `document.querySelectorAll(".notif-item").length === 2 && !document.querySelector(".notif-item.unread")`)
				waitFor(t, "the server to count none unread", func() bool { return unreadViaAPI() == 0 })
				bru.press(kb.Escape)
				bru.wait("the panel closed", `!document.querySelector(".notif-panel")`)
			})

			cell := func(trigger, medium string) string {
				return fmt.Sprintf(`input[data-trigger=%q][data-medium=%q]`, trigger, medium)
			}
			settings := func() (s struct {
				Triggers        map[string]struct{ App, Push, Email, Sound bool }
				QuietHours      *struct{ From, To string } `json:"quiet_hours"`
				PushWhileActive bool                       `json:"push_while_active"`
			}) {
				bapi.do("GET", "/api/v1/notifications/settings", nil, 200, &s)
				return s
			}

			t.Run("settings save each toggle and survive a reload", func(t *testing.T) {
				bru.t = t
				bru.open("/settings/notifications")
				bru.waitText("h1", "Notifications")
				// Every checkbox is named by its medium and trigger.
				bru.wait("labelled checkboxes", fmt.Sprintf(`document.querySelectorAll(".notif-table input[type=checkbox]").length === 36 &&
					document.querySelector(%s).getAttribute("aria-label") === "Sound: Assigned to me"`, js(cell("assigned", "sound"))))
				bru.wait("the defaults shown", fmt.Sprintf(`document.querySelector(%s).checked && !document.querySelector(%s).checked && !document.querySelector(%s).checked`,
					js(cell("assigned", "app")), js(cell("assigned", "sound")), js(cell("unassigned", "app"))))
				bru.click(cell("assigned", "sound"), "")
				bru.click(cell("mention", "sound"), "")
				bru.click(cell("failed", "email"), "")
				bru.click(`input[name="quiet"]`, "")
				bru.wait("quiet hours' times", `document.querySelector('input[name="quiet_from"]')?.value === "22:00"`)
				bru.click(`input[name="push_while_active"]`, "")
				bru.waitText(`.notif-status [role="status"]`, "Saved.")
				waitFor(t, "the toggles saved", func() bool {
					s := settings()
					return s.Triggers["assigned"].Sound && s.Triggers["mention"].Sound && s.Triggers["failed"].Email && s.QuietHours != nil && s.PushWhileActive
				})
				bru.open("/settings/notifications")
				bru.wait("the toggles shown after a reload", fmt.Sprintf(`[%s, %s, %s, 'input[name="quiet"]', 'input[name="push_while_active"]'].every(css => document.querySelector(css)?.checked)`,
					js(cell("assigned", "sound")), js(cell("mention", "sound")), js(cell("failed", "email"))))
				bru.shot("settings")
				bru.audit("Settings › Notifications")
				// Quiet hours would silence the sounds below, and pushes wait while active only
				// when push_while_active is off: both back off.
				bru.click(`input[name="quiet"]`, "")
				bru.click(`input[name="push_while_active"]`, "")
				waitFor(t, "quiet hours and push while active off", func() bool {
					s := settings()
					return s.QuietHours == nil && !s.PushWhileActive && s.Triggers["assigned"].Sound
				})
			})

			// The app installs (on a phone's home screen, as a desktop app): Chromium finds
			// nothing missing in its manifest and icons.
			t.Run("installable as an app", func(t *testing.T) {
				bru.t = t
				bru.open("/inbox")
				bru.wait("the manifest linked", `!!document.querySelector('link[rel="manifest"]')`)
				res, err := chromedp.Call(bru.ctx, page.GetInstallabilityErrors, cdp.Empty{})
				if err != nil {
					t.Fatalf("Page.getInstallabilityErrors: %v", err)
				}
				for _, e := range res.InstallabilityErrors {
					t.Errorf("not installable: %s %v", e.ErrorID, e.ErrorArguments)
				}
			})

			// What users see, when screenshots are asked for: the settings page and the open bell
			// at desktop, laptop and phone widths, light and dark.
			if os.Getenv("SWITCHBOARD_SCREENSHOTS") != "" && e == "sqlite" {
				t.Run("screenshots", func(t *testing.T) {
					bru.t = t
					shots(bru, "notifications-settings", "/settings/notifications", "h1", "Notifications", ".notif-push")
					ada := session(t, a.base)
					signedInAs(ada, a)
					ada.open("/settings/notifications")
					shots(ada, "notifications-settings-admin", "/settings/notifications", ".notif-mail", "Email sender", ".notif-mail")
					for _, theme := range []string{"light", "dark"} {
						eval[bool](bru, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
						for _, w := range []int64{1440, 1024, 390} {
							bru.viewport(w, 900)
							bru.open("/inbox")
							bru.click(".rail .rail-bell", "")
							bru.wait("the panel open", `document.querySelectorAll(".notif-item").length > 0`)
							bru.shot(fmt.Sprintf("notifications-panel-%d-%s", w, theme))
						}
					}
					eval[bool](bru, `(localStorage.setItem("switchboard.theme", "light"), true)`)
					bru.viewport(1440, 900)
					bru.open("/inbox")
				})
			}

			t.Run("a sound for a trigger whose sound is on, none for my own action", func(t *testing.T) {
				bru.t = t
				bru.open("/inbox")
				// Live: a notification made before the stream started would only be loaded, silently.
				bru.wait("the alerts loaded, with a sound on, and the stream live", `!!window.switchboardAlerts && switchboardAlerts.sound() && switchboardAlerts.live()`)
				before := eval[int](bru, `switchboardAlerts.beeps`)
				assign(a, "Fay")
				bru.wait("a sound for the assignment", fmt.Sprintf(`switchboardAlerts.beeps === %d && switchboardAlerts.lastSound === "chime"`, before+1))
				bru.waitText(".bell-count", "1")
				// Bruno takes Gus himself: nobody tells him of his own action. Ada's mention after
				// it is routed after it, and its live event comes after: once the bell counts what
				// the server counts with the mention kept, every sound asked for has been asked.
				assign(bapi, "Gus")
				mention("Gus")
				unread, own := 0, obj(nil)
				waitFor(t, "the mention kept", func() bool {
					var page struct {
						Items  []obj
						Unread int
					}
					bapi.do("GET", "/api/v1/notifications", nil, 200, &page)
					for _, n := range page.Items {
						if n["trigger"] == "assigned" && fmt.Sprint(n["conversation_id"]) == convs["Gus"] {
							own = n
						}
						if n["trigger"] == "mention" && fmt.Sprint(n["conversation_id"]) == convs["Gus"] {
							unread = page.Unread
						}
					}
					return unread > 0
				})
				if own != nil {
					t.Errorf("Bruno was told of his own assignment: %v", own)
				}
				if unread != 2 {
					t.Errorf("%d unread after an assignment by Ada, Bruno's own assignment and a mention; want 2", unread)
				}
				bru.wait("the bell counting as the server does", fmt.Sprintf(`document.querySelector(".bell-count")?.textContent === "%d"`, unread))
				bru.wait("the sounds played", fmt.Sprintf(`switchboardAlerts.beeps >= %d`, before+2))
				if n := eval[int](bru, `switchboardAlerts.beeps`); n != before+2 {
					t.Errorf("%d sounds for an assignment by Ada, Bruno's own assignment and a mention; want 2", n-before)
				}
			})

			t.Run("a push reaches the service worker with the tab in the background", func(t *testing.T) {
				bru.t = t
				ctx, cancel := context.WithTimeout(bru.ctx, 60*time.Second)
				defer cancel()
				// The service worker shows notifications only with the permission, which a person
				// grants when the page asks.
				if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
					Permission: &browser.PermissionDescriptor{Name: "notifications"}, Setting: browser.PermissionSettingGranted, Origin: a.base}); err != nil {
					t.Fatalf("grant notifications: %v", err)
				}
				regs := make(chan *serviceworker.Registration, 16)
				if err := chromedp.Listen(ctx, func(ev any) {
					if e, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
						for _, r := range e.Registrations {
							if !r.IsDeleted && r.ScopeURL == a.base+"/" {
								select {
								case regs <- r:
								default:
								}
							}
						}
					}
				}); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Call(ctx, serviceworker.Enable, struct{}{}); err != nil {
					t.Fatalf("ServiceWorker.enable: %v", err)
				}
				// The page registers /sw.js, as Enable push does before it subscribes.
				if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready).then(r => !!r.active)`,
					chromedp.EvalAwaitPromise)); err != nil || !ok {
					t.Fatalf("register /sw.js: %v %v", ok, err)
				}
				var reg *serviceworker.Registration
				select {
				case reg = <-regs:
				case <-ctx.Done():
					t.Fatal("no service worker registration reported")
				}

				// A second tab in front: Bruno's Switchboard tab is in the background.
				front, cancelFront := chromedp.NewContext(bru.ctx)
				defer cancelFront()
				if err := chromedp.Do(front, chromedp.Navigate("about:blank")); err != nil {
					t.Fatalf("second tab: %v", err)
				}

				// Chromium cannot subscribe to a real push service here (PushManager.subscribe
				// reaches Google's, and the tests have no network), so the subscription comes from
				// the push service emulator and is registered through the API, as the page would
				// post it; what the emulator accepts is handed to Chromium's service worker with the
				// DevTools protocol, as the push service would deliver it.
				sub, err := pushService.Subscribe(ps.URL)
				if err != nil {
					t.Fatal(err)
				}
				bapi.do("POST", "/api/v1/notifications/push", sub, 201, nil)

				assign(a, "Hal")
				var p webpush.Push
				select {
				case p = <-pushes:
				case <-time.After(30 * time.Second):
					t.Fatal("no push for the assignment (does the server think Bruno's background tab is active?)")
				}
				var payload struct {
					Title, Body, URL, Tag, Trigger string
					ID                             int64
				}
				if err := json.Unmarshal(p.Payload, &payload); err != nil {
					t.Fatalf("push payload %s: %v", p.Payload, err)
				}
				if p.Endpoint != sub.Endpoint || payload.URL != "/inbox/"+convs["Hal"] || payload.Trigger != "assigned" || payload.Title == "" || p.Urgency != "high" {
					t.Errorf("push to %s (urgency %q): %s", p.Endpoint, p.Urgency, p.Payload)
				}
				if _, err := chromedp.Call(ctx, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{
					Origin: a.base, RegistrationID: reg.RegistrationID, Data: string(p.Payload)}); err != nil {
					t.Fatalf("deliver the push: %v", err)
				}
				type shownNotification struct{ Title, Body, Tag, URL string }
				var shown []shownNotification
				for deadline := time.Now().Add(15 * time.Second); len(shown) == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
					raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => JSON.stringify(ns.map(n => ({title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url}))))`,
						chromedp.EvalAwaitPromise))
					if err != nil {
						t.Fatalf("read the shown notifications: %v", err)
					}
					if err := json.Unmarshal([]byte(raw), &shown); err != nil {
						t.Fatalf("shown notifications %s: %v", raw, err)
					}
				}
				want := []shownNotification{{Title: payload.Title, Body: payload.Body, Tag: payload.Tag, URL: payload.URL}}
				if diff := cmp.Diff(want, shown); diff != "" {
					t.Errorf("the notifications the service worker shows (-want +got):\n%s", diff)
				}
				// The settings list the browser the push went to.
				bru.open("/settings/notifications")
				bru.waitText(".notif-browsers li", "since")
			})

			if errs := console.take(); len(errs) > 0 {
				t.Errorf("logged as errors:\n%s", strings.Join(errs, "\n"))
			}
		})
	}
}
