package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/emulator/meta"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// commentConvs returns the paths of the comment conversations, by the post they are under.
func commentConvs(t testing.TB, w *msSetup) map[string]string {
	t.Helper()
	var list struct{ Items []obj }
	w.a.do("GET", "/api/v1/conversations?view=all&limit=100", nil, 200, &list)
	out := map[string]string{}
	for _, c := range list.Items {
		if c["kind"] != "comment" {
			continue
		}
		path := fmt.Sprintf("/api/v1/conversations/%v", c["id"])
		var full obj
		w.a.do("GET", path, nil, 200, &full)
		post, _ := full["post"].(obj)
		out[fmt.Sprint(post["id"])] = path
	}
	return out
}

// byProvider finds a conversation's message by its provider id.
func byProvider(t testing.TB, w *msSetup, conv, id string) obj {
	t.Helper()
	for _, m := range w.thread(conv) {
		if m["provider_id"] == id {
			return m
		}
	}
	t.Fatalf("no message %s in %s: %v", id, conv, w.thread(conv))
	return nil
}

// sentOf returns what the emulator recorded of one kind of comment call.
func sentOf(w *msSetup, kind string) []*meta.Sent {
	var out []*meta.Sent
	for _, s := range w.emu.Sent() {
		if s.Kind == kind {
			out = append(out, s)
		}
	}
	return out
}

// waitFor polls cond for up to 20 seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// waitJobsIdle waits until no job of kind is available or running on the server a reaches (an
// admin's app): the work a change queued has all run, so what did not happen will not.
func waitJobsIdle(t testing.TB, a *app, kind string) {
	t.Helper()
	waitFor(t, kind+" jobs to end", func() bool {
		for _, state := range []string{"available", "running"} {
			var jobs struct{ Items []obj }
			a.do("GET", "/api/v1/jobs?state="+state, nil, 200, &jobs)
			for _, j := range jobs.Items {
				if j["kind"] == kind {
					return false
				}
			}
		}
		return true
	})
}

