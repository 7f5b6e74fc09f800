//go:build ui

package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/switchboardhq/switchboard/assistant/apertium"
	"github.com/switchboardhq/switchboard/emulator/libretranslate"
	"github.com/switchboardhq/switchboard/emulator/openai"
)

// pacedLLM serves the OpenAI emulator's answers, and while it holds, stops a streamed answer
// after each piece of text until the test lets the next one go: the test sees each piece reach
// the composer before the next leaves the endpoint (growth, not a timing).
type pacedLLM struct {
	emu  *openai.Server
	mu   sync.Mutex
	open chan struct{} // closed: nothing is held
	next chan struct{}
}

func newPacedLLM(emu *openai.Server) *pacedLLM {
	p := &pacedLLM{emu: emu, open: make(chan struct{}), next: make(chan struct{})}
	close(p.open)
	return p
}

// hold starts holding streamed answers after each piece.
func (p *pacedLLM) hold() {
	p.mu.Lock()
	p.open = make(chan struct{})
	p.mu.Unlock()
}

// step lets the held answer send its next piece (it waits for one to be held).
func (p *pacedLLM) step(t *testing.T) {
	t.Helper()
	select {
	case p.next <- struct{}{}:
	case <-time.After(30 * time.Second):
		t.Fatal("no streamed answer is waiting to send its next piece")
	}
}

// release stops holding: what is held goes on at once.
func (p *pacedLLM) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.open:
	default:
		close(p.open)
	}
}

func (p *pacedLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	open := p.open
	p.mu.Unlock()
	p.emu.ServeHTTP(&pacedWriter{ResponseWriter: w, p: p, open: open, ctx: r.Context()}, r)
}

type pacedWriter struct {
	http.ResponseWriter
	p       *pacedLLM
	open    chan struct{}
	ctx     context.Context
	pending []byte
}

func (w *pacedWriter) Write(b []byte) (int, error) {
	w.pending = append(w.pending, b...)
	return w.ResponseWriter.Write(b)
}

// Flush sends what was written, then, for a chunk with a piece of text, waits to be let go.
func (w *pacedWriter) Flush() {
	w.ResponseWriter.(http.Flusher).Flush()
	piece := bytes.Contains(w.pending, []byte(`"content":"`)) && !bytes.Contains(w.pending, []byte(`"content":""`))
	w.pending = w.pending[:0]
	if !piece {
		return
	}
	select {
	case <-w.open:
	case <-w.p.next:
	case <-w.ctx.Done():
	case <-time.After(time.Minute):
	}
}

