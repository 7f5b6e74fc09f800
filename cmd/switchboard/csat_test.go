package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// csatMilestone returns the rating of the thread's csat milestone (0 when none).
func csatMilestone(thread []obj) float64 {
	for _, m := range thread {
		if act, _ := m["activity"].(map[string]any); act != nil && act["action"] == "csat" {
			rating, _ := act["rating"].(float64)
			return rating
		}
	}
	return 0
}

// TestCSATWhatsApp: an inbox surveys on a 1–5 scale. Resolving a conversation sends an
// interactive list, in the Cloud API's wire format (the emulator checks it), once: resolved again
// at once, nothing more goes. The customer's list_reply webhook rates the conversation (4), shown
// as its csat and as the csat milestone, without reopening it or starting a new one; the thank-you
// text follows. With the 1–3 scale the survey goes as reply buttons.
func TestCSATWhatsApp(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			w := newWhatsApp(t, dbURL)
			a := w.a
			a.do("PUT", w.inbox+"/csat", obj{"enabled": true, "scale": "1-5", "question": "How did we do?", "thank_you": "Thanks!"}, 200, nil)
			conv := w.customerWrites(t, "Ana", "5511999990000", map[string]any{"id": "wamid.IN1", "type": "text", "text": map[string]any{"body": "Hi"}})
			a.do("POST", conv+"/resolve", nil, 200, nil)
			sent := w.waitSent(t, 1)
			s := sent[0]
			if s.Type != "interactive" {
				t.Fatalf("the survey went as %s: %v", s.Type, s.Body)
			}
			in := s.Body["interactive"].(map[string]any)
			rows := in["action"].(map[string]any)["sections"].([]any)[0].(map[string]any)["rows"].([]any)
			if in["type"] != "list" || in["body"].(map[string]any)["text"] != "How did we do?" || len(rows) != 5 {
				t.Fatalf("the survey: %v", in)
			}
			var four map[string]any
			for _, r := range rows {
				if rm := r.(map[string]any); strings.HasPrefix(rm["title"].(string), "4") {
					four = rm
				}
			}
			if four == nil || !strings.HasPrefix(four["id"].(string), "csat:") {
				t.Fatalf("no row for 4: %v", rows)
			}
			// Resolved again at once: no second survey.
			a.do("POST", conv+"/reopen", nil, 200, nil)
			a.do("POST", conv+"/resolve", nil, 200, nil)
			waitJobsIdle(t, a, switchboard.JobCSATSurvey) // the second resolution's survey job has decided
			if n := len(w.emu.Sent()); n != 1 {
				t.Fatalf("%d sends after resolving twice, want 1", n)
			}

			w.deliver(t, w.emu.Customer("Ana", "5511999990000", waemu.ListReply("wamid.IN2", four["id"].(string), four["title"].(string))))
			var c obj
			waitFor(t, "the rating", func() bool {
				a.do("GET", conv, nil, 200, &c)
				r, _ := c["csat"].(map[string]any)
				return r != nil && r["rating"] == float64(4)
			})
			if c["status"] != "resolved" {
				t.Errorf("the answer reopened the conversation: %v", c["status"])
			}
			thread := w.thread(conv)
			if r := csatMilestone(thread); r != 4 {
				t.Errorf("no csat milestone of 4 in the thread")
			}
			if n := len(a.allConversations()); n != 1 {
				t.Errorf("%d conversations, want the one rated", n)
			}
			sent = w.waitSent(t, 2)
			if sent[1].Type != "text" || sent[1].Body["text"].(map[string]any)["body"] != "Thanks!" {
				t.Errorf("the thank-you: %v", sent[1].Body)
			}

			// Three answers go as reply buttons.
			a.do("PUT", w.inbox+"/csat", obj{"enabled": true, "scale": "1-3"}, 200, nil)
			conv2 := w.customerWrites(t, "Bea", "5511999990001", map[string]any{"id": "wamid.IN3", "type": "text", "text": map[string]any{"body": "Hello"}})
			a.do("POST", conv2+"/resolve", nil, 200, nil)
			sent = w.waitSent(t, 3)
			in = sent[2].Body["interactive"].(map[string]any)
			buttons := in["action"].(map[string]any)["buttons"].([]any)
			if in["type"] != "button" || len(buttons) != 3 {
				t.Fatalf("the 1-3 survey: %v", in)
			}
			top := buttons[0].(map[string]any)["reply"].(map[string]any)
			w.deliver(t, w.emu.Customer("Bea", "5511999990001", waemu.ButtonReply("wamid.IN4", top["id"].(string), top["title"].(string))))
			waitFor(t, "the button's rating", func() bool {
				a.do("GET", conv2, nil, 200, &c)
				r, _ := c["csat"].(map[string]any)
				return r != nil && r["rating"] == float64(5) // 3 of 3 is stored as 5
			})
		})
	}
}

