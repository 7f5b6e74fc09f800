package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// visitorCall makes a visitor API request from the shop's origin.
func visitorCall(t *testing.T, a *app, method, path, token string, body any, want int, out any) {
	t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, a.base+path, bytes.NewReader(b))
	req.Header.Set("Origin", "https://shop.example.com")
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Visitor "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var raw bytes.Buffer
	raw.ReadFrom(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, raw.String())
	}
	if out != nil {
		if err := json.Unmarshal(raw.Bytes(), out); err != nil {
			t.Fatal(err)
		}
	}
}

// sseEvent is one event of a visitor's stream.
type sseEvent struct {
	id   string
	name string
	data string
}

// openStream reads a visitor's stream into a channel until the test ends.
func openStream(t *testing.T, a *app, inbox any, token, after string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return openStreamUntil(t, ctx, a, inbox, token, after)
}

// openStreamUntil reads a visitor's stream until ctx ends (the visitor leaves).
func openStreamUntil(t *testing.T, ctx context.Context, a *app, inbox any, token, after string) <-chan sseEvent {
	t.Helper()
	q := ""
	if after != "" {
		q = "?after=" + after
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/widget/%v/stream%s", a.base, inbox, q), nil)
	req.Header.Set("Origin", "https://shop.example.com")
	req.Header.Set("Authorization", "Visitor "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	out := make(chan sseEvent, 100)
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.name != "" {
					out <- e
				}
				e = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				e.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				e.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				e.data += line[6:]
			}
		}
	}()
	return out
}

// next waits for the stream's next event of a name.
func next(t *testing.T, events <-chan sseEvent, name string) sseEvent {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case e := <-events:
			if e.name == name {
				return e
			}
		case <-deadline:
			t.Fatalf("no %s event on the visitor's stream", name)
		}
	}
}

// TestWebChatStream: a visitor's stream carries the team's replies (never notes), agents'
// typing and their reading, goes to that visitor only, and resumes after a reconnection with
// what was missed.
func TestWebChatStream(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada Admin", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			a.do("POST", "/api/v1/auth/login", obj{"email": "ada@example.com", "password": "a long password"}, 200, nil)
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "webchat", "name": "Shop", "settings": obj{"allowed_origins": []string{"https://shop.example.com"}}}, 201, &inbox)
			base := fmt.Sprintf("/api/v1/widget/%v", inbox["id"])
			var s struct{ Token string }
			visitorCall(t, a, "POST", base+"/session", "", obj{}, 200, &s)
			events := openStream(t, a, inbox["id"], s.Token, "")
			next(t, events, "ready")
			var m struct {
				ID             int64 `json:"id"`
				ConversationID int64 `json:"conversation_id"`
			}
			visitorCall(t, a, "POST", base+"/conversations", s.Token, obj{"text": "Hello"}, 201, &m)
			if e := next(t, events, "message"); !strings.Contains(e.data, "Hello") {
				t.Errorf("the visitor's own message: %s", e.data)
			}
			conv := fmt.Sprintf("/api/v1/conversations/%d", m.ConversationID)
			a.do("POST", conv+"/typing", obj{"typing": true}, 204, nil)
			if e := next(t, events, "typing"); !strings.Contains(e.data, "Ada Admin") {
				t.Errorf("typing: %s", e.data)
			}
			a.do("POST", conv+"/messages", obj{"note": true, "text": "internal only"}, 201, nil)
			a.do("POST", conv+"/messages", obj{"text": "Hi there"}, 201, nil)
			reply := next(t, events, "message")
			if !strings.Contains(reply.data, "Hi there") || !strings.Contains(reply.data, "Ada Admin") {
				t.Errorf("the reply: %s", reply.data)
			}
			// Ada reads the conversation: the visitor's widget shows "Seen".
			a.do("POST", conv+"/read", nil, 204, nil)
			next(t, events, "read")
			// Away for a moment: what the team writes meanwhile comes on reconnecting.
			a.do("POST", conv+"/messages", obj{"text": "Still there?"}, 201, nil)
			resumed := openStream(t, a, inbox["id"], s.Token, reply.id)
			for {
				e := next(t, resumed, "message")
				if strings.Contains(e.data, "internal only") {
					t.Fatalf("a note reached the visitor: %s", e.data)
				}
				if strings.Contains(e.data, "Still there?") {
					break
				}
			}
			// Another visitor's stream gets none of it.
			var other struct{ Token string }
			visitorCall(t, a, "POST", base+"/session", "", obj{}, 200, &other)
			theirs := openStream(t, a, inbox["id"], other.Token, "0")
			next(t, theirs, "ready")
			a.do("POST", conv+"/messages", obj{"text": "Only for the first"}, 201, nil)
			next(t, events, "message")
			select {
			case e := <-theirs:
				if e.name == "message" || e.name == "typing" {
					t.Errorf("another visitor got %s: %s", e.name, e.data)
				}
			case <-time.After(300 * time.Millisecond):
			}
		})
	}
}

// TestWebChatStreamBound: one visitor holds at most SWITCHBOARD_VISITOR_STREAMS streams open on a
// node: one more ends their oldest (whose tab may be long gone; a live one reconnects).
func TestWebChatStreamBound(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_VISITOR_STREAMS": "2"})
	a.do("POST", "/api/v1/setup", obj{"name": "Ada Admin", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "webchat", "name": "Shop", "settings": obj{"allowed_origins": []string{"https://shop.example.com"}}}, 201, &inbox)
	base := fmt.Sprintf("/api/v1/widget/%v", inbox["id"])
	var s struct{ Token string }
	visitorCall(t, a, "POST", base+"/session", "", obj{}, 200, &s)
	// Each stream is read to its end in a goroutine of its own, which says when it ended.
	open := func() <-chan struct{} {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		req, _ := http.NewRequestWithContext(ctx, "GET", a.base+base+"/stream", nil)
		req.Header.Set("Origin", "https://shop.example.com")
		req.Header.Set("Authorization", "Visitor "+s.Token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 {
			t.Fatalf("stream: %d", res.StatusCode)
		}
		ended := make(chan struct{})
		go func() {
			defer close(ended)
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}()
		return ended
	}
	first, second := open(), open()
	third := open()
	select {
	case <-first:
	case <-time.After(20 * time.Second):
		t.Fatal("the oldest stream did not end when a third opened")
	}
	select {
	case <-second:
		t.Fatal("the second stream ended too")
	case <-third:
		t.Fatal("the new stream ended")
	case <-time.After(200 * time.Millisecond):
	}
}