// TestBrowserCopilot: the assistant in the composer and translations in the thread, in Chromium.
// Offline (the default), "Suggest a reply" lists a canned response to pick, marked as the
// built-in assistant's and undone; a summary comes in a panel and goes in as a note; rewriting is
// not offered. A customer writing in Spanish reads in English for an English agent (Apertium when
// installed, else the LibreTranslate emulator), with "Show original" / "Show translation"
// remembered for the conversation; "Send in Spanish" translates the agent's reply, shows it to
// check, and sends it with what the agent wrote. With the OpenAI emulator as the endpoint, a
// suggested reply streams into the composer piece by piece; the agent edits and sends it, and the
// message says the model drafted it. At 1400, 1024 and 390 px, light and dark.
func TestBrowserCopilot(t *testing.T) {
	url := engineURL(t, "sqlite")
	llm := newPacedLLM(openai.New("sk-test"))
	endpoint := httptest.NewServer(llm)
	t.Cleanup(endpoint.Close)
	defer llm.release() // a failed test leaves no handler waiting
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(),
		"SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_ANALYSIS_DELAY": "0"})
	ada := session(t, a.base)
	ada.firstRun(a, nil)

	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Shop"}, 201, &inbox)
	inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
	// Translations by Apertium when its Spanish–English pairs are installed, else by LibreTranslate.
	pairs := (&apertium.Engine{}).Pairs()
	engine := obj{"translation_engine": "apertium"}
	translator := "Apertium"
	if !slices.Contains(pairs, "es-en") || !slices.Contains(pairs, "en-es") {
		lt := httptest.NewServer(libretranslate.New(""))
		t.Cleanup(lt.Close)
		engine = obj{"translation_engine": "libretranslate", "libretranslate_url": lt.URL}
		translator = "LibreTranslate"
	}
	a.do("PATCH", "/api/v1/assistant", mergeObj(obj{"provider": "offline", "analysis": true, "copilot": true, "translation": true}, engine), 200, nil)
	a.do("POST", "/api/v1/canned-responses", obj{"shortcut": "ship", "title": "Shipping times", "content": "We ship every order within two working days."}, 201, nil)

	var dora, lucia struct{ Conversation obj }
	a.do("POST", inboxPath+"/messages", obj{"from": "cust-1", "contact_name": "Dora Customer", "provider_id": "m-1",
		"text": "When do you ship my order? I need it for the weekend."}, 201, &dora)
	a.do("POST", inboxPath+"/messages", obj{"from": "cust-2", "contact_name": "Lucía Cliente", "provider_id": "m-2",
		"text": "Hola, mi pedido no ha llegado todavía. ¿Pueden ayudarme, por favor?"}, 201, &lucia)
	doraPath := fmt.Sprintf("/api/v1/conversations/%v", dora.Conversation["id"])
	luciaPath := fmt.Sprintf("/api/v1/conversations/%v", lucia.Conversation["id"])
	// The analysis reads Lucía's message as Spanish (a job, run at once here).
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var page struct{ Items []obj }
		a.do("GET", luciaPath+"/messages", nil, 200, &page)
		if len(page.Items) > 0 && page.Items[0]["language"] == "es" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Lucía's message was not read as Spanish: %v", page.Items)
		}
	}

	const field = ".composer textarea"
	value := func() string { return eval[string](ada, `document.querySelector(".composer textarea").value`) }
	clear := func() {
		eval[bool](ada, `(el => (Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(el, ""), el.dispatchEvent(new Event("input", {bubbles: true}))))(document.querySelector(".composer textarea"))`)
	}
	assistant := func(item string) {
		ada.click(`.composer-bar button[aria-label="Assistant"]`, "")
		ada.click(`.composer .menu button[role="menuitem"]`, item)
	}
	messages := func(path string) []obj {
		var page struct{ Items []obj }
		a.do("GET", path+"/messages", nil, 200, &page)
		return page.Items
	}

	t.Run("offline: suggestions to pick, a summary as a note, no rewriting", func(t *testing.T) {
		ada.t = t
		ada.open(fmt.Sprintf("/inbox/%v", dora.Conversation["id"]))
		ada.waitText(".bubble.in", "When do you ship my order?")
		// The menu, from the keyboard: Ctrl+J in the composer (once the assistant is there).
		ada.wait("the Assistant button", `!!document.querySelector('.composer-bar button[aria-label="Assistant"]')`)
		eval[bool](ada, `(document.querySelector(".composer textarea").focus(), true)`)
		ada.do(chromedp.KeyEvent("j", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
		ada.waitText(`.composer .menu[role="menu"]`, "Suggest a reply")
		menu := eval[string](ada, `document.querySelector(".composer .menu").innerText`)
		if !strings.Contains(menu, "Summarise conversation") || strings.Contains(menu, "Shorter") || strings.Contains(menu, "Rewrite") {
			t.Errorf("offline, the assistant offers %q", menu)
		}
		ada.shot("menu")
		ada.press(kb.Escape)
		ada.wait("the menu closed", `!document.querySelector(".composer .menu")`)

		assistant("Suggest a reply")
		ada.waitText(".assistant-candidates .candidate", "Canned response")
		ada.waitText(".assistant-candidates .candidate", "within two working days")
		ada.shot("offline-suggestions")
		ada.click(".assistant-candidates .candidate", "within two working days")
		ada.wait("the canned response in the composer", `document.querySelector(".composer textarea").value === "We ship every order within two working days."`)
		ada.waitText(`[data-testid="ai-mark"]`, "Suggested by the assistant · Built-in (offline)")
		ada.click(`[data-testid="ai-mark"] button`, "Undo")
		ada.wait("the draft as it was", `document.querySelector(".composer textarea").value === ""`)

		assistant("Summarise conversation")
		ada.waitText(".assistant-card.summary .assistant-text", "ship")
		ada.waitText(".assistant-card.summary", "Built-in (offline)")
		if v := value(); v != "" {
			t.Errorf("the summary went into the reply: %q", v)
		}
		ada.click(".assistant-card.summary button", "Insert as note")
		ada.wait("note mode with the summary", `!!document.querySelector(".composer.note-mode") && document.querySelector(".composer textarea").value.includes("ship")`)
		ada.press(kb.Enter)
		ada.waitText(".bubble.note", "ship")
		notes := 0
		for _, m := range messages(doraPath) {
			if c, _ := m["content"].(map[string]any); m["kind"] == "note" && c != nil {
				if ai, _ := c["ai"].(map[string]any); ai["feature"] == "summary" && ai["provider"] == "offline" {
					notes++
				}
			}
		}
		if notes != 1 {
			t.Errorf("%d notes carry the summary's mark", notes)
		}
		ada.click(".composer .tab", "Reply")
	})

	t.Run("translation: the toggle, and a reply sent in Spanish", func(t *testing.T) {
		ada.t = t
		ada.open(fmt.Sprintf("/inbox/%v", lucia.Conversation["id"]))
		ada.waitText(".bubble.in .translation-meta", "Translated from Spanish by "+translator)
		translated := eval[string](ada, `document.querySelector(".bubble.in .translated .bubble-text").innerText`)
		if strings.Contains(translated, "pedido") || translated == "" {
			t.Errorf("the translation reads %q", translated)
		}
		ada.shot("translated")
		ada.click(".bubble.in .translation-meta button", "Show original")
		ada.waitText(".bubble.in .bubble-text", "Hola, mi pedido no ha llegado todavía.")
		ada.waitText(".bubble.in .translation-meta", "Original in Spanish")
		// Remembered for the conversation.
		ada.open(fmt.Sprintf("/inbox/%v", lucia.Conversation["id"]))
		ada.waitText(".bubble.in .translation-meta button", "Show translation")
		ada.waitText(".bubble.in .bubble-text", "Hola, mi pedido")
		ada.click(".bubble.in .translation-meta button", "Show translation")
		ada.waitText(".bubble.in .translated .bubble-text", translated)

		// Written in English, checked in Spanish, sent in Spanish.
		ada.click(".composer button.send-in", "Send in Spanish")
		ada.wait("the toggle on", `document.querySelector(".composer button.send-in").getAttribute("aria-pressed") === "true"`)
		ada.typeIn(field, "Your order arrives tomorrow."+kb.Enter)
		ada.wait("the translation to check", `!!document.querySelector(".translation-preview textarea")?.value`)
		ada.waitText(".translation-preview", "You wrote: Your order arrives tomorrow.")
		spanish := eval[string](ada, `document.querySelector(".translation-preview textarea").value`)
		for _, m := range messages(luciaPath) {
			if m["direction"] == "outgoing" {
				t.Fatalf("the reply went out before the agent checked its translation: %v", m)
			}
		}
		ada.shot("send-in-spanish")
		ada.click(".translation-preview button.primary", "Send in Spanish")
		ada.waitText(".bubble.out .translation-meta", "Written in English, sent in Spanish")
		ada.waitText(".bubble.out .bubble-text", "Your order arrives tomorrow.")
		ada.wait("the composer emptied", `document.querySelector(".composer textarea").value === "" && !document.querySelector(".translation-preview")`)
		var out obj
		for _, m := range messages(luciaPath) {
			if m["direction"] == "outgoing" {
				out = m
			}
		}
		c, _ := out["content"].(map[string]any)
		tr, _ := c["translation"].(map[string]any)
		if out["text"] != spanish || tr["text"] != "Your order arrives tomorrow." || tr["language"] != "en" || tr["provider"] == "" {
			t.Errorf("the reply sent: text %q, translation %v", out["text"], tr)
		}
		// The thread's toggle shows what was sent too.
		ada.click(".bubble.out .translation-meta button", "Show what was sent")
		ada.waitText(".bubble.out .bubble-text", spanish)
		ada.click(".bubble.out .translation-meta button", "Show what was written")
	})

	t.Run("OpenAI-compatible: a suggested reply streams into the composer", func(t *testing.T) {
		ada.t = t
		a.do("PATCH", "/api/v1/assistant", obj{"provider": "openai", "base_url": endpoint.URL + "/v1", "model": "gpt-4o-mini", "api_key": "sk-test"}, 200, nil)
		ada.open(fmt.Sprintf("/inbox/%v", dora.Conversation["id"])) // the features afresh
		ada.waitText(".bubble.in", "When do you ship my order?")
		ada.click(`.composer-bar button[aria-label="Assistant"]`, "")
		ada.waitText(`.composer .menu`, "Shorter") // a model rewrites
		ada.press(kb.Escape)

		llm.hold()
		defer llm.release() // a failure here holds nothing for the next ones
		assistant("Suggest a reply")
		seen := ""
		for i := range 3 {
			ada.wait("the next piece in the composer", fmt.Sprintf(`(v => v.length > %d && v.startsWith(%s))(document.querySelector(".composer textarea").value)`, len([]rune(seen)), js(seen)))
			now := value()
			if !strings.HasPrefix(now, seen) || now == seen {
				t.Fatalf("the draft went from %q to %q", seen, now)
			}
			seen = now
			if seen == "" || strings.HasSuffix(seen, "shortly.") {
				t.Fatalf("the whole answer came at once: %q", seen)
			}
			ada.waitText(".assistant-working", "Writing a reply")
			if i == 1 {
				ada.shot("streaming")
			}
			llm.step(t)
		}
		llm.release()
		ada.wait("the whole suggestion", `document.querySelector(".composer textarea").value.endsWith("shortly.")`)
		full := value()
		if !strings.HasPrefix(full, seen) || !strings.HasPrefix(full, "Suggested reply:") {
			t.Errorf("the suggestion %q does not go on from %q", full, seen)
		}
		ada.waitText(`[data-testid="ai-mark"]`, "Suggested by the assistant · gpt-4o-mini")
		ada.gone(".assistant-working", "Writing a reply")
		ada.shot("suggested")

		// The agent edits it (the mark goes) and sends it.
		eval[bool](ada, `(t => (t.focus(), t.setSelectionRange(t.value.length, t.value.length), true))(document.querySelector(".composer textarea"))`)
		ada.typeIn(field, " Ada")
		ada.wait("the mark gone once edited", `!document.querySelector('[data-testid="ai-mark"]')`)
		ada.press(kb.Enter)
		ada.waitText(".bubble.out", full+" Ada")
		var sent obj
		for _, m := range messages(doraPath) {
			if m["direction"] == "outgoing" {
				sent = m
			}
		}
		c, _ := sent["content"].(map[string]any)
		ai, _ := c["ai"].(map[string]any)
		if sent["text"] != full+" Ada" || ai["feature"] != "suggestion" || ai["provider"] != "openai:gpt-4o-mini" {
			t.Errorf("sent %q with content.ai %v", sent["text"], ai)
		}
		// The thread keeps the sent reply marked as drafted by the assistant, with its provider.
		ada.waitText(`.bubble.out [data-testid="ai-origin"]`, "Suggested by the assistant · gpt-4o-mini")

		// Stop: the stream ends where it was, what came stays, marked.
		llm.hold()
		assistant("Suggest a reply")
		ada.wait("a first piece", `document.querySelector(".composer textarea").value.length > 0`)
		ada.click(".assistant-working button", "Stop")
		ada.gone(".assistant-working", "Writing a reply")
		llm.release()
		if v := value(); strings.HasSuffix(v, "shortly.") {
			t.Errorf("Stop let the whole answer in: %q", v)
		}
		ada.waitText(`[data-testid="ai-mark"]`, "gpt-4o-mini")
		ada.click(`[data-testid="ai-mark"] button`, "Undo")
		ada.wait("the draft as it was", `document.querySelector(".composer textarea").value === ""`)
	})

	// How it looks: a translated thread with a summary and a suggested reply, at three sizes, light and dark.
	for _, theme := range []string{"light", "dark"} {
		eval[bool](ada, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
		for _, size := range []struct{ w, h int64 }{{1400, 900}, {1024, 768}, {390, 844}} {
			t.Run(fmt.Sprintf("%s %d", theme, size.w), func(t *testing.T) {
				ada.t = t
				ada.viewport(size.w, size.h)
				ada.open(fmt.Sprintf("/inbox/%v", lucia.Conversation["id"]))
				ada.waitText(".bubble.in .translation-meta", "Translated from Spanish")
				assistant("Summarise conversation")
				ada.waitText(".assistant-card.summary .assistant-text", "Summary:")
				ada.gone(".assistant-working", "Summarising")
				assistant("Suggest a reply")
				ada.waitText(`[data-testid="ai-mark"]`, "gpt-4o-mini")
				ada.gone(".assistant-working", "Writing a reply")
				ada.wait("the composer in the window", `[...document.querySelectorAll(".composer-bar > *, .assistant-card")].every(e => e.getBoundingClientRect().right <= innerWidth + 0.5)`)
				ada.shot("copilot")
				clear()
			})
		}
	}
	ada.t = t
	ada.viewport(1400, 900)
	eval[bool](ada, `(localStorage.removeItem("switchboard.theme"), true)`)
}

// mergeObj returns a with b's fields added.
func mergeObj(a, b obj) obj {
	for k, v := range b {
		a[k] = v
	}
	return a
}
