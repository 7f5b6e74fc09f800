//go:build ui

package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestBrowserEmail connects a mailbox in Settings with its typed fields, then shows a hostile
// HTML mail in Chromium: no script runs (inline, in handlers or javascript: links), no remote
// image or style loads until the agent asks for images, and the page around it is untouched;
// then the agent replies with a subject and a copy, which reach both mailboxes.
func TestBrowserEmail(t *testing.T) {
	tracker, hits := newTracker(t)
	ms := startMailServer(t, "support@shop.test", "ana@customer.test", "boss@customer.test")
	url := engineURL(t, "sqlite")
	// Show images fetches through the server, whose client trusts the tracker's certificate.
	a := startWith(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_MAIL_RESCAN": "200ms"},
		tracker.Client())
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	ih, ip := splitHostPort(ms.imap)
	sh, sp := splitHostPort(ms.smtp)
	ada.open("/settings/inboxes")
	settingsOpen(ada, "button", "New inbox")
	settingsChoose(ada, `select[name="kind"]`, "email")
	ada.wait("the email fields", `!!document.querySelector('input[name="imap_host"]')`)
	ada.typeIn(`input[name="name"]`, "Support mail")
	ada.typeIn(`input[name="address"]`, "support@shop.test")
	ada.typeIn(`input[name="imap_host"]`, ih)
	ada.typeIn(`input[name="imap_port"]`, fmt.Sprint(ip))
	settingsChoose(ada, `select[name="imap_security"]`, "none")
	ada.typeIn(`input[name="smtp_host"]`, sh)
	ada.typeIn(`input[name="smtp_port"]`, fmt.Sprint(sp))
	settingsChoose(ada, `select[name="smtp_security"]`, "none")
	ada.typeIn(`input[name="secret-password"]`, "secret")
	// The test server has no TLS: the password travels in clear only once that is ticked, under
	// its warning, and the connection then warns of it.
	ada.click(".modal button", "Create inbox")
	ada.waitText(".modal", "the password travels unencrypted")
	ada.click(".modal label.check", "Allow sign-in without encryption")
	ada.shot("connect")
	ada.click(".modal button", "Create inbox")
	ada.gone(".modal", "")
	in := settingsFind(a, "/api/v1/inboxes", "name", "Support mail")
	if s := in["settings"].(obj); s["imap_port"] != float64(ip) || s["imap_security"] != "none" || s["allow_insecure"] != true {
		t.Fatalf("settings saved: %v", s)
	}
	ada.click("td button", "Connection")
	ada.waitText(`[data-testid="health-warnings"]`, "IMAP signs in without encryption")
	ada.click(".modal button[aria-label='Close']", "")
	ada.gone(".modal", "")

	// Moving the mailbox to another server asks for its password again.
	settingsOpen(ada, ".row-actions button", "Edit")
	eval[bool](ada, `(document.querySelector('.modal input[name="imap_host"]').select(), true)`)
	ada.typeIn(`.modal input[name="imap_host"]`, "imap.elsewhere.test")
	ada.waitText(".modal .secret-field", "Enter it again")
	ada.wait("the password required", `document.querySelector('.modal input[name="secret-password"]').required`)
	ada.click(".modal button", "Cancel")
	ada.gone(".modal", "")

	hostile := `<p>Please see my order.</p>` +
		`<script>window.parent.__pwned = 1; window.__pwned = 1</script>` +
		`<img src="` + tracker.URL + `/pixel.gif" onerror="window.parent.__pwned=2" width="1">` +
		`<a href="javascript:window.parent.__pwned=3">click</a>` +
		`<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">overlay</div>` +
		`<link rel="stylesheet" href="` + tracker.URL + `/style.css"><iframe src="` + tracker.URL + `/frame"></iframe>`
	ms.send(t, "ana@customer.test", []string{"support@shop.test"}, "From: Ana <ana@customer.test>\nTo: support@shop.test\nSubject: Hostile\n"+
		"Message-ID: <h1@customer.test>\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"+hostile+"\n")
	for deadline := time.Now().Add(20 * time.Second); len(a.allConversations()) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the mail was not imported")
		}
	}
	conv := a.allConversations()[0]
	ada.open(fmt.Sprintf("/inbox/%v", conv["id"]))
	ada.waitText(".bubble.in .email-subject", "Hostile")
	ada.wait("the mail's frame", `!!document.querySelector('[data-testid="message-html"]')?.contentDocument?.body?.textContent.includes("Please see my order")`)
	time.Sleep(time.Second)
	if v := eval[string](ada, `String(window.__pwned)`); v != "undefined" {
		t.Errorf("a script of the mail ran: __pwned = %s", v)
	}
	frameJS := `document.querySelector('[data-testid="message-html"]').contentDocument`
	if n := eval[int](ada, frameJS+`.querySelectorAll('script, iframe, link, [onerror], a[href^="javascript"]').length`); n != 0 {
		t.Errorf("%d active elements left in the mail", n)
	}
	if hits.Load() != 0 {
		t.Errorf("the mail loaded %d remote resources before images were allowed", hits.Load())
	}
	// The page around the mail is still the agent's: the composer is on top where it should be.
	if !eval[bool](ada, `(() => { const r = document.querySelector(".composer textarea").getBoundingClientRect(); return document.elementFromPoint(r.x + 5, r.y + 5)?.closest(".composer") != null })()`) {
		t.Error("the mail's content covers the page")
	}
	ada.shot("hostile")
	ada.click(".html-body button", "Show images")
	for deadline := time.Now().Add(5 * time.Second); hits.Load() == 0 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
	}
	if hits.Load() == 0 {
		t.Error("Show images did not load the mail's image")
	}

	// Reply with a new subject and a copy to Ana's boss.
	ada.wait("the mail fields", `document.querySelector('input[name="mail-subject"]')?.value === "Re: Hostile"`)
	ada.click(".mail-fields button", "Add Cc or Bcc")
	ada.typeIn(`input[name="mail-cc"]`, "boss@customer.test")
	ada.typeIn(".composer textarea", "We are on it."+"\r")
	ada.waitText(".bubble.out", "We are on it.")
	ada.shot("reply")
	got := ms.waitMail(t, "boss@customer.test", 1)
	if got[0].Subject != "Re: Hostile" || len(got[0].Cc) != 1 || !strings.Contains(got[0].Text, "We are on it.") {
		t.Errorf("the copy: %+v", got[0])
	}
	if len(ms.waitMail(t, "ana@customer.test", 1)) != 1 {
		t.Error("Ana did not get the reply")
	}
}