// TestCSATTextSurvey: on SMS the survey asks for a number. A customer's "hello" is no answer: it
// starts a new conversation and closes the survey; on another conversation, "4" is the answer,
// kept in the resolved conversation's thread, marked, and recorded as its rating.
func TestCSATTextSurvey(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emu := twilioEmulator(t)
			const number, ana, bea = "+15550001111", "+15550003333", "+15550004444"
			hook := twilioInbox(a, emu, "sms", number)
			a.do("PUT", strings.TrimSuffix(hook, "/webhook")[len(a.base):]+"/csat", obj{"enabled": true}, 200, nil)
			post := func(form map[string][]string) {
				t.Helper()
				if status, _, err := emu.Post(hook, form); err != nil || status != 200 {
					t.Fatalf("webhook answered %d, %v", status, err)
				}
			}
			convOf := func(who string) []obj {
				var out []obj
				for _, c := range a.allConversations() {
					if c["contact_handle"] == who {
						out = append(out, c)
					}
				}
				return out
			}
			sentTo := func(to string) []string {
				var out []string
				for _, m := range emu.Sent() {
					if m.Form.Get("To") == to {
						out = append(out, m.Form.Get("Body"))
					}
				}
				return out
			}
			for _, who := range []string{ana, bea} {
				post(emu.Incoming(who, number, "Help please"))
				c := convOf(who)[0]
				a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/resolve", c["id"]), nil, 200, nil)
				waitFor(t, "the survey to "+who, func() bool { return len(sentTo(who)) == 1 })
				if got := sentTo(who)[0]; !strings.Contains(got, "Reply with a number from 1 to 5.") {
					t.Errorf("the survey: %q", got)
				}
			}

			post(emu.Incoming(ana, number, "hello"))
			if cs := convOf(ana); len(cs) != 2 {
				t.Fatalf("ana's hello: %d conversations, want a new one", len(cs))
			}
			post(emu.Incoming(ana, number, "5"))
			for _, c := range convOf(ana) {
				if c["csat"] != nil {
					t.Errorf("a number after another message was taken as a rating: %v", c["csat"])
				}
			}

			post(emu.Incoming(bea, number, "4"))
			cs := convOf(bea)
			if len(cs) != 1 || cs[0]["status"] != "resolved" {
				t.Fatalf("bea's answer: %v", cs)
			}
			if r, _ := cs[0]["csat"].(map[string]any); r == nil || r["rating"] != float64(4) {
				t.Fatalf("bea's rating: %v", cs[0]["csat"])
			}
			var th struct{ Items []obj }
			a.do("GET", fmt.Sprintf("/api/v1/conversations/%v/messages", cs[0]["id"]), nil, 200, &th)
			marked := false
			for _, m := range th.Items {
				if content, _ := m["content"].(map[string]any); m["text"] == "4" && content != nil && content["csat_rating"] == float64(4) {
					marked = true
				}
			}
			if !marked {
				t.Errorf("the answer is not in the thread, marked: %v", th.Items)
			}
			if r := csatMilestone(th.Items); r != 4 {
				t.Errorf("no csat milestone")
			}
		})
	}
}

