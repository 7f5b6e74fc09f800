package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant"
)

// syncWriter is a buffer safe for the server's and the test's goroutines.
type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestDemo runs `switchboard demo`: it prints how to sign in, its inboxes are marked simulated,
// simulated customers write on WhatsApp, Messenger, Instagram and SMS (one starts with a voice
// note, one answers the Instagram account's story, others comment under posts), Messenger's and
// Instagram's with their names and pictures, and customers answer an agent's reply on WhatsApp
// and on Instagram, which is delivered and read, and a public or private answer to a comment. The
// sample shop page (another origin) embeds the web chat's snippet, and a simulated visitor chats
// from it and answers a reply, which they read. The assistant is on (offline; translation with
// Apertium when installed) over a seeded, labelled and resolved history: an Italian customer's
// complaint gets its analysis note, and "Suggest a reply" offers a seeded answer. A data directory
// holding another workspace is refused.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncWriter{}
	vars := map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": dir, "SWITCHBOARD_DEMO_INTERVAL": "1s",
		"SWITCHBOARD_DATABASE_URL": "postgres://must-not-be-used"}
	m := &Main{Stdin: strings.NewReader(""), Stdout: out, Stderr: io.Discard, Getenv: env(vars)}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"demo"}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo returned %v", err)
		}
	})
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == ""; time.Sleep(50 * time.Millisecond) {
		if s := out.String(); strings.Contains(s, "sign in as") {
			base = strings.Fields(s[strings.Index(s, "http://"):])[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("the demo did not say how to sign in: %q", out.String())
		}
	}
	jar, _ := cookiejar.New(nil)
	a := &app{t: t, base: base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	a.do("POST", "/api/v1/auth/login", obj{"email": demoEmail, "password": demoPassword}, 200, nil)
	var inboxes struct{ Items []obj }
	a.do("GET", "/api/v1/inboxes", nil, 200, &inboxes)
	kinds := map[any]obj{}
	for _, in := range inboxes.Items {
		if in["settings"].(obj)["simulated"] != true {
			t.Errorf("inbox %v is not marked simulated", in["name"])
		}
		kinds[in["kind"]] = in
	}
	if kinds["whatsapp"] == nil || kinds["sms"] == nil || kinds["messenger"] == nil || kinds["instagram"] == nil {
		t.Fatalf("demo inboxes: %v", inboxes.Items)
	}
	// The assistant is on with the offline provider: analysis, the copilot, and translation
	// through Apertium exactly when it is installed here.
	var ai switchboard.AssistantSettings
	a.do("GET", "/api/v1/assistant", nil, 200, &ai)
	if ai.Provider != "offline" || !ai.Analysis || !ai.Copilot || ai.Translation != (len(ai.ApertiumPairs) > 0) ||
		(ai.Translation && ai.TranslationEngine != "apertium") {
		t.Fatalf("the demo's assistant settings = %+v", ai)
	}
	// Its history is seeded: labelled, answered and resolved conversations, and canned responses.
	var resolved, canned struct{ Items []obj }
	a.do("GET", "/api/v1/conversations?view=all&status=resolved&limit=50", nil, 200, &resolved)
	a.do("GET", "/api/v1/canned-responses", nil, 200, &canned)
	if len(resolved.Items) != len(demoHistory) || len(canned.Items) != len(demoCanned) {
		t.Fatalf("%d resolved conversations, %d canned responses; want %d and %d", len(resolved.Items), len(canned.Items), len(demoHistory), len(demoCanned))
	}
	for _, c := range resolved.Items {
		if ls, _ := c["labels"].([]any); len(ls) != 1 {
			t.Errorf("seeded conversation %v has labels %v", c["id"], c["labels"])
		}
	}
	past := map[any]bool{}
	for _, p := range demoHistory {
		past[p.number] = true
	}
	// Customers write on every channel.
	var wa, ig obj
	for deadline := time.Now().Add(45 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var list struct{ Items []obj }
		a.do("GET", "/api/v1/conversations?view=all&limit=50", nil, 200, &list)
		seen := map[any]bool{}
		for _, c := range list.Items {
			seen[c["channel"]] = seen[c["channel"]] || !past[c["contact_handle"]] // the seeded history is not a customer writing
			if c["channel"] == "whatsapp" && wa == nil && c["contact_handle"] != "+971501234567" {
				wa = c
			}
			// An Instagram customer, once named and pictured from the User Profile API.
			if c["channel"] == "instagram" && (c["contact_name"] == "Bea Santos" || c["contact_name"] == "Kenji Mori") &&
				strings.HasPrefix(fmt.Sprint(c["contact_avatar_url"]), "/api/v1/contacts/") {
				ig = c
			}
		}
		if seen["whatsapp"] && seen["sms"] && seen["messenger"] && wa != nil && ig != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("simulated customers did not write on every channel: %v", list.Items)
		}
	}
	// Francesca writes in Italian about a late order: the assistant's note (after the demo's
	// analysis delay) reads her language, her sentiment and the order's number.
	francesca := waitConversation(a, "Francesca did not write", func(c obj) bool { return c["contact_name"] == "Francesca Conti" })
	fconv := fmt.Sprintf("/api/v1/conversations/%v", francesca["id"])
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var thread struct{ Items []obj }
		a.do("GET", fconv+"/messages", nil, 200, &thread)
		var an obj
		for _, m := range thread.Items {
			if c, _ := m["content"].(obj); m["kind"] == "note" && c != nil && c["analysis"] != nil {
				an = c["analysis"].(obj)
			}
		}
		if an != nil {
			if an["language"] != "it" || an["sentiment"] != "negative" || an["provider"] != "offline" ||
				!strings.Contains(fmt.Sprint(an["references"]), "kind:order text:ordine n. 48217 value:48217") {
				t.Fatalf("Francesca's analysis = %v", an)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no analysis note in Francesca's conversation: %v", thread.Items)
		}
	}

	// "Suggest a reply" offers the answer of a seeded resolved conversation.
	if got := demoSuggestions(t, a, fconv); !slices.ContainsFunc(got["resolved"], func(s string) bool {
		return slices.ContainsFunc(demoHistory, func(p demoPast) bool { return p.answer == s })
	}) {
		t.Errorf("suggestions for Francesca = %q, want a seeded answer", got)
	}

	// A reply is delivered and read, and the customer answers it.
	conv := fmt.Sprintf("/api/v1/conversations/%v", wa["id"])
	var reply obj
	a.do("POST", conv+"/messages", obj{"text": "Hello! Let me check that for you."}, 201, &reply)
	a.waitMessage(conv, func(m obj) bool { return m["id"] == reply["id"] && m["status"] == "read" })
	a.waitMessage(conv, func(m obj) bool { return m["direction"] == "incoming" && m["id"].(float64) > reply["id"].(float64) })

	// The sample shop, on an origin of its own, embeds the web chat inbox's widget; a simulated
	// visitor chats from it, and answers a reply.
	shop := strings.Fields(out.String()[strings.Index(out.String(), "Open http://")+5:])[0]
	if kinds["webchat"] == nil || shop == base || fmt.Sprint(kinds["webchat"]["settings"].(obj)["allowed_origins"]) != "["+shop+"]" {
		t.Fatalf("web chat inbox %v for the shop at %s", kinds["webchat"], shop)
	}
	res, err := http.Get(shop)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if want := fmt.Sprintf(`<script src="%s/widget.js" data-inbox="%v" async>`, base, kinds["webchat"]["id"]); !strings.Contains(string(page), want) {
		t.Errorf("the shop page has no %s:\n%s", want, page)
	}
	web := waitConversation(a, "no simulated visitor wrote from the shop", func(c obj) bool {
		return c["channel"] == "webchat" && (c["contact_name"] == "Nina Weber" || c["contact_name"] == "Diego Alves")
	})
	webConv := fmt.Sprintf("/api/v1/conversations/%v", web["id"])
	var webReply obj
	a.do("POST", webConv+"/messages", obj{"text": "Hi! Yes, they do."}, 201, &webReply)
	a.waitMessage(webConv, func(m obj) bool { return m["id"] == webReply["id"] && m["status"] == "read" })
	a.waitMessage(webConv, func(m obj) bool { return m["direction"] == "incoming" && m["id"].(float64) > webReply["id"].(float64) })

	// On Instagram too: the reply is seen, and the customer answers.
	igConv := fmt.Sprintf("/api/v1/conversations/%v", ig["id"])
	var igReply obj
	a.do("POST", igConv+"/messages", obj{"text": "Yes! Which size?"}, 201, &igReply)
	a.waitMessage(igConv, func(m obj) bool { return m["id"] == igReply["id"] && m["status"] == "read" })
	a.waitMessage(igConv, func(m obj) bool { return m["direction"] == "incoming" && m["id"].(float64) > igReply["id"].(float64) })

	// Customers comment under the posts; a public reply is answered under the post, a private
	// one directly, which links the conversations.
	comment := waitConversation(a, "no one commented", func(c obj) bool { return c["kind"] == "comment" && c["channel"] == "instagram" })
	cConv := fmt.Sprintf("/api/v1/conversations/%v", comment["id"])
	var pub obj
	a.do("POST", cConv+"/messages", obj{"text": "Thank you! 💚"}, 201, &pub)
	a.waitMessage(cConv, func(m obj) bool { return m["direction"] == "incoming" && m["id"].(float64) > pub["id"].(float64) })
	a.do("POST", cConv+"/messages", obj{"text": "I sent you the details", "private": true}, 201, nil)
	for deadline := time.Now().Add(45 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var c obj
		a.do("GET", cConv, nil, 200, &c)
		if c["linked_conversation_id"] != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the customer's direct answer to a private reply did not link the conversations: %v", c)
		}
	}

	// Priya starts with a voice note, fetched and marked as one.
	var priya string
	for deadline := time.Now().Add(45 * time.Second); priya == ""; time.Sleep(200 * time.Millisecond) {
		var list struct{ Items []obj }
		a.do("GET", "/api/v1/conversations?view=all&limit=50", nil, 200, &list)
		for _, c := range list.Items {
			if c["contact_handle"] == "+919812345678" {
				priya = fmt.Sprintf("/api/v1/conversations/%v", c["id"])
			}
		}
		if priya == "" && time.Now().After(deadline) {
			t.Fatalf("Priya did not write: %v", list.Items)
		}
	}
	a.waitMessage(priya, func(m obj) bool {
		c, _ := m["content"].(obj)
		at, _ := m["attachments"].([]any)
		return c != nil && c["voice"] == true && len(at) == 1 && at[0].(obj)["pending"] == false && at[0].(obj)["kind"] == "audio"
	})

	// A data directory with a workspace of its own is not the demo's.
	other := t.TempDir()
	real := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": other})
	real.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	m2 := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
		Getenv: env(map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": other})}
	if err := m2.Run(context.Background(), []string{"demo"}); err == nil || !strings.Contains(err.Error(), "not the demo's") {
		t.Errorf("demo on a real workspace: %v", err)
	}
}

