package sqlstore_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// commentWorld is an Instagram inbox Ann belongs to, with a commenter.
type commentWorld struct {
	*world
	ig    *switchboard.Inbox
	clock *fakeClock
}

const commenter = "17841400000000777"

func newCommentWorld(t *testing.T, db *sqlstore.DB, clock *fakeClock) *commentWorld {
	t.Helper()
	w := newWorld(t, db)
	ig, err := db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelInstagram, Name: ptr("Shop")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetInboxMembers(w.sys, ig.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.ann.ID, w.bob.ID}}); err != nil {
		t.Fatal(err)
	}
	return &commentWorld{world: w, ig: ig, clock: clock}
}

// receive records a webhook's batch, as the channel would, and fails the test on error.
func (w *commentWorld) receive(t *testing.T, b *switchboard.InboundBatch) *switchboard.BatchResult {
	t.Helper()
	b.InboxID = w.ig.ID
	w.clock.Add(time.Second)
	res, err := w.db.ReceiveBatch(switchboard.NewContextWithInbox(context.Background(), w.ig.ID), b)
	if err != nil {
		t.Fatalf("receive: %v", err)
	}
	return res
}

func comment(id, parent, post, text string) *switchboard.InboundMessage {
	return &switchboard.InboundMessage{From: commenter, ContactName: "anna.r", ProviderID: id, ReplyToProviderID: parent, Text: text,
		Comment: &switchboard.InboundComment{PostID: post, PostKind: "FEED"}}
}