// TestInstagramComments: comments under two posts open a comment conversation each, once, with
// the post described (its picture kept); forged webhooks write nothing; a public reply goes out
// in Meta's shape, and its comment coming back (before the send answers) leaves one message, also
// for an answer to a reply, which Instagram threads under the first comment; a private reply goes
// by the Send API to the comment, once: a second, or one to a comment older than 7 days, is
// refused before any call; the customer's direct answer links the two conversations; hiding a
// comment calls Meta and leaves a milestone; a comment from Instagram's app is an external
// agent's.
func TestInstagramComments(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newInstagram(t, url, instagram.HostInstagram, false)
			a := w.a
			const igsid = "6001002003004777"
			w.emu.AddPost("media-1", "FEED", "Summer dress, now in blue", pngPixel, "image/png")
			w.emu.AddPost("media-2", "REELS", "Behind the scenes", nil, "")

			body := w.emu.Envelope(w.emu.CustomerComment(igsid, "anna.r", "c1", "media-1", "Is this in blue?"),
				w.emu.CustomerComment(igsid, "anna.r", "c2", "media-2", "Love it"))
			bad256, bad1 := messenger.Sign("another secret", body)
			if status, err := w.emu.DeliverSigned(body, bad256, bad1); err != nil || status != http.StatusUnauthorized {
				t.Fatalf("forged webhook answered %d, %v", status, err)
			}
			if convs := commentConvs(t, w); len(convs) != 0 {
				t.Fatalf("a forged webhook wrote %v", convs)
			}
			for range 2 { // Meta's retry changes nothing
				if status, err := w.emu.Deliver(body); err != nil || status != 200 {
					t.Fatalf("webhook answered %d, %v", status, err)
				}
			}
			convs := commentConvs(t, w)
			if len(convs) != 2 || len(w.said(convs["media-1"])) != 1 || len(w.said(convs["media-2"])) != 1 {
				t.Fatalf("comment conversations %v", convs)
			}
			dress := convs["media-1"]

			// The post is described by a job, its picture kept by Switchboard.
			var conv obj
			waitFor(t, "the post's description", func() bool {
				a.do("GET", dress, nil, 200, &conv)
				p, _ := conv["post"].(obj)
				return p["caption"] == "Summer dress, now in blue" && p["thumbnail_url"] != ""
			})
			post := conv["post"].(obj)
			if post["kind"] != "FEED" || !strings.HasPrefix(fmt.Sprint(post["permalink"]), "https://") || conv["window_closes_at"] != nil {
				t.Errorf("post %v, window %v", post, conv["window_closes_at"])
			}
			res, err := a.client.Get(a.base + post["thumbnail_url"].(string))
			if err != nil {
				t.Fatal(err)
			}
			pic, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !bytes.Equal(pic, pngPixel) || res.Header.Get("Content-Type") != "image/png" {
				t.Errorf("thumbnail: %d %q %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(pic))
			}

			// A public reply, its comment's webhook outrunning the send's answer.
			w.emu.EchoFirst = true
			c1 := byProvider(t, w, dress, "c1")
			var reply obj
			a.do("POST", dress+"/messages", obj{"text": "Yes! Blue is in stock.", "reply_to_id": c1["id"]}, 201, &reply)
			waitFor(t, "the public reply", func() bool { return len(sentOf(w, meta.SentPublicReply)) == 1 })
			pub := sentOf(w, meta.SentPublicReply)[0]
			if !strings.HasSuffix(pub.Path, "/c1/replies") || pub.Body["message"] != "Yes! Blue is in stock." {
				t.Errorf("public reply %s %v", pub.Path, pub.Body)
			}
			// The customer answers under it; the agent answers that too.
			w.deliver(t, w.emu.CustomerReply(igsid, "anna.r", "c3", "c1", "Great, and in XL?"))
			c3 := byProvider(t, w, dress, "c3")
			a.do("POST", dress+"/messages", obj{"text": "XL too.", "reply_to_id": c3["id"]}, 201, nil)
			waitFor(t, "the answers sent", func() bool {
				sent := 0
				for _, m := range w.said(dress) {
					if m["sender_type"] == "agent" && m["status"] == "sent" {
						sent++
					}
				}
				return sent == 2
			})
			for _, m := range w.said(dress) {
				if m["sender_type"] == "external" {
					t.Errorf("an agent's public reply came back as an external agent's: %v", m)
				}
			}
			if n := len(w.said(dress)); n != 4 {
				t.Errorf("%d messages, want 4 (two comments, two answers): %v", n, w.said(dress))
			}

			// A private reply, by the Send API to the comment: once.
			var private obj
			a.do("POST", dress+"/messages", obj{"text": "I sent you the size chart", "reply_to_id": c1["id"], "private": true}, 201, &private)
			waitFor(t, "the private reply", func() bool { return len(sentOf(w, meta.SentPrivateReply)) == 1 })
			pr := sentOf(w, meta.SentPrivateReply)[0]
			if rc, _ := pr.Body["recipient"].(map[string]any); rc["comment_id"] != "c1" || pr.Body["messaging_type"] != nil {
				t.Errorf("private reply body %v", pr.Body)
			}
			calls := len(w.emu.Sent())
			var e struct{ Error obj }
			a.do("POST", dress+"/messages", obj{"text": "Again", "reply_to_id": c1["id"], "private": true}, 409, &e)
			if e.Error["code"] != "private_reply_used" {
				t.Errorf("second private reply: %v", e.Error)
			}
			// A comment from 8 days ago can no longer be answered privately.
			w.emu.Now = func() time.Time { return time.Now().Add(-8 * 24 * time.Hour) }
			old := w.emu.Envelope(w.emu.CustomerComment(igsid, "anna.r", "c4", "media-1", "Still available?"))
			w.emu.Now = nil
			if status, err := w.emu.Deliver(old); err != nil || status != 200 {
				t.Fatalf("old comment: %d %v", status, err)
			}
			c4 := byProvider(t, w, dress, "c4")
			a.do("POST", dress+"/messages", obj{"text": "Late", "reply_to_id": c4["id"], "private": true}, 422, &e)
			if e.Error["code"] != "private_reply_expired" || len(w.emu.Sent()) != calls {
				t.Errorf("late private reply: %v; the emulator had %d calls, now %d", e.Error, calls, len(w.emu.Sent()))
			}

			// The customer answers the private reply in direct messages: the conversations link.
			w.deliver(t, w.emu.Text(igsid, "ig_DM1", "Thanks! Which size for 1.70 m?", time.Time{}))
			var list struct{ Items []obj }
			a.do("GET", "/api/v1/conversations?view=all&limit=100", nil, 200, &list)
			dm := ""
			for _, c := range list.Items {
				if c["kind"] == "messages" {
					dm = fmt.Sprintf("/api/v1/conversations/%v", c["id"])
				}
			}
			var dmConv obj
			a.do("GET", dm, nil, 200, &dmConv)
			a.do("GET", dress, nil, 200, &conv)
			if fmt.Sprint(dmConv["linked_conversation_id"]) != fmt.Sprint(conv["id"]) || fmt.Sprint(conv["linked_conversation_id"]) != fmt.Sprint(dmConv["id"]) {
				t.Errorf("links: direct %v → %v, comments %v → %v", dmConv["id"], dmConv["linked_conversation_id"], conv["id"], conv["linked_conversation_id"])
			}

			// Hiding a comment calls Meta, then records it.
			reel := convs["media-2"]
			c2 := byProvider(t, w, reel, "c2")
			a.do("POST", fmt.Sprintf("/api/v1/messages/%v/moderate", c2["id"]), obj{"action": "hide"}, 200, nil)
			if st, _ := w.emu.Comment("c2"); !st.Hidden {
				t.Error("the comment is not hidden at Meta")
			}
			hidden := false
			for _, m := range w.thread(reel) {
				if act, _ := m["activity"].(obj); act["action"] == "comment_hide" {
					hidden = true
				}
			}
			if c := byProvider(t, w, reel, "c2")["content"].(obj)["comment"].(obj); c["hidden"] != true || !hidden {
				t.Errorf("hidden comment %v, milestone %v", c, hidden)
			}
			// A comment the business wrote in Instagram's app.
			w.deliver(t, w.emu.BusinessComment("c9", "c2", "Thank you!"))
			if m := byProvider(t, w, reel, "c9"); m["sender_type"] != "external" {
				t.Errorf("business comment %v", m)
			}
		})
	}
}