// TestDemoHistoryTeachesLabels: the seeded history is enough for the label model to suggest a
// label (each label on at least three conversations), and the right one for the personas' lines
// in Italian, Spanish and English.
func TestDemoHistoryTeachesLabels(t *testing.T) {
	var docs []switchboard.LabelledText
	for _, p := range demoHistory {
		docs = append(docs, switchboard.LabelledText{Text: strings.Join(p.lines, "\n"), Labels: []string{p.label}})
	}
	m := assistant.Train(docs)
	for text, want := range map[string]string{
		personaLine(t, "Francesca Conti", 0): "shipping",
		personaLine(t, "Carmen Ruiz", 0):     "product",
		personaLine(t, "Priya Nair", 0):      "returns",
		personaLine(t, "Javier Moreno", 1):   "returns",
	} {
		if got := m.Suggest(text, 3); len(got) == 0 || got[0].Label != want {
			t.Errorf("suggested for %q: %v, want %s first", text, got, want)
		}
	}
}

// demoSuggestions asks the copilot to suggest a reply in a conversation and returns the
// suggestions' texts by source (resolved, canned).
func demoSuggestions(t *testing.T, a *app, conv string) map[string][]string {
	t.Helper()
	req, _ := http.NewRequest("POST", a.base+conv+"/copilot", strings.NewReader(`{"action":"suggest"}`))
	req.Header.Set("Content-Type", "application/json")
	res, err := a.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("copilot: %d", res.StatusCode)
	}
	out := map[string][]string{}
	event := ""
	for sc := bufio.NewScanner(res.Body); sc.Scan(); {
		if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			event = name
		} else if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok && event == "suggestion" {
			var s struct{ Source, Text string }
			if err := json.Unmarshal([]byte(data), &s); err != nil {
				t.Fatal(err)
			}
			out[s.Source] = append(out[s.Source], s.Text)
		}
	}
	return out
}

// personaLine returns the i-th line of the named persona.
func personaLine(t *testing.T, name string, i int) string {
	for _, p := range personas {
		if p.name == name {
			return p.lines[i]
		}
	}
	t.Fatalf("no persona %s", name)
	return ""
}

// waitConversation waits for a conversation that ok accepts, among the 50 latest, and returns it.
func waitConversation(a *app, what string, ok func(obj) bool) obj {
	a.t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var list struct{ Items []obj }
		a.do("GET", "/api/v1/conversations?view=all&limit=50", nil, 200, &list)
		for _, c := range list.Items {
			if ok(c) {
				return c
			}
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("%s: %v", what, list.Items)
		}
	}
}
