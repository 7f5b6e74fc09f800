//go:build ui

package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// settingsChoose sets a select (or any input) matching css to value the way a person would,
// so the page's change and input handlers run.
func settingsChoose(b *tab, css, value string) {
	b.t.Helper()
	b.wait(css, fmt.Sprintf("!!document.querySelector(%s)", js(css)))
	eval[bool](b, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		el.value = %s;
		el.dispatchEvent(new Event("input", { bubbles: true }));
		el.dispatchEvent(new Event("change", { bubbles: true }));
		return el.value === %s;
	})()`, js(css), js(value), js(value)))
}

// settingsOpen clicks the button that opens a form dialog and waits until the dialog has put the
// focus on its first field, so typing goes where it should.
func settingsOpen(b *tab, css, text string) {
	b.t.Helper()
	b.click(css, text)
	b.wait("the focus in the dialog's form", `!!document.activeElement?.closest(".modal form") && document.activeElement.matches("input, textarea, select")`)
}

// settingsFind returns the item of a {"items": [...]} list whose key is value, failing the test
// when there is none.
func settingsFind(a *app, path, key string, value any) obj {
	a.t.Helper()
	var list struct{ Items []obj }
	a.do("GET", path, nil, 200, &list)
	for _, it := range list.Items {
		if it[key] == value {
			return it
		}
	}
	a.t.Fatalf("GET %s: no item with %s = %v in %v", path, key, value, list.Items)
	return nil
}

// settingsSecret waits for the secret shown once in a dialog, reads it and closes the dialog.
func settingsSecret(b *tab, prefix string) string {
	b.t.Helper()
	b.waitText(".modal code.secret", prefix)
	secret := eval[string](b, `document.querySelector(".modal code.secret").textContent`)
	b.click(".modal button", "Copy")
	b.waitText(".modal button", "Copied")
	b.click(".modal button", "Done")
	b.gone(".modal", "")
	return secret
}

// settingsSignIn opens path in a signed-out tab and signs in on the form it shows instead.
func settingsSignIn(b *tab, path, email, password string) {
	b.t.Helper()
	b.open(path)
	b.waitText("h1", "Sign in")
	b.typeIn(`input[name="email"]`, email)
	b.typeIn(`input[name="password"]`, password)
	b.click("button", "Sign in")
}

// TestBrowserSettings drives the admin settings in Chromium: first run, then an agent, a team,
// an API inbox with its members and integration token, a label, a canned response, a webhook
// with a test delivery, and a personal API token, each checked through the API; then an agent
// who is not an admin sees only their own sections and changes their own password.
func TestBrowserSettings(t *testing.T) {
	url := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})

	// The webhook receiver answers 200 and keeps what it got.
	type hit struct {
		typ  string
		sig  string
		body []byte
	}
	hits := make(chan hit, 100)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		hits <- hit{typ: r.Header.Get(switchboard.WebhookEventHeader), sig: r.Header.Get(switchboard.WebhookSignatureHeader), body: body}
		w.WriteHeader(http.StatusOK)
	}))
	defer rcv.Close()

	ada := session(t, a.base)
	ada.firstRun(a, nil)

	var brunoID any
	t.Run("agents", func(t *testing.T) {
		ada.t, a.t = t, t
		ada.open("/settings/agents")
		ada.waitText("h1", "Agents")
		ada.waitText("td", "ada@example.com")
		settingsOpen(ada, ".toolbar button", "New agent")
		ada.typeIn(`.modal input[name="name"]`, "Bruno Agent")
		ada.typeIn(`.modal input[name="email"]`, "bruno@example.com")
		settingsChoose(ada, `.modal select[name="role"]`, "agent")
		ada.typeIn(`.modal input[name="password"]`, "a first password")
		settingsChoose(ada, `.modal select[name="time_zone"]`, "Europe/Rome")
		ada.click(".modal button", "Add agent")
		ada.gone(".modal", "")
		ada.waitText("td", "bruno@example.com")
		bruno := settingsFind(a, "/api/v1/agents", "email", "bruno@example.com")
		if bruno["name"] != "Bruno Agent" || bruno["role"] != "agent" || bruno["time_zone"] != "Europe/Rome" {
			t.Errorf("agent = %v", bruno)
		}
		brunoID = bruno["id"]

		// The server's message for a field shows beside it.
		settingsOpen(ada, ".toolbar button", "New agent")
		ada.typeIn(`.modal input[name="name"]`, "Bruno Again")
		ada.typeIn(`.modal input[name="email"]`, "bruno@example.com")
		ada.typeIn(`.modal input[name="password"]`, "a long password")
		ada.click(".modal button", "Add agent")
		ada.waitText(".modal .field-error", "This email is taken.")
		ada.shot("agent-field-error")
		ada.click(".modal button", "Cancel")
		ada.gone(".modal", "")

		// Editing changes the name; setting the password lets Bruno sign in with it later.
		settingsOpen(ada, ".row-actions button[aria-label='Edit: Bruno Agent']", "Edit")
		ada.waitText(".modal h2", "Edit Bruno Agent")
		eval[bool](ada, `(document.querySelector('.modal input[name="name"]').select(), true)`)
		ada.typeIn(`.modal input[name="name"]`, "Bruno Rossi")
		ada.click(".modal button", "Save")
		ada.gone(".modal", "")
		ada.waitText("td", "Bruno Rossi")
		if b := settingsFind(a, "/api/v1/agents", "email", "bruno@example.com"); b["name"] != "Bruno Rossi" {
			t.Errorf("renamed agent = %v", b)
		}
		settingsOpen(ada, ".row-actions button[aria-label='Set password: Bruno Rossi']", "Set password")
		ada.typeIn(`.modal input[name="password"]`, "another long one")
		ada.click(".modal button", "Set password")
		ada.gone(".modal", "")
		ada.shot("agents")
	})

	var teamID any
	t.Run("teams", func(t *testing.T) {
		ada.t, a.t = t, t
		ada.open("/settings/teams")
		ada.waitText("h1", "Teams")
		settingsOpen(ada, ".toolbar button", "New team")
		ada.typeIn(`.modal input[name="name"]`, "Support")
		ada.typeIn(`.modal textarea[name="description"]`, "First line")
		ada.click(".modal label.check-option", "Bruno Rossi")
		ada.click(".modal button", "Create team")
		ada.gone(".modal", "")
		ada.waitText("td", "Support")
		ada.waitText("td", "Bruno Rossi")
		team := settingsFind(a, "/api/v1/teams", "name", "Support")
		if team["description"] != "First line" || fmt.Sprint(team["agent_ids"]) != fmt.Sprint([]any{brunoID}) {
			t.Errorf("team = %v", team)
		}
		teamID = team["id"]
		ada.shot("teams")
	})

	t.Run("an API inbox with members and an integration token", func(t *testing.T) {
		ada.t, a.t = t, t
		ada.open("/settings/inboxes")
		ada.waitText("h1", "Inboxes")
		settingsOpen(ada, ".toolbar button", "New inbox")
		settingsChoose(ada, `.modal select[name="kind"]`, "api")
		ada.typeIn(`.modal input[name="name"]`, "Shop bot")
		ada.typeIn(`.modal input[name="outbound_url"]`, "https://bot.example.com/switchboard")
		ada.typeIn(`.modal input[name="secret-signing_secret"]`, "a long random string")
		ada.shot("inbox-form")
		ada.click(".modal button", "Create inbox")
		ada.gone(".modal", "")
		ada.waitText("td", "Shop bot")
		ada.waitText("td", "https://bot.example.com/switchboard")
		inbox := settingsFind(a, "/api/v1/inboxes", "name", "Shop bot")
		settings, _ := inbox["settings"].(obj)
		if inbox["kind"] != "api" || settings["outbound_url"] != "https://bot.example.com/switchboard" || fmt.Sprint(inbox["secret_names"]) != "[signing_secret]" {
			t.Errorf("inbox = %v", inbox)
		}
		inboxPath := "/api/v1/inboxes/" + jsonID(inbox["id"])

		// Editing keeps the secret, which is write-only, and changes the URL.
		settingsOpen(ada, ".row-actions button", "Edit")
		ada.waitText(".modal .field-hint", "Set. Type a new value to replace it.")
		// The dialog puts the focus on its first field once it is mounted: on a loaded machine that
		// may come after the test has started typing elsewhere, and take the keys with it.
		ada.wait("the dialog's own focus", `!!document.activeElement?.closest(".modal")`)
		eval[bool](ada, `(document.querySelector('.modal input[name="outbound_url"]').select(), true)`)
		ada.typeIn(`.modal input[name="outbound_url"]`, "https://bot.example.com/v2")
		ada.wait("the new address typed", `document.querySelector('.modal input[name="outbound_url"]').value === "https://bot.example.com/v2"`)
		ada.shot("inbox-edit")
		ada.click(".modal button", "Save")
		ada.gone(".modal", "")
		ada.waitText("td", "https://bot.example.com/v2")
		var edited obj
		a.do("GET", inboxPath, nil, 200, &edited)
		if s, _ := edited["settings"].(obj); s["outbound_url"] != "https://bot.example.com/v2" || fmt.Sprint(edited["secret_names"]) != "[signing_secret]" {
			t.Errorf("edited inbox = %v", edited)
		}

		// Members: Bruno directly and the Support team.
		ada.click(".row-actions button", "Members")
		ada.waitText(".modal label.check-option", "Bruno Rossi")
		ada.click(".modal label.check-option", "Bruno Rossi")
		ada.click(".modal label.check-option", "Support")
		ada.click(".modal button", "Save")
		ada.gone(".modal", "")
		var members obj
		a.do("GET", inboxPath+"/members", nil, 200, &members)
		if fmt.Sprint(members["agent_ids"]) != fmt.Sprint([]any{brunoID}) || fmt.Sprint(members["team_ids"]) != fmt.Sprint([]any{teamID}) {
			t.Errorf("members = %v", members)
		}

		// The integration token is shown once, and it works.
		ada.click(".row-actions button", "Create integration token")
		ada.click(".modal button.danger", "Create integration token")
		ada.shot("integration-token")
		token := settingsSecret(ada, "sbi_")
		integ := &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: token}
		integ.do("POST", inboxPath+"/messages", obj{"from": "cust-1", "contact_name": "Dora", "provider_id": "m-1", "text": "Hello"}, 201, nil)
		ada.waitText("td", "Its integration has a token.")
		ada.shot("inboxes")
		// Revoked, it opens nothing.
		ada.click(".row-actions button", "Revoke token")
		ada.click(".modal button.danger", "Revoke token")
		ada.waitText("td", "No integration token yet.")
		integ.do("POST", inboxPath+"/messages", obj{"from": "cust-1", "provider_id": "m-2", "text": "Again"}, 401, nil)
	})

	t.Run("labels", func(t *testing.T) {
		ada.t, a.t = t, t
		ada.open("/settings/labels")
		ada.waitText("h1", "Labels")
		for _, l := range []struct{ name, color string }{{"vip", "#d1242f"}, {"temporary", "#1f883d"}} {
			settingsOpen(ada, ".toolbar button", "New label")
			ada.typeIn(`.modal input[name="name"]`, l.name)
			settingsChoose(ada, `.modal input[name="color"]`, l.color)
			ada.typeIn(`.modal input[name="description"]`, "About "+l.name)
			ada.click(".modal button", "Create label")
			ada.gone(".modal", "")
			ada.waitText("td .label-chip", l.name)
		}
		vip := settingsFind(a, "/api/v1/labels", "name", "vip")
		if vip["color"] != "#d1242f" || vip["description"] != "About vip" {
			t.Errorf("label = %v", vip)
		}
		// Deleting asks first.
		ada.click(".row-actions button[aria-label='Delete: temporary']", "Delete")
		ada.waitText(".modal h2", "Delete the label temporary?")
		ada.click(".modal button.danger", "Delete")
		ada.gone(".modal", "")
		ada.gone("td .label-chip", "temporary")
		var list struct{ Items []obj }
		a.do("GET", "/api/v1/labels", nil, 200, &list)
		if len(list.Items) != 1 {
			t.Errorf("labels after deleting one: %v", list.Items)
		}
		ada.shot("labels")
	})

	t.Run("canned responses", func(t *testing.T) {
		ada.t, a.t = t, t
		ada.open("/settings/canned-responses")
		ada.waitText("h1", "Canned responses")
		settingsOpen(ada, ".toolbar button", "New canned response")
		ada.waitText(".modal .field-hint", "{{contact.first_name}}")
		ada.typeIn(`.modal input[name="shortcut"]`, "thanks")
		ada.typeIn(`.modal input[name="title"]`, "Thank you")
		ada.typeIn(`.modal textarea[name="content"]`, "Thanks {{contact.name}}, happy to help!")
		ada.shot("canned-form")
		ada.click(".modal button", "Create canned response")
		ada.gone(".modal", "")
		ada.waitText("td", "/thanks")
		c := settingsFind(a, "/api/v1/canned-responses", "shortcut", "thanks")
		if c["title"] != "Thank you" || c["content"] != "Thanks {{contact.name}}, happy to help!" {
			t.Errorf("canned response = %v", c)
		}
		ada.shot("canned")
	})

	t.Run("a webhook with a test delivery", func(t *testing.T) {
		ada.t, a.t = t, t
		ada.open("/settings/webhooks")
		ada.waitText("h1", "Webhooks")
		settingsOpen(ada, ".toolbar button", "New webhook")
		ada.typeIn(`.modal input[name="url"]`, rcv.URL)
		ada.typeIn(`.modal input[name="description"]`, "CRM sync")
		ada.click(".modal label.check-option", "webhook.test")
		ada.click(".modal label.check-option", "contact.created")
		ada.shot("webhook-form")
		ada.click(".modal button", "Create webhook")
		secret := settingsSecret(ada, "")
		ada.waitText("td", rcv.URL)
		hook := settingsFind(a, "/api/v1/webhooks", "url", rcv.URL)
		if hook["description"] != "CRM sync" || fmt.Sprint(hook["events"]) != "[contact.created webhook.test]" || hook["enabled"] != true ||
			!strings.HasPrefix(secret, hook["secret_prefix"].(string)) {
			t.Errorf("webhook = %v (secret %q)", hook, secret)
		}

		ada.click(".row-actions button", "Send test")
		ada.waitText(".settings-status", "A test delivery is on its way.")
		ada.waitText(".deliveries h2", "Deliveries to")
		ada.waitText("tr.delivery", "webhook.test")
		ada.waitText("tr.delivery", "Succeeded")
		ada.waitText("tr.delivery", "200")
		ada.shot("webhook-deliveries")
		select {
		case h := <-hits:
			if h.typ != "webhook.test" {
				t.Errorf("the receiver got %s", h.typ)
			}
			if err := switchboard.VerifyWebhookSignature(secret, h.sig, h.body, time.Now(), 0); err != nil {
				t.Errorf("the secret the page showed does not verify the delivery: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("the receiver got nothing")
		}
		var page struct{ Items []obj }
		a.do("GET", "/api/v1/webhooks/"+jsonID(hook["id"])+"/deliveries", nil, 200, &page)
		if len(page.Items) != 1 || page.Items[0]["state"] != "succeeded" || page.Items[0]["response_status"] != float64(200) {
			t.Errorf("deliveries = %v", page.Items)
		}

		// Disable and enable again; rotate the secret, shown once more.
		ada.click(".row-actions button", "Disable")
		ada.waitText("td .status-badge", "Disabled")
		if h := settingsFind(a, "/api/v1/webhooks", "url", rcv.URL); h["enabled"] != false {
			t.Errorf("disabled webhook = %v", h)
		}
		ada.click(".row-actions button", "Enable")
		ada.waitText("td .status-badge", "Enabled")
		ada.click(".row-actions button", "Rotate secret")
		ada.click(".modal button.danger", "Rotate secret")
		rotated := settingsSecret(ada, "")
		if h := settingsFind(a, "/api/v1/webhooks", "url", rcv.URL); rotated == secret || !strings.HasPrefix(rotated, h["secret_prefix"].(string)) {
			t.Errorf("rotated secret %q, webhook %v", rotated, h)
		}
	})

	t.Run("a personal API token", func(t *testing.T) {
		ada.t, a.t = t, t
		ada.open("/settings/tokens")
		ada.waitText("h1", "API tokens")
		ada.waitText(".empty", "You have no API tokens.")
		settingsOpen(ada, ".toolbar button", "New API token")
		ada.typeIn(`.modal input[name="name"]`, "ci script")
		ada.click(".modal button", "Create token")
		secret := settingsSecret(ada, "")
		ada.waitText("td", "ci script")
		ada.shot("tokens")
		tok := settingsFind(a, "/api/v1/auth/tokens", "name", "ci script")
		if !strings.HasPrefix(secret, tok["prefix"].(string)) {
			t.Errorf("token %v, secret %q", tok, secret)
		}
		script := &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: secret}
		var me obj
		script.do("GET", "/api/v1/auth/me", nil, 200, &me)
		if me["email"] != "ada@example.com" {
			t.Errorf("the token acts as %v", me)
		}
	})

	t.Run("an agent sees only their own sections", func(t *testing.T) {
		a.t = t
		bru := session(t, a.base)
		settingsSignIn(bru, "/settings/agents", "bruno@example.com", "another long one")
		bru.waitText(".settings-nav", "API tokens")
		bru.open("/settings/agents")
		bru.waitText("h1", "Your profile") // an admin page falls back to the profile, after a fresh load too
		nav := eval[string](bru, `document.querySelector(".settings-nav").innerText`)
		for _, admin := range []string{"Agents", "Teams", "Inboxes", "Labels", "Canned responses", "Webhooks"} {
			if strings.Contains(nav, admin) {
				t.Errorf("an agent's settings show %s: %q", admin, nav)
			}
		}
		if !strings.Contains(nav, "Your profile") || !strings.Contains(nav, "API tokens") {
			t.Errorf("an agent's settings: %q", nav)
		}
		bru.click(".settings-nav a", "API tokens")
		bru.waitText(".empty", "You have no API tokens.")
		bru.shot("agent-settings")
	})

	t.Run("an agent changes their own password", func(t *testing.T) {
		a.t = t
		jar, _ := cookiejar.New(nil)
		elsewhere := &app{t: t, base: a.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
		elsewhere.do("POST", "/api/v1/auth/login", obj{"email": "bruno@example.com", "password": "another long one"}, 200, nil)
		bru := session(t, a.base)
		settingsSignIn(bru, "/settings/profile", "bruno@example.com", "another long one")
		bru.waitText("h1", "Your profile")
		// The current password is asked for, and a wrong one is named beside its field.
		bru.typeIn(`input[name="current_password"]`, "not my password")
		bru.typeIn(`input[name="new_password"]`, "bruno's new secret")
		bru.click("button", "Change password")
		bru.waitText(".field-error", "This is not your current password.")
		eval[bool](bru, `(document.querySelector('input[name="current_password"]').select(), true)`)
		bru.typeIn(`input[name="current_password"]`, "another long one")
		bru.click("button", "Change password")
		bru.waitText("[role=status]", "Password changed.")
		bru.shot("password-changed")
		// The other session ended; this window stays signed in, and the new password works.
		elsewhere.do("GET", "/api/v1/auth/me", nil, 401, nil)
		bru.open("/settings/profile")
		bru.waitText("h1", "Your profile")
		elsewhere.do("POST", "/api/v1/auth/login", obj{"email": "bruno@example.com", "password": "bruno's new secret"}, 200, nil)
	})
}
