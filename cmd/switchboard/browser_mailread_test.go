//go:build ui

package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestBrowserMailReading: mail reads as people wrote it. An HTML reply from Gmail shows its
// reply with the quoted history folded under a toggle, its http: image as its alt text until
// Show images, then the image itself, fetched by the server (the image's server hears no
// cookie, referrer or browser of the agent's); a plain reply with accented text and an emoji
// before its Italian quote head folds exactly there.
func TestBrowserMailReading(t *testing.T) {
	images, _, requests := newImageServer(t, false)

	ms := startMailServer(t, "support@shop.test", "ana@customer.test", "bea@customer.test")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(),
		"SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite"), "SWITCHBOARD_MAIL_RESCAN": "200ms"})
	ada := session(t, a.base)
	ada.firstRun(a, nil)
	emailInbox(t, a, ms, nil)

	html := `<div dir="ltr">Thanks, the parcel arrived. <img src="` + images.URL + `/logo.gif" alt="Shop logo" width="40"><br></div><br>` +
		`<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, 3 Jun 2025 at 11:00, Support &lt;support@shop.test&gt; wrote:<br></div>` +
		`<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">We are sorry for the delay.</blockquote></div>`
	ms.send(t, "ana@customer.test", []string{"support@shop.test"}, "From: Ana <ana@customer.test>\nTo: support@shop.test\nSubject: Parcel\n"+
		"Message-ID: <html-1@customer.test>\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"+html+"\n")
	ms.send(t, "bea@customer.test", []string{"support@shop.test"}, "From: Bea <bea@customer.test>\nTo: support@shop.test\nSubject: Ordine\n"+
		"Message-ID: <plain-1@customer.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"+
		"Però sì, è arrivato 😀 grazie!\n\nIl giorno mar 3 giu 2025 alle ore 11:00 Support <support@shop.test> ha scritto:\n> Ci scusiamo per il ritardo.\n")
	conv := map[string]any{}
	for deadline := time.Now().Add(20 * time.Second); len(conv) < 2; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the mails were not imported: %v", conv)
		}
		for _, c := range a.allConversations() {
			conv[c["contact_name"].(string)] = c["id"]
		}
	}

	ada.open(fmt.Sprintf("/inbox/%v", conv["Ana"]))
	frame := `document.querySelector('.bubble.in [data-testid="message-html"]')?.contentDocument`
	ada.wait("the mail's frame", `!!`+frame+`?.body?.innerText.includes("Thanks, the parcel arrived")`)
	if shown := eval[string](ada, frame+`.body.innerText`); strings.Contains(shown, "We are sorry") || strings.Contains(shown, "wrote:") {
		t.Errorf("the quoted history shows before it is asked for: %q", shown)
	}
	if alt := eval[string](ada, frame+`.querySelector(".sb-alt")?.textContent ?? ""`); alt != "Shop logo" {
		t.Errorf("the blocked image reads %q, want its alt text", alt)
	}
	if n := len(requests()); n != 0 {
		t.Errorf("%d requests for the image before Show images", n)
	}
	ada.shot("folded")
	ada.click(".bubble.in .html-body button", "Show quoted text")
	ada.wait("the quoted history, shown", frame+`?.body?.innerText.includes("We are sorry for the delay")`)
	ada.click(".bubble.in .html-body button", "Show images")
	ada.wait("the image, through the server", frame+`?.querySelector('img[src^="/api/v1/messages/"]')?.naturalWidth > 0`)
	ada.shot("images")
	got := requests()
	if len(got) == 0 {
		t.Fatal("the image's server was never asked")
	}
	for _, h := range got {
		if h.Get("Cookie") != "" || h.Get("Referer") != "" || strings.Contains(h.Get("User-Agent"), "Chrome") {
			t.Errorf("the image's server learned of the agent: %v", h)
		}
	}
	if !eval[bool](ada, frame+`.body.innerText.includes("We are sorry for the delay")`) {
		t.Error("the quoted history folded again when the images came")
	}

	ada.open(fmt.Sprintf("/inbox/%v", conv["Bea"]))
	ada.waitText(".bubble.in .bubble-text", "grazie")
	if head := eval[string](ada, `document.querySelector(".bubble.in .bubble-text").textContent`); head != "Però sì, è arrivato 😀 grazie!" {
		t.Errorf("the plain mail shows %q above its fold", head)
	}
	ada.click(".bubble.in button", "Show quoted text")
	ada.waitText(".bubble.in .bubble-text.quoted", "Ci scusiamo")
	if q := eval[string](ada, `document.querySelector(".bubble.in .bubble-text.quoted").textContent`); !strings.HasPrefix(q, "Il giorno mar 3 giu") {
		t.Errorf("the fold starts at %q", q)
	}
}