// TestMessengerComments: a Page's feed: a comment, its edit and its removal reflected; a public
// reply by /{comment-id}/comments and a private reply by the Send API, in Meta's shape.
func TestMessengerComments(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newMessenger(t, url, false)
			a := w.a
			post := w.emu.PageID + "_9001"
			w.emu.AddPost(post, "POST", "Opening hours for the holidays", pngPixel, "image/png")
			w.deliver(t, w.emu.CustomerComment("5550001", "Anna R", "9001_1", post, "Open on the 26th?"),
				w.emu.CustomerComment("5550001", "Anna R", "9001_2", post, "And the 27th?"))
			conv := commentConvs(t, w)[post]
			if conv == "" {
				t.Fatalf("no comment conversation: %v", commentConvs(t, w))
			}
			w.deliver(t, w.emu.CommentEdit("9001_1", "Open on Boxing Day?"), w.emu.CommentRemove("9001_2"))
			if m := byProvider(t, w, conv, "9001_1"); m["text"] != "Open on Boxing Day?" {
				t.Errorf("edited comment %v", m)
			}
			if m := byProvider(t, w, conv, "9001_2"); m["text"] != "" || m["content"].(obj)["comment"].(obj)["removed"] != true {
				t.Errorf("removed comment %v", m)
			}
			c1 := byProvider(t, w, conv, "9001_1")
			a.do("POST", conv+"/messages", obj{"text": "Yes, 10 to 4.", "reply_to_id": c1["id"]}, 201, nil)
			a.do("POST", conv+"/messages", obj{"text": "Here is the full list", "reply_to_id": c1["id"], "private": true}, 201, nil)
			waitFor(t, "both replies", func() bool {
				return len(sentOf(w, meta.SentPublicReply)) == 1 && len(sentOf(w, meta.SentPrivateReply)) == 1
			})
			if pub := sentOf(w, meta.SentPublicReply)[0]; !strings.HasSuffix(pub.Path, "/9001_1/comments") || pub.Body["message"] != "Yes, 10 to 4." {
				t.Errorf("public reply %s %v", pub.Path, pub.Body)
			}
			pr := sentOf(w, meta.SentPrivateReply)[0]
			if rc, _ := pr.Body["recipient"].(map[string]any); rc["comment_id"] != "9001_1" || !strings.HasSuffix(pr.Path, "/messages") && pr.Path != "" {
				t.Errorf("private reply %s %v", pr.Path, pr.Body)
			}
		})
	}
}
