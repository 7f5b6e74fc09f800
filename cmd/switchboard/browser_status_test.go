//go:build ui

package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
)

// TestBrowserStatusEverywhere: in Chromium, with a WhatsApp inbox on the emulator, list rows show
// a conversation's priority, its customer-service window ("3h left", "Window closed") and a
// failed reply; Pending is set from the header's More menu; the assignee menu offers only the
// agents who can see the conversation; the contact panel follows a customer's message and a
// status changed elsewhere; a reply WhatsApp cannot take yet says why and when it is tried
// again, and the line goes once it is sent. Then each is looked at in 1440, 1024 and 390 px,
// light and dark, and in Italian.
func TestBrowserStatusEverywhere(t *testing.T) {
	a, emu, ada := browserWhatsApp(t)
	var inboxes struct{ Items []obj }
	a.do("GET", "/api/v1/inboxes", nil, 200, &inboxes)
	inbox := inboxes.Items[0]["id"]

	// Cleo belongs to the inbox; Bob to none, so he cannot see its conversations.
	var cleo obj
	a.do("POST", "/api/v1/agents", obj{"name": "Cleo Member", "email": "cleo@example.com", "role": "agent", "password": "a long password"}, 201, &cleo)
	a.do("POST", "/api/v1/agents", obj{"name": "Bob Outsider", "email": "bob@example.com", "role": "agent", "password": "a long password"}, 201, nil)
	a.do("PUT", fmt.Sprintf("/api/v1/inboxes/%v/members", inbox), obj{"agent_ids": []any{cleo["id"]}}, 200, nil)

	// Ana writes now: her window is open for a day. Two conversations come from another help
	// desk: Bruno wrote 30 hours ago (his window closed), Carla 20 hours ago (4 hours left).
	if status, err := emu.Deliver(emu.Customer("Ana Souza", "5511999990000", obj{"id": "wamid.ANA1", "type": "text", "text": obj{"body": "Where is my parcel?"}})); err != nil || status != 200 {
		t.Fatalf("webhook: %d %v", status, err)
	}
	ago := func(h int) string { return time.Now().Add(-time.Duration(h) * time.Hour).UTC().Format(time.RFC3339) }
	a.do("POST", fmt.Sprintf("/api/v1/inboxes/%v/import", inbox), obj{"conversations": []obj{
		{"external_id": "old-1", "contact": obj{"name": "Bruno Costa", "phone": "+55 11 97777-1111"},
			"messages": []obj{{"direction": "incoming", "text": "Do you ship to Recife?", "created_at": ago(30)}}},
		{"external_id": "old-2", "contact": obj{"name": "Carla Dias", "phone": "+55 11 96666-2222"},
			"messages": []obj{{"direction": "incoming", "text": "Can I change the size?", "created_at": ago(20)}}},
	}}, 200, nil)
	ids := map[string]string{}
	for _, c := range a.allConversations() {
		ids[c["contact_name"].(string)] = fmt.Sprint(c["id"])
	}
	conv := func(name string) string { return "/api/v1/conversations/" + ids[name] }
	a.do("PATCH", conv("Ana Souza"), obj{"priority": "urgent"}, 200, nil)
	a.do("PATCH", conv("Bruno Costa"), obj{"priority": "low"}, 200, nil)

	// A reply to Carla: Switchboard's window is open, but WhatsApp never heard from her (she
	// wrote to the old help desk), so it refuses the free text for good.
	var refused obj
	a.do("POST", conv("Carla Dias")+"/messages", obj{"text": "Yes, which size?"}, 201, &refused)
	a.waitMessage(conv("Carla Dias"), func(m obj) bool { return m["id"] == refused["id"] && m["status"] == "failed" })

	const list = "/inbox?view=all&status=all"
	row := func(name string) string { return fmt.Sprintf(`.row[data-conversation="%s"]`, ids[name]) }
	ada.open(list)
	ada.waitText(row("Ana Souza")+" .row-priority.urgent", "Urgent")
	ada.waitText(row("Bruno Costa")+" .row-priority.low", "Low")
	ada.waitText(row("Ana Souza")+" .row-window.open", "23h left")
	ada.waitText(row("Carla Dias")+" .row-window.open", "3h left")
	ada.waitText(row("Bruno Costa")+" .row-window.closed", "Window closed")
	ada.wait("Carla's row marked failed", `!!document.querySelector('`+row("Carla Dias")+` .row-failed[aria-label="Not delivered"]')`)
	for _, name := range []string{"Ana Souza", "Bruno Costa"} {
		if eval[bool](ada, `!!document.querySelector('`+row(name)+` .row-failed')`) {
			t.Errorf("%s's row is marked failed", name)
		}
	}
	if eval[bool](ada, `!!document.querySelector('`+row("Carla Dias")+` .row-priority')`) {
		t.Error("a conversation without priority shows one")
	}

	// Pending, from the header's More menu; the list's row follows.
	ada.click(row("Ana Souza"), "Ana Souza")
	ada.waitText(".thread-title h2", "Ana Souza")
	ada.click(".thread-actions button", "More")
	ada.click(`.menu[role=menu] button[role=menuitemradio]`, "Pending")
	ada.waitText(".thread-title .status-badge.pending", "Pending")
	ada.waitText(row("Ana Souza")+" .status-badge.pending", "Pending")
	ada.waitText(".contact-pane .history li.current .status-badge", "Pending")
	ada.click(".thread-actions button", "More")
	ada.wait("Pending checked in More", `document.querySelector('.menu[role=menu] button[aria-checked="true"]')?.textContent.includes("Pending")`)
	ada.press(kb.Escape)

	// The assignee menu: Ada and Cleo see the inbox, Bob does not.
	ada.click(`.thread-actions button[data-menu="assign"]`, "")
	ada.waitText(".menu[role=menu] button", "Cleo Member")
	ada.waitText(".menu[role=menu] button", "Ada Admin")
	if eval[bool](ada, "!!("+findExpr(".menu[role=menu] button", "Bob Outsider")+")") {
		t.Error("the assignee menu offers Bob, who cannot see the conversation")
	}
	ada.shot("assignees")
	ada.press(kb.Escape)

	// The contact panel follows the stream: Ana writes, then a colleague resolves.
	if status, err := emu.Deliver(emu.Customer("Ana Souza", "5511999990000", obj{"id": "wamid.ANA2", "type": "text", "text": obj{"body": "Any news on the parcel?"}})); err != nil || status != 200 {
		t.Fatalf("webhook: %d %v", status, err)
	}
	ada.waitText(".contact-pane .history li.current .history-preview", "Any news on the parcel?")
	a.do("POST", conv("Ana Souza")+"/resolve", nil, 200, nil)
	ada.waitText(".contact-pane .history li.current .status-badge", "Resolved")

	// A reply WhatsApp cannot take for now: the thread says why and when it is tried again, and
	// the line goes once a later attempt sends it.
	emu.Inject(waemu.Unavailable, waemu.Unavailable)
	ada.typeIn(".composer textarea", "It left the warehouse today."+kb.Enter)
	ada.waitText(".bubble.out .retrying", "Not delivered yet: next attempt at")
	ada.waitText(".bubble.out .retrying", "The provider is down or overloaded.")
	ada.waitText(".bubble.out .retrying", "WhatsApp error 131000")
	ada.shot("retrying")
	ada.waitWithin(90*time.Second, "the reply sent after the retries", `(b => !!b && !b.querySelector(".retrying") && !!b.querySelector(".ticks.sent, .ticks.accepted, .ticks.delivered"))(`+
		findExpr(".bubble.out", "It left the warehouse today.")+`)`)

	// One that stays undeliverable while each width is looked at.
	emu.Inject(waemu.Unavailable, waemu.Unavailable, waemu.Unavailable, waemu.Unavailable, waemu.Unavailable, waemu.Unavailable)
	ada.typeIn(".composer textarea", "Here is the tracking number."+kb.Enter)
	ada.waitText(".bubble.out .retrying", "Not delivered yet")

	for _, theme := range []string{"light", "dark"} {
		eval[bool](ada, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
		for _, size := range []struct{ w, h int64 }{{1440, 900}, {1024, 768}, {390, 844}} {
			t.Run(fmt.Sprintf("%s %d", theme, size.w), func(t *testing.T) {
				ada.t = t
				ada.viewport(size.w, size.h)
				ada.open(list)
				ada.waitText(row("Carla Dias")+" .row-window", "3h left")
				ada.wait("the rows' status inside their rows", `[...document.querySelectorAll(".row-bottom > *, .row-failed")].every(e => {
					const r = e.getBoundingClientRect(), row = e.closest(".row").getBoundingClientRect();
					return r.right <= row.right + 0.5 && r.bottom <= row.bottom + 0.5; })`)
				ada.shot("list")
				ada.open("/inbox/" + ids["Ana Souza"] + "?view=all&status=all")
				ada.waitText(".bubble.out .retrying", "The provider is down or overloaded.")
				ada.wait("the retry line inside its bubble", `(e => { const r = e.getBoundingClientRect(), b = e.closest(".bubble").getBoundingClientRect();
					return r.left >= b.left && r.right <= b.right + 0.5; })(document.querySelector(".bubble.out .retrying"))`)
				eval[bool](ada, `(document.querySelector(".retrying").scrollIntoView(), true)`)
				ada.shot("thread")
				if size.w == 1440 {
					ada.audit("the list's rows and the retry line, " + theme)
				}
				ada.click(".thread-actions button", "More")
				ada.wait("Pending in More, inside the window", `(b => !!b && (r => r.left >= 0 && r.right <= innerWidth)(b.getBoundingClientRect()))(`+
					findExpr(`.menu[role=menu] button[role=menuitemradio]`, "Pending")+`)`)
				ada.shot("more")
				ada.press(kb.Escape)
			})
		}
	}

	// In Italian: the rows' window and the retry line speak the agent's language.
	ada.t = t
	ada.viewport(1440, 900)
	a.do("PATCH", "/api/v1/auth/me", obj{"language": "it"}, 200, nil)
	ada.open("/inbox/" + ids["Ana Souza"] + "?view=all&status=all")
	ada.waitText(".bubble.out .retrying", "Non ancora consegnato: nuovo tentativo alle")
	ada.waitText(".bubble.out .retrying", "Il provider non è disponibile o è sovraccarico.")
	ada.waitText(row("Carla Dias")+" .row-window", "mancano 3h")
	ada.waitText(row("Bruno Costa")+" .row-window", "Finestra chiusa")
	ada.shot("italian")
}
