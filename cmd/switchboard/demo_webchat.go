package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// The demo's website chat: a sample shop page, served by the demo on a loopback port of its own
// (another origin than Switchboard's, as a real site is), with the widget embedded, and simulated
// visitors who chat through the visitor API from that origin — while a newcomer can play the
// visitor themselves in a second tab.

// webVisitors are the simulated visitors of the shop's website.
var webVisitors = []persona{
	{name: "Nina Weber", number: "web:nina", channel: "webchat",
		lines: []string{"Hi! Do the trail runners come in half sizes?", "Great — is the 42.5 in stock?", "Lovely, I'll order today. Thanks!"}},
	{name: "Diego Alves", number: "web:diego", channel: "webchat",
		lines: []string{"Hello, how long does delivery to Porto take?", "And can I return them if they don't fit?", "Perfect, thank you!"}},
}

// webVisitor is a simulated visitor's session: their token and conversation.
type webVisitor struct {
	token string
	conv  int64
}

// shopPage is the sample shop's page, with the chat snippet of the demo's web chat inbox.
func (d *demo) shopPage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	d.mu.Lock()
	base, inbox := d.base, d.webInbox
	d.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trailhead Shoes — sample shop</title>
<style>body{font:16px/1.5 Georgia,serif;margin:0;color:#2d2a26;background:#faf7f2}header{background:#2d2a26;color:#faf7f2;padding:16px 32px}
main{max-width:760px;margin:32px auto;padding:0 16px}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px}
.card{background:#fff;border:1px solid #e5ddd0;border-radius:8px;padding:16px}.price{font-weight:bold;color:#a0522d}</style></head>
<body><header><strong>Trailhead Shoes</strong> · a sample shop of the Switchboard demo</header>
<main><h1>Autumn collection</h1><p>You are the visitor here: open the chat bubble and write. Your message reaches the demo's
<em>Website chat (simulated)</em> inbox, where you answer as an agent in the other tab.</p>
<div class="grid"><div class="card"><h2>Trail runner</h2><p class="price">€ 119</p></div><div class="card"><h2>Hiking boot</h2><p class="price">€ 149</p></div>
<div class="card"><h2>City sneaker</h2><p class="price">€ 89</p></div></div></main>
<script src="%s/widget.js" data-inbox="%d" async></script></body></html>`, html.EscapeString(base), inbox)
}

// connectWebChat creates (or points again at this run's shop page) the web chat inbox.
func (d *demo) connectWebChat(id int64) error {
	settings := map[string]any{"allowed_origins": []string{d.shopURL}, "color": "#a0522d", "launcher_text": "Chat with us",
		"greeting": "Hi! Questions about sizes or delivery? We're here.", "show_agent_avatars": true, "simulated": true}
	if id == 0 {
		var created struct {
			ID int64 `json:"id"`
		}
		if err := d.call("POST", "/api/v1/inboxes", map[string]any{"kind": "webchat", "name": "Website chat (simulated)", "settings": settings}, &created); err != nil {
			return err
		}
		id = created.ID
	} else if err := d.call("PATCH", fmt.Sprintf("/api/v1/inboxes/%d", id), map[string]any{"settings": settings}, nil); err != nil {
		return err
	}
	var secret struct{ Secret string }
	if err := d.call("GET", fmt.Sprintf("/api/v1/inboxes/%d/identity-secret", id), nil, &secret); err != nil {
		return err
	}
	d.mu.Lock()
	d.webInbox, d.webSecret = id, secret.Secret
	d.mu.Unlock()
	return nil
}

// visit makes a visitor API request from the shop's origin.
func (d *demo) visit(ctx context.Context, method, path, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, fmt.Sprintf("%s/api/v1/widget/%d%s", d.base, d.webInbox, path), rd)
	if err != nil {
		return err
	}
	req.Header.Set("Origin", d.shopURL)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Visitor "+token)
	}
	return doJSON(http.DefaultClient, req, out)
}

// chat has a simulated visitor write their line: the first time they open a session (signed in
// on the shop, so their name shows) and follow their stream, which answers agents' replies.
func (d *demo) chat(ctx context.Context, p persona, text string) {
	d.mu.Lock()
	v := d.visitors[p.number]
	d.mu.Unlock()
	if v == nil {
		var s struct{ Token string }
		if err := d.visit(ctx, "POST", "/session", "", map[string]any{"page": d.shopURL + "/", "browser": "Firefox 133", "os": "macOS",
			"language": "en-GB", "time_zone": "Europe/Berlin"}, &s); err != nil {
			return
		}
		user := strings.TrimPrefix(p.number, "web:")
		_ = d.visit(ctx, "POST", "/identify", s.Token, map[string]any{"user_id": user, "user_hash": switchboard.UserHash(d.webSecret, user),
			"name": p.name, "email": user + "@example.com"}, nil)
		v = &webVisitor{token: s.Token}
		d.mu.Lock()
		d.visitors[p.number] = v
		d.mu.Unlock()
		go d.follow(ctx, p, v)
	}
	var m struct {
		ConversationID int64 `json:"conversation_id"`
	}
	path := "/conversations"
	if v.conv != 0 {
		path = fmt.Sprintf("/conversations/%d/messages", v.conv)
	}
	if err := d.visit(ctx, "POST", path, v.token, map[string]any{"text": text}, &m); err != nil && v.conv != 0 {
		// Their conversation is gone (deleted by an agent): they start another.
		_ = d.visit(ctx, "POST", "/conversations", v.token, map[string]any{"text": text}, &m)
	}
	d.mu.Lock()
	if m.ConversationID != 0 {
		v.conv = m.ConversationID
	}
	d.mu.Unlock()
}

// follow reads a simulated visitor's stream: each reply of the team is read, and answered a few
// seconds later.
func (d *demo) follow(ctx context.Context, p persona, v *webVisitor) {
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/widget/%d/stream", d.base, d.webInbox), nil)
		req.Header.Set("Origin", d.shopURL)
		req.Header.Set("Authorization", "Visitor "+v.token)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			sc := bufio.NewScanner(res.Body)
			event := ""
			for sc.Scan() {
				line := sc.Text()
				if name, ok := strings.CutPrefix(line, "event: "); ok {
					event = name
				} else if data, ok := strings.CutPrefix(line, "data: "); ok && event == "message" {
					var m switchboard.WidgetMessage
					if json.Unmarshal([]byte(data), &m) == nil && m.Direction == switchboard.DirectionOutgoing && m.Status != switchboard.MessageRead {
						go d.answer(ctx, p, v, m)
					}
				}
			}
			res.Body.Close()
		}
		select {
		case <-ctx.Done():
		case <-time.After(3 * time.Second):
		}
	}
}

// answer has a visitor read a reply and write their next line a few seconds later.
func (d *demo) answer(ctx context.Context, p persona, v *webVisitor, m switchboard.WidgetMessage) {
	time.Sleep(time.Second)
	_ = d.visit(ctx, "POST", fmt.Sprintf("/conversations/%d/read", m.ConversationID), v.token, map[string]any{"message_id": m.ID}, nil)
	time.Sleep(time.Duration(2+d.rng.IntN(4)) * time.Second)
	d.mu.Lock()
	v.conv = m.ConversationID
	d.mu.Unlock()
	d.write(p)
}
