//go:build ui

package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestBrowserEmailUnreadable: the admin sets an email inbox's folders and the Sent folder's
// import with their fields; a mail that could not be fully read says so in the thread, with a
// link to its original that downloads the mail as received, and the original is not shown
// among the mail's files; a readable mail offers its original too, without the note.
func TestBrowserEmailUnreadable(t *testing.T) {
	ms := startMailServer(t, "support@shop.test")
	dbURL := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL, "SWITCHBOARD_MAIL_RESCAN": "200ms"})
	ada := session(t, a.base)
	ada.firstRun(a, nil)
	emailInbox(t, a, ms, nil)
	in := settingsFind(a, "/api/v1/inboxes", "name", "Support mail")

	ada.open("/settings/inboxes")
	settingsOpen(ada, "button", "Edit")
	ada.wait("the folders field", `document.querySelector('input[name="folders"]')?.value === ""`)
	ada.typeIn(`input[name="folders"]`, "INBOX, Orders")
	ada.click(".modal label.check", "Show replies sent from mail clients")
	ada.shot("folders")
	ada.click(".modal button", "Save")
	ada.gone(".modal", "")
	var saved obj
	a.do("GET", fmt.Sprintf("/api/v1/inboxes/%v", in["id"]), nil, 200, &saved)
	if s := saved["settings"].(obj); fmt.Sprint(s["folders"]) != "[INBOX Orders]" || s["sync_sent"] != true {
		t.Fatalf("settings saved: %v", s)
	}
	settingsOpen(ada, "button", "Edit")
	ada.wait("the folders shown again", `document.querySelector('input[name="folders"]')?.value === "INBOX, Orders"`)
	ada.click(".modal button", "Cancel")

	raw, err := os.ReadFile(filepath.Join("..", "..", "channel", "email", "testdata", "broken-base64.eml"))
	if err != nil {
		t.Fatal(err)
	}
	raw = bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n"))
	ms.appendMail(t, "support@shop.test", "INBOX", raw)
	broken := a.messageByProvider("b64@customer.test")
	ada.open(fmt.Sprintf("/inbox/%v", broken["conversation_id"]))
	ada.waitText(".bubble.in .unreadable", "This email could not be fully read")
	ada.waitText(".bubble.in .unreadable a", "Download the original")
	ada.shot("unreadable")
	href := eval[string](ada, `document.querySelector(".bubble.in .unreadable a").getAttribute("href")`)
	if href != sourceOf(broken) {
		t.Errorf("the original's link is %q, want %q", href, sourceOf(broken))
	}
	eval[bool](ada, fmt.Sprintf(`(fetch(%s).then(r => r.arrayBuffer()).then(b => { window.__original = btoa(String.fromCharCode(...new Uint8Array(b))) }), true)`, js(href)))
	ada.wait("the original's download", `typeof window.__original === "string"`)
	got := eval[string](ada, `window.__original`)
	if got != base64.StdEncoding.EncodeToString(raw) {
		t.Errorf("the original downloads in the browser as %q, not the mail received", got)
	}
	ada.waitText(".bubble.in a.media.doc", "invoice.pdf")
	if n := eval[int](ada, `document.querySelectorAll(".bubble.in a.media").length`); n != 1 {
		t.Errorf("the mail shows %d files, want its invoice only, not its original", n)
	}

	ms.appendMail(t, "support@shop.test", "INBOX", []byte("From: ana@customer.test\r\nTo: support@shop.test\r\nSubject: Fine\r\nMessage-ID: <fine@customer.test>\r\n\r\nAll good.\r\n"))
	fine := a.messageByProvider("fine@customer.test")
	ada.open(fmt.Sprintf("/inbox/%v", fine["conversation_id"]))
	ada.waitText(".bubble.in .source-link", "Download the original")
	if n := eval[int](ada, `document.querySelectorAll(".bubble.in .unreadable").length`); n != 0 {
		t.Errorf("a readable mail is marked as not fully read")
	}
}