// TestCSATEmailLink: an email survey's links go to the public rating page. A tampered token and
// an expired one get an error page; the page confirms the rating without recording it; the form
// records it with its comment, once: a second post shows the first rating.
func TestCSATEmailLink(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, dbURL := e.Open(t, sqltest.Options{})
			ms := startMailServer(t, "support@shop.test", "ana@customer.test")
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL,
				"SWITCHBOARD_MAIL_RESCAN": "200ms"})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			inbox := emailInbox(t, a, ms, nil)
			a.do("PUT", inbox+"/csat", obj{"enabled": true, "scale": "1-5", "ask_comment": true}, 200, nil)
			ms.send(t, "ana@customer.test", []string{"support@shop.test"}, "From: Ana Lima <ana@customer.test>\nTo: support@shop.test\n"+
				"Subject: Broken zip\nMessage-ID: <q1@customer.test>\nDate: "+time.Now().Format(time.RFC1123Z)+"\n\nMy zip is broken.\n")
			var conv obj
			waitFor(t, "the mail", func() bool {
				cs := a.allConversations()
				if len(cs) == 1 {
					conv = cs[0]
				}
				return len(cs) == 1
			})
			path := fmt.Sprintf("/api/v1/conversations/%v", conv["id"])
			a.do("POST", path+"/resolve", nil, 200, nil)
			mails := ms.waitMail(t, "ana@customer.test", 1)
			body := mails[0].Text
			links := regexp.MustCompile(`(http://[^\s]+/api/v1/csat/[^\s]+)`).FindAllString(body, -1)
			if len(links) != 5 {
				t.Fatalf("the survey mail has %d links: %s", len(links), body)
			}
			four := ""
			for _, l := range links {
				tok := l[strings.LastIndex(l, "/")+1:]
				if strings.Split(tok, ".")[1] == "4" {
					four = l
				}
			}
			get := func(method, link string, form url.Values) (int, string) {
				t.Helper()
				var res *http.Response
				var err error
				if method == "GET" {
					res, err = http.Get(link)
				} else {
					res, err = http.PostForm(link, form)
				}
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				return res.StatusCode, string(b)
			}
			// Tampered: another rating under the same signature.
			tampered := strings.Replace(four, fmt.Sprintf("/%v.4.", conv["id"]), fmt.Sprintf("/%v.1.", conv["id"]), 1)
			if st, page := get("GET", tampered, nil); st != 400 || !strings.Contains(page, "not valid") {
				t.Errorf("tampered link: %d %s", st, page)
			}
			if st, page := get("POST", tampered, url.Values{"comment": {"x"}}); st != 400 || !strings.Contains(page, "not valid") {
				t.Errorf("tampered post: %d %s", st, page)
			}
			if st, page := get("GET", four, nil); st != 200 || !strings.Contains(page, "<form") || !strings.Contains(page, "4 ★★★★") {
				t.Errorf("the page: %d %s", st, page)
			}
			var c obj
			a.do("GET", path, nil, 200, &c)
			if c["csat"] != nil {
				t.Fatalf("opening the page recorded a rating: %v", c["csat"])
			}
			if st, page := get("POST", four, url.Values{"comment": {"Fast fix"}}); st != 200 || !strings.Contains(page, "Thank you") {
				t.Errorf("the post: %d %s", st, page)
			}
			a.do("GET", path, nil, 200, &c)
			if r, _ := c["csat"].(map[string]any); r == nil || r["rating"] != float64(4) || r["comment"] != "Fast fix" {
				t.Fatalf("the rating: %v", c["csat"])
			}
			if st, page := get("POST", links[0], url.Values{"comment": {"again"}}); st != 200 || !strings.Contains(page, "recorded") || !strings.Contains(page, "4 ★★★★") {
				t.Errorf("a second answer: %d %s", st, page)
			}
			a.do("GET", path, nil, 200, &c)
			if r, _ := c["csat"].(map[string]any); r["rating"] != float64(4) {
				t.Errorf("the second answer changed the rating: %v", r)
			}
			if r := csatMilestone(a.threadOf(path)); r != 4 {
				t.Errorf("no csat milestone")
			}
		})
	}
}

// threadOf returns a conversation's messages.
func (a *app) threadOf(path string) []obj {
	var th struct{ Items []obj }
	a.do("GET", path+"/messages", nil, 200, &th)
	return th.Items
}