// thread returns a conversation's messages, as Ann sees them.
func (w *commentWorld) thread(t *testing.T, convID int64) []*switchboard.Message {
	t.Helper()
	page, err := w.db.FindMessages(w.annCtx, convID, switchboard.MessageFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func (w *commentWorld) byProvider(t *testing.T, id string) *switchboard.Message {
	t.Helper()
	m, err := w.db.FindMessageByID(w.sys, w.db.MessageIDByProviderForTest(w.ig.ID, id))
	if err != nil {
		t.Fatalf("message %s: %v", id, err)
	}
	return m
}

// TestCommentConversations: comments open one conversation of kind comment per (post,
// commenter), apart from the commenter's direct messages, and open no window; a replay changes
// nothing; the business's comments join the conversation of the comment they answer, an agent's
// public reply confirmed by its comment even before the send answers; a private reply goes once
// per comment, within 7 days, and the commenter's answer by direct message links the two
// conversations; moderation is for admins and the assignee; removals and edits are reflected;
// the post is described by a job, its picture served to those who see the conversation.
func TestCommentConversations(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	caps := kindRules{switchboard.ChannelInstagram: {Window: 24 * time.Hour, Comments: true}}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: caps}, func(t *testing.T, db *sqlstore.DB) {
		w := newCommentWorld(t, db, clock)

		// Two comments under one post, one under another, then a direct message.
		res := w.receive(t, &switchboard.InboundBatch{Messages: []*switchboard.InboundMessage{
			comment("c1", "", "media-1", "Is this in blue?"), comment("c2", "", "media-1", "And in XL?"),
			comment("c3", "", "media-2", "Love it")}})
		if res.Created != 3 {
			t.Fatalf("created %d, want 3", res.Created)
		}
		if res := w.receive(t, &switchboard.InboundBatch{Messages: []*switchboard.InboundMessage{comment("c1", "", "media-1", "Is this in blue?")}}); res.Created != 0 || res.Duplicates != 1 {
			t.Fatalf("replay: %+v", res)
		}
		c1, c3 := w.byProvider(t, "c1"), w.byProvider(t, "c3")
		if w.byProvider(t, "c2").ConversationID != c1.ConversationID || c3.ConversationID == c1.ConversationID {
			t.Fatalf("conversations: c1 %d c2 %d c3 %d", c1.ConversationID, w.byProvider(t, "c2").ConversationID, c3.ConversationID)
		}
		conv, err := db.FindConversationByID(w.annCtx, c1.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		if conv.Kind != switchboard.ConversationComment || conv.Post == nil || conv.Post.ID != "media-1" || conv.Post.Kind != "FEED" || conv.WindowClosesAt != nil {
			t.Fatalf("comment conversation: kind %q post %+v window %v", conv.Kind, conv.Post, conv.WindowClosesAt)
		}
		jobs, err := db.FindJobs(w.sys, switchboard.JobAvailable, 100)
		if err != nil {
			t.Fatal(err)
		}
		posts := 0
		for _, j := range jobs {
			if j.Kind == switchboard.JobFetchPost {
				posts++
			}
		}
		if posts != 2 {
			t.Fatalf("%d post jobs, want 2 (one per post)", posts)
		}

		// The post's description and picture.
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
		if err := db.SavePost(w.sys, w.ig.ID, &switchboard.Post{ID: "media-1", Kind: "FEED", Caption: "Summer dress", Permalink: "https://www.instagram.com/p/abc/"},
			bytes.NewReader(png), "image/png"); err != nil {
			t.Fatal(err)
		}
		conv, _ = db.FindConversationByID(w.annCtx, c1.ConversationID)
		if conv.Post.Caption != "Summer dress" || conv.Post.Permalink != "https://www.instagram.com/p/abc/" || conv.Post.ThumbnailURL == "" {
			t.Fatalf("post: %+v", conv.Post)
		}
		f, ct, err := db.PostThumbnail(w.annCtx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(f)
		f.Close()
		if ct != "image/png" || !bytes.Equal(got, png) {
			t.Fatalf("thumbnail %q %d bytes", ct, len(got))
		}
		eve, err := db.CreateAgent(w.sys, &switchboard.AgentCreate{Name: "eve", Email: "eve@team.test", Role: switchboard.RoleAgent,
			Password: "correct horse battery", TimeZone: "Europe/Rome"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.PostThumbnail(switchboard.NewContextWithAgent(context.Background(), eve), conv.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Fatalf("thumbnail for an agent of no inbox: %v", err)
		}

		// A direct message from the commenter is its own conversation, with a window.
		w.receive(t, &switchboard.InboundBatch{Messages: []*switchboard.InboundMessage{{From: commenter, ProviderID: "mid-0", Text: "Hello"}}})
		dm := w.byProvider(t, "mid-0")
		if dm.ConversationID == c1.ConversationID || dm.ConversationID == c3.ConversationID {
			t.Fatal("a direct message joined a comment conversation")
		}

		// A public reply: its comment, arriving before the send answered, confirms it.
		reply, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "Yes, in blue too!", ReplyToID: &c1.ID})
		if err != nil {
			t.Fatal(err)
		}
		out, err := db.OutboundFor(w.sys, reply.ID)
		if err != nil {
			t.Fatal(err)
		}
		if out.CommentReply == nil || out.CommentReply.CommentID != "c1" || out.CommentReply.Private {
			t.Fatalf("outbound comment reply: %+v", out.CommentReply)
		}
		w.receive(t, &switchboard.InboundBatch{Messages: []*switchboard.InboundMessage{{From: "biz", ProviderID: "c9", ReplyToProviderID: "c1",
			Text: "Yes, in blue too!", Echo: true, Comment: &switchboard.InboundComment{PostID: "media-1"}}}})
		if _, err := db.RecordSent(w.sys, reply.ID, &switchboard.Sent{ProviderID: "c9"}); err != nil {
			t.Fatal(err)
		}
		// One written from Instagram's app: an external agent's.
		w.receive(t, &switchboard.InboundBatch{Messages: []*switchboard.InboundMessage{{From: "biz", ProviderID: "c10", ReplyToProviderID: "c2",
			Text: "XL is back on Monday", Echo: true, Comment: &switchboard.InboundComment{PostID: "media-1"}},
			// The business commenting on its own post, answering no one: no conversation.
			{From: "biz", ProviderID: "c11", Text: "New colours!", Echo: true, Comment: &switchboard.InboundComment{PostID: "media-1"}}}})
		var outgoing []string
		for _, m := range w.thread(t, conv.ID) {
			if m.Direction == switchboard.DirectionOutgoing {
				outgoing = append(outgoing, string(m.SenderType)+":"+m.ProviderID)
			}
		}
		if strings.Join(outgoing, " ") != "agent:c9 external:c10" {
			t.Fatalf("outgoing = %v", outgoing)
		}

		// Private replies: not on a direct conversation; once per comment; within 7 days.
		if _, _, err := db.CreateMessage(w.annCtx, dm.ConversationID, &switchboard.MessageCreate{Text: "hi", Private: true}); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Fatalf("private reply in a DM: %v", err)
		}
		priv, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "Sent you the sizes", ReplyToID: &c1.ID, Private: true})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = db.CreateMessage(w.bobCtx, conv.ID, &switchboard.MessageCreate{Text: "Again", ReplyToID: &c1.ID, Private: true})
		wantCode(t, err, switchboard.EPRIVATEREPLYUSED)
		if out, _ := db.OutboundFor(w.sys, priv.ID); out == nil || out.CommentReply == nil || !out.CommentReply.Private {
			t.Fatalf("private outbound: %+v", out)
		}
		if c := w.byProvider(t, "c1").Content; c == nil || c.Comment == nil || c.Comment.PrivateReplyID == nil || *c.Comment.PrivateReplyID != priv.ID {
			t.Fatalf("comment c1 does not name its private reply: %+v", c)
		}
		clock.Add(switchboard.PrivateReplyWindow)
		_, _, err = db.CreateMessage(w.annCtx, c3.ConversationID, &switchboard.MessageCreate{Text: "Thanks!", ReplyToID: &c3.ID, Private: true})
		wantCode(t, err, switchboard.EPRIVATEREPLYEXPIRED)
		if _, _, err := db.CreateMessage(w.annCtx, c3.ConversationID, &switchboard.MessageCreate{Text: "Thanks!", Private: false}); err != nil {
			t.Fatalf("a public reply after 7 days: %v", err)
		}

		// The customer answers the private reply from the address Meta names: linked.
		if _, err := db.RecordSent(w.sys, priv.ID, &switchboard.Sent{ProviderID: "mid-p1", RecipientID: "igsid-answer"}); err != nil {
			t.Fatal(err)
		}
		w.receive(t, &switchboard.InboundBatch{Messages: []*switchboard.InboundMessage{{From: "igsid-answer", ProviderID: "mid-a1", Text: "Thanks, which size for 1.70m?"}}})
		answer := w.byProvider(t, "mid-a1")
		a, _ := db.FindConversationByID(w.annCtx, answer.ConversationID)
		conv, _ = db.FindConversationByID(w.annCtx, conv.ID)
		if a.LinkedConversationID == nil || *a.LinkedConversationID != conv.ID || conv.LinkedConversationID == nil || *conv.LinkedConversationID != a.ID {
			t.Fatalf("links: dm %v, comments %v", a.LinkedConversationID, conv.LinkedConversationID)
		}
		linked := 0
		for _, id := range []int64{a.ID, conv.ID} {
			for _, m := range w.thread(t, id) {
				if m.Activity != nil && m.Activity.Action == "conversation_linked" {
					linked++
				}
			}
		}
		if linked != 2 {
			t.Fatalf("%d link milestones, want one in each conversation", linked)
		}

		// Moderation: Bob is not the assignee (Ann replied first), the admin may.
		if _, err := db.CommentToModerate(w.bobCtx, c1.ID, switchboard.ModerateHide); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Fatalf("bob hides: %v", err)
		}
		if _, err := db.CommentToModerate(w.annCtx, c1.ID, "pin"); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Fatalf("unknown action: %v", err)
		}
		mod, err := db.CommentToModerate(w.adminCtx, c1.ID, switchboard.ModerateHide)
		if err != nil || mod.CommentID != "c1" {
			t.Fatalf("admin hides: %+v %v", mod, err)
		}
		if _, err := db.CommentToModerate(w.annCtx, dm.ID, switchboard.ModerateHide); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Fatalf("hide a direct message: %v", err)
		}
		hidden, err := db.RecordModeration(w.annCtx, c1.ID, switchboard.ModerateHide)
		if err != nil || hidden.Content == nil || !hidden.Content.Comment.Hidden {
			t.Fatalf("hidden: %+v %v", hidden, err)
		}

		// The customer edits a comment, then deletes another.
		w.receive(t, &switchboard.InboundBatch{Edits: []*switchboard.InboundEdit{{ProviderID: "c2", Text: "And in XXL?"}}, Unsent: []string{"c3"}})
		if m := w.byProvider(t, "c2"); m.Text != "And in XXL?" || len(m.Content.Edits) != 1 {
			t.Fatalf("edited comment: %q %+v", m.Text, m.Content)
		}
		if m := w.byProvider(t, "c3"); m.Text != "" || m.Content == nil || m.Content.Comment == nil || !m.Content.Comment.Removed {
			t.Fatalf("removed comment: %q %+v", m.Text, m.Content)
		}
	})
}
