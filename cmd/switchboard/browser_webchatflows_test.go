//go:build ui

package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The web chat's conversation flows in Chromium, on a host page of another origin with a strict
// CSP and hostile CSS: the out-of-hours message and email, presence picked up on opening, the
// pre-chat form refused then accepted, quick replies clicked, and the rating after a resolution.
func TestBrowserWebChatFlows(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) { webChatFlowsInBrowser(t, engineURL(t, e)) })
	}
}

func webChatFlowsInBrowser(t *testing.T, dbURL string) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL})
	ada := session(t, a.base)
	ada.firstRun(a, nil)
	var inbox obj
	var inboxID any
	shop := hostPage(t, a.base, &inboxID)
	a.do("POST", "/api/v1/inboxes", obj{"kind": "webchat", "name": "Shoe shop", "settings": obj{"allowed_origins": []string{shop.URL},
		"prechat": obj{"enabled": true, "consent": "Keep my details to answer me", "fields": []obj{
			{"key": "name", "label": "Your name", "type": "text", "required": true},
			{"key": "order_no", "label": "Order number", "type": "text"}}},
		"reply_time": "minutes", "offline": obj{"message": "We are away until 9.", "collect_email": true}}}, 201, &inbox)
	inboxID = inbox["id"]
	a.do("PUT", fmt.Sprintf("/api/v1/inboxes/%v/csat", inboxID), obj{"enabled": true, "ask_comment": true}, 200, nil)

	// Nobody is online: the widget says so and asks for an email, which it checks.
	a.do("PUT", "/api/v1/auth/me/presence", obj{"presence": "offline"}, 200, nil)
	vis := session(t, shop.URL)
	vis.open("/")
	vis.wait("the launcher", `(l => l && l.getClientRects().length ? (l.click(), true) : false)(`+in(".launcher.shown")+`)`)
	vis.wait("the reply expectation", "!!("+inText(".head small", "We usually reply in a few minutes")+")")
	vis.wait("the offline message", "!!("+inText(".off", "We are away until 9.")+")")
	vis.wait("the email form", "!!"+in(".ask input[type=email]"))
	vis.do(chromedp.SendKeys(chromedp.JSPath(in(".ask input")), "visitor@"+kb.Enter))
	vis.wait("the email refused", "!!("+inText(".ask .ferr", "valid email")+")")
	vis.do(chromedp.SendKeys(chromedp.JSPath(in(".ask input")), "example.com"+kb.Enter))
	vis.wait("the email taken", "!!("+inText(".ask p", "Thanks")+")")
	vis.shot("webchat-offline")

	// Ada comes back: opening the widget again picks it up.
	a.do("PUT", "/api/v1/auth/me/presence", obj{"presence": "online"}, 200, nil)
	vis.wait("closed", `(b => (b.click(), true))(`+in(".head button:last-child")+`)`)
	vis.wait("reopened", `(l => (l.click(), true))(`+in(".launcher")+`)`)
	vis.wait("online", "!!("+inText(".head small", "online")+") && !"+inText(".off", "away until 9"))

	// The pre-chat form: the server refuses a first message without the required answers.
	vis.wait("the pre-chat form", "!!"+in(".pre input[name=name]"))
	vis.do(chromedp.SendKeys(chromedp.JSPath(in(".compose textarea")), "Where is my order?"+kb.Enter))
	vis.wait("the form's errors", "!!("+inText(".pre .ferr", "Your name")+") && !!("+inText(".pre .ferr", "Tick the box")+")")
	vis.do(chromedp.SendKeys(chromedp.JSPath(in(".pre input[name=name]")), "Vera Visitor"))
	vis.do(chromedp.SendKeys(chromedp.JSPath(in(".pre input[name=order_no]")), "A-17"))
	vis.wait("consent ticked", `(b => (b.click(), b.checked))(`+in(".pre input[name=consent]")+`)`)
	vis.wait("sent", `(b => (b.click(), true))(`+in(".send")+`)`)
	vis.wait("the first message", "!!("+inText(".msg.in", "Where is my order?")+") && !"+in(".pre"))
	vis.shot("webchat-prechat")

	// Ada sees who wrote, and the consent, in the thread.
	ada.open("/inbox?view=all")
	ada.click(".row", "Vera Visitor")
	ada.waitText(".bubble.in", "Where is my order?")
	ada.waitText(".milestone", "The customer agreed: Keep my details to answer me")

	// A reply with quick replies: the visitor clicks one.
	var convs struct{ Items []obj }
	a.do("GET", fmt.Sprintf("/api/v1/conversations?view=all&inbox_id=%v", inbox["id"]), nil, 200, &convs)
	conv := convs.Items[0]["id"]
	a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/messages", conv), obj{"text": "Shall we ship it again?", "quick_replies": []string{"Yes please", "No"}}, 201, nil)
	ada.waitText(".quick-replies li", "Yes please")
	vis.wait("the quick replies", `(b => b ? (b.click(), true) : false)(`+inText(".qr button", "Yes please")+`)`)
	vis.wait("the choice sent", "!!("+inText(".msg.in", "Yes please")+") && !"+in(".qr"))
	ada.waitText(".bubble.in", "Yes please")

	// Ada resolves: the open widget asks for a rating, once.
	a.do("POST", fmt.Sprintf("/api/v1/conversations/%v/resolve", conv), nil, 200, nil)
	vis.wait("the rating question", "!!("+inText(".rate p", "How was your conversation?")+")")
	vis.wait("four stars", `(b => (b.click(), true))(`+in(".stars button:nth-child(4)")+`)`)
	vis.do(chromedp.SendKeys(chromedp.JSPath(in(".rate textarea")), "Quick and kind"))
	vis.wait("rated", `(b => (b.click(), true))(`+in(".rate .go")+`)`)
	vis.wait("thanks", "!!("+inText(".rate p", "Thanks for your feedback")+")")
	vis.shot("webchat-csat")
	ada.waitText(".milestone", "rated the conversation 4/5")
	ada.waitText(".csat", "4 out of 5")
	var c obj
	a.do("GET", fmt.Sprintf("/api/v1/conversations/%v", conv), nil, 200, &c)
	if r, _ := c["csat"].(map[string]any); r == nil || r["rating"] != float64(4) || r["comment"] != "Quick and kind" {
		t.Errorf("the conversation's csat: %v", c["csat"])
	}
	// Reopening the widget later asks no more.
	vis.open("/")
	vis.wait("the launcher", `(l => l && l.getClientRects().length ? (l.click(), true) : false)(`+in(".launcher.shown")+`)`)
	vis.wait("the list", "!!("+inText("button.new", "New conversation")+")")
	if eval[bool](vis, "!!"+in(".rate")) {
		t.Error("the widget asks for a second rating")
	}
}
