//go:build ui

package main

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	emuopenai "github.com/switchboardhq/switchboard/emulator/openai"
)

// TestBrowserAssistant: an admin turns the assistant's analysis on in Settings › AI assistant
// (the built-in, offline provider is the default, and the endpoint's fields are not offered for
// it); the team labels a few conversations, which teaches the label model; a customer then
// writes an angry, urgent message and the thread shows the analysis note, marked as the
// built-in assistant's, with its sentiment, urgency, the label the model suggests and the order
// number mentioned. Apply adds the label to the conversation (and becomes "Applied"), "Set
// priority" sets it, and the list filtered by sentiment shows that conversation and not a
// happy customer's. The pages are looked at on a desktop, a laptop (dark) and a phone.
func TestBrowserAssistant(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
		"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite"), "SWITCHBOARD_ANALYSIS_DELAY": "0s", "SWITCHBOARD_TRAIN_DELAY": "0s"})
	emu := twilioEmulator(t)
	ada := session(t, a.base)
	console := watchConsole(ada)
	ada.firstRun(a, nil)
	const number = "+15550001111"
	hook := twilioInbox(a, emu, "sms", number)
	a.do("POST", "/api/v1/labels", obj{"name": "refund", "color": "#d1242f"}, 201, nil)
	a.do("POST", "/api/v1/labels", obj{"name": "shipping", "color": "#1f6feb"}, 201, nil)
	say := func(from, text string) {
		t.Helper()
		if status, _, err := emu.Post(hook, emu.Incoming(from, number, text)); err != nil || status != 200 {
			t.Fatalf("webhook answered %d, %v", status, err)
		}
	}
	conversationOf := func(from string) obj {
		t.Helper()
		return settingsFind(a, "/api/v1/conversations?view=all", "contact_handle", from)
	}

	// The admin turns analysis on; the built-in provider is the default.
	ada.viewport(1440, 900)
	ada.open("/settings/assistant")
	ada.waitText("h1", "AI assistant")
	ada.wait("the built-in provider chosen", `document.querySelector('[data-testid="assistant-provider-offline"]')?.checked === true`)
	if eval[bool](ada, `!!document.querySelector('[data-testid="assistant-base-url"]')`) {
		t.Error("the endpoint's URL is offered with the built-in provider")
	}
	ada.click(`[data-testid="assistant-analysis"]`, "")
	ada.click(`[data-testid="assistant-save"]`, "Save")
	ada.waitText(".settings-status", "Saved.")
	var settings obj
	a.do("GET", "/api/v1/assistant", nil, 200, &settings)
	if settings["analysis"] != true || settings["provider"] != "offline" || settings["copilot"] != false {
		t.Fatalf("settings after saving: %v", settings)
	}
	// Choosing the endpoint offers its fields and the hint on Ollama; not saved.
	ada.click(`[data-testid="assistant-provider-openai"]`, "")
	ada.waitText(".assistant-ollama", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS")
	ada.wait("the endpoint's fields", `!!document.querySelector('[data-testid="assistant-base-url"]') && !!document.querySelector('[data-testid="assistant-api-key"]')`)
	for _, w := range widths {
		ada.theme(w.w)
		ada.viewport(w.w, w.h)
		ada.open("/settings/assistant")
		ada.wait("analysis on", `document.querySelector('[data-testid="assistant-analysis"]')?.checked === true`)
		ada.shot(fmt.Sprintf("settings-%d", w.w))
		if w.w != 390 {
			ada.audit(fmt.Sprintf("settings at %d", w.w)) // light, then dark
		}
	}

	// The team labels a few conversations: the label model learns from them.
	training := []struct{ from, text, label string }{
		{"+15550002001", "I want my money back for the broken blender, please refund me", "refund"},
		{"+15550002002", "Please refund the charge, the item never worked", "refund"},
		{"+15550002003", "Can I get a refund? I returned the shoes last week", "refund"},
		{"+15550002004", "Where is my parcel? The tracking has not moved for days", "shipping"},
		{"+15550002005", "When will my order ship? Delivery was due Monday", "shipping"},
		{"+15550002006", "The courier lost my package, which delivery company do you use?", "shipping"},
	}
	for _, d := range training {
		say(d.from, d.text)
		c := conversationOf(d.from)
		a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/labels", c["id"]), obj{"labels": []string{d.label}}, 200, nil)
	}

	// An angry, urgent customer, and a happy one.
	const angry, happy = "+15550003001", "+15550003002"
	say(angry, "This is terrible! Order 48213 arrived broken and nobody answers. I want a refund of 49.90 EUR today, it is urgent!")
	say(happy, "Thanks a lot, everything arrived fine, great service!")
	conv := conversationOf(angry)
	ada.theme(1440)
	ada.viewport(1440, 900)
	ada.open(fmt.Sprintf("/inbox/%v?view=all", conv["id"]))
	ada.waitText(".bubble.in", "This is terrible!")
	ada.waitText(`.bubble.note [data-testid="analysis-note"]`, "AI analysis · Built-in (offline)")
	ada.waitText(`[data-testid="analysis-sentiment"]`, "Negative")
	ada.waitText(`[data-testid="analysis-urgency"]`, "High")
	ada.waitText(`[data-testid="analysis-reference"]`, "48213")
	// The label model is retrained by a job of its own, which may still be running as the turn
	// is analysed: a second message of the same turn is read with it, and updates the note.
	if !eval[bool](ada, `!!document.querySelector('[data-testid="analysis-label"]')`) {
		say(angry, "Please, I need the refund for that broken order now!")
		ada.waitText(".bubble.in", "I need the refund")
	}
	ada.waitText(`[data-testid="analysis-label"]`, "refund")
	if n := eval[int](ada, `document.querySelectorAll('[data-testid="analysis-note"]').length`); n != 1 {
		t.Errorf("%d analysis notes for one customer turn", n)
	}
	if got := eval[string](ada, `document.querySelector('[data-testid="analysis-apply"]')?.getAttribute("aria-label") ?? ""`); got != "Apply the label refund" {
		t.Errorf("the Apply button is named %q", got)
	}
	for _, w := range widths {
		ada.theme(w.w)
		ada.viewport(w.w, w.h)
		ada.open(fmt.Sprintf("/inbox/%v?view=all", conv["id"]))
		ada.waitText(`[data-testid="analysis-label"]`, "refund")
		eval[bool](ada, `(document.querySelector('[data-testid="analysis-note"]').scrollIntoView({ block: "center" }), true)`)
		ada.shot(fmt.Sprintf("note-%d", w.w))
		if w.w != 390 {
			ada.audit(fmt.Sprintf("the analysis note at %d", w.w))
		}
	}
	ada.theme(1440)
	ada.viewport(1440, 900)
	ada.open(fmt.Sprintf("/inbox/%v?view=all", conv["id"]))

	// Apply adds the label through the usual route; the note then says it is applied.
	ada.click(`[data-testid="analysis-label"] button`, "Apply")
	ada.waitText(`[data-testid="analysis-label"]`, "Applied")
	ada.waitText(".thread-labels", "refund")
	if c := conversationOf(angry); !strings.Contains(fmt.Sprint(c["labels"]), "refund") {
		t.Errorf("labels after Apply: %v", c["labels"])
	}
	if eval[bool](ada, `!!document.querySelector('[data-testid="analysis-priority"]')`) {
		ada.click(`[data-testid="analysis-priority"]`, "Set priority")
		ada.waitText(".ai-done", "Priority is")
		if c := conversationOf(angry); c["priority"] != "urgent" && c["priority"] != "high" {
			t.Errorf("priority after Set priority: %v", c["priority"])
		}
	}

	// The list filtered by sentiment: the angry customer's conversation, not the happy one's.
	if c := conversationOf(happy); c["sentiment"] != "positive" {
		t.Logf("the happy customer's conversation reads %v", c["sentiment"])
	}
	happyConv := conversationOf(happy)
	ada.open("/inbox?view=all&sentiment=negative")
	ada.wait("the negative conversations", fmt.Sprintf(`!!document.querySelector('.row[data-conversation="%v"]')`, conv["id"]))
	if eval[bool](ada, fmt.Sprintf(`!!document.querySelector('.row[data-conversation="%v"]')`, happyConv["id"])) {
		t.Error("the happy customer's conversation is listed under negative sentiment")
	}
	ada.waitText(".filter-bar .filter", "Sentiment")
	if v := eval[string](ada, `[...document.querySelectorAll(".filter-bar .filter")].find(l => l.textContent.includes("Sentiment"))?.querySelector("select").value ?? ""`); v != "negative" {
		t.Errorf("the sentiment filter shows %q", v)
	}
	ada.waitText(`.row[data-conversation="`+fmt.Sprint(conv["id"])+`"] [data-testid="row-reading"]`, "▼")
	// Choosing Positive in the filter keeps it in the URL and lists the happy customer.
	eval[bool](ada, `(() => { const s = [...document.querySelectorAll(".filter-bar .filter")].find(l => l.textContent.includes("Sentiment")).querySelector("select"); s.value = "positive"; s.dispatchEvent(new Event("change", { bubbles: true })); return true })()`)
	ada.wait("sentiment=positive in the URL", `new URLSearchParams(location.search).get("sentiment") === "positive"`)
	ada.wait("the happy conversation", fmt.Sprintf(`!!document.querySelector('.row[data-conversation="%v"]')`, happyConv["id"]))
	for _, w := range widths {
		ada.theme(w.w)
		ada.viewport(w.w, w.h)
		ada.open("/inbox?view=all&sentiment=negative")
		ada.wait("the list", fmt.Sprintf(`!!document.querySelector('.row[data-conversation="%v"]')`, conv["id"]))
		ada.shot(fmt.Sprintf("list-%d", w.w))
		if w.w == 1024 {
			ada.audit("the filtered list, dark")
		}
	}

	// The rule builder offers the assistant's trigger and fields.
	ada.theme(1440)
	ada.viewport(1440, 900)
	ada.open("/settings/rules")
	ada.click("button", "Add rule")
	settingsChoose(ada, `[data-testid="rule-event"]`, "analysed")
	ada.wait("the trigger", `[...document.querySelector('[data-testid="rule-event"]').options].some(o => o.value === "analysed" && o.textContent.includes("analysed"))`)
	ada.click("button", "Add condition")
	settingsChoose(ada, `.rule-condition select[aria-label="Field"]`, "sentiment")
	ada.wait("the sentiment values", `[...document.querySelectorAll('.rule-condition select')].some(s => [...s.options].some(o => o.value === "negative" && o.textContent === "Negative"))`)
	ada.shot("rule")

	// An inbox keeps the analysis away from itself; only the features the workspace has on are
	// offered there.
	ada.open("/settings/inboxes")
	settingsOpen(ada, ".row-actions button[aria-label='Edit: Twilio sms']", "Edit")
	ada.waitText(`[data-testid="inbox-assistant"]`, "AI assistance")
	if eval[bool](ada, `!!document.querySelector('[data-testid="inbox-ai-copilot"]')`) {
		t.Error("the inbox offers the copilot's switch while the workspace has it off")
	}
	ada.wait("the inbox following the workspace", `document.querySelector('[data-testid="inbox-ai-analysis"]').checked`)
	ada.click(`[data-testid="inbox-ai-analysis"]`, "")
	eval[bool](ada, `(document.querySelector('[data-testid="inbox-assistant"]').scrollIntoView({ block: "center" }), true)`)
	ada.shot("inbox")
	ada.click(".modal button", "Save")
	ada.gone(".modal", "")
	if in := settingsFind(a, "/api/v1/inboxes", "name", "Twilio sms"); fmt.Sprint(in["assistant"]) != "map[analysis:false copilot:true translation:true]" {
		t.Errorf("the inbox's switches: %v", in["assistant"])
	}

	// The admin points the assistant at an OpenAI-compatible endpoint (the emulator), tests it and
	// reads its health; the key is never shown again.
	llm := emuopenai.New("sk-test")
	srv := httptest.NewServer(llm)
	t.Cleanup(srv.Close)
	ada.open("/settings/assistant")
	ada.click(`[data-testid="assistant-provider-openai"]`, "")
	settingsChoose(ada, `[data-testid="assistant-base-url"]`, srv.URL+"/v1")
	settingsChoose(ada, `[data-testid="assistant-api-key"]`, "sk-test")
	settingsChoose(ada, `[data-testid="assistant-model"]`, llm.Models[0])
	ada.click(`[data-testid="assistant-save"]`, "Save")
	ada.waitText(".settings-status", "Saved.")
	ada.waitText(".field-hint", "A key is set.")
	if v := eval[string](ada, `document.querySelector('[data-testid="assistant-api-key"]').value`); v != "" {
		t.Errorf("the key field shows %q after saving", v)
	}
	ada.click(`[data-testid="assistant-test"]`, "Test connection")
	ada.waitText(`[data-testid="assistant-test-result"]`, "It answered")
	ada.waitText(".assistant-health", "Last answer")
	a.do("GET", "/api/v1/assistant", nil, 200, &settings)
	if raw := fmt.Sprint(settings); strings.Contains(raw, "sk-test") || settings["key_set"] != true || settings["provider"] != "openai" {
		t.Errorf("settings answer %s", raw)
	}
	for _, w := range widths {
		ada.theme(w.w)
		ada.viewport(w.w, w.h)
		ada.open("/settings/assistant")
		ada.waitText(".assistant-health", "Last answer")
		ada.shot(fmt.Sprintf("endpoint-%d", w.w))
		eval[bool](ada, `(document.querySelector(".assistant-health").scrollIntoView({ block: "end" }), true)`)
		ada.shot(fmt.Sprintf("health-%d", w.w))
	}
	if errs := console.take(); len(errs) > 0 {
		t.Errorf("the page logged errors:\n%s", strings.Join(errs, "\n"))
	}
}
