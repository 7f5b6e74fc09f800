package messenger_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/emulator/meta"
	"github.com/switchboardhq/switchboard/emulator/meta/metatest"
)

// page is a Messenger connector wired to the Graph API emulator of one Page, over HTTP both ways.
type page struct {
	emu     *meta.Server
	conn    *messenger.Connector
	inbox   *switchboard.Inbox
	secrets map[string]string
	clock   *metatest.Clock
	hook    *metatest.Hook
}

const pageID = "108000111222333"

func newPage(t *testing.T) *page {
	emu := meta.New(pageID, "EAAPage-test-token", "page_app_secret")
	api := metatest.Serve(t, emu)
	p := &page{emu: emu, conn: &messenger.Connector{Client: &http.Client{Timeout: 10 * time.Second}},
		secrets: map[string]string{messenger.SecretAccessToken: emu.Token, messenger.SecretAppSecret: emu.AppSecret},
		clock:   metatest.NewClock(time.Date(2026, 6, 10, 8, 0, 0, 0, time.UTC))}
	emu.Now = p.clock.Now
	raw, _ := json.Marshal(&messenger.Settings{PageID: pageID, AppID: emu.AppID, MetaGraph: channel.MetaGraph{APIBaseURL: api}})
	p.inbox = &switchboard.Inbox{ID: 1, Kind: switchboard.ChannelMessenger, Settings: raw}
	p.hook = metatest.Wire(t, emu, p.conn, p.inbox, p.secrets)
	return p
}

func (p *page) send(text string, id int64, reply *switchboard.CommentReply, files ...*switchboard.Attachment) (*switchboard.Sent, error) {
	return p.conn.Send(context.Background(), &switchboard.Outbound{Message: &switchboard.Message{ID: id, Text: text, Attachments: files},
		Inbox: p.inbox, Secrets: p.secrets, To: "7001", CommentReply: reply})
}

// TestPageCommentsRead: a Page's feed changes read into the batch alongside a message of the same
// webhook: a comment, a reply to it, the Page's own comment (an echo), an edit of unknown order,
// a removal; other items, unreadable values and other pages' changes left out; a replay read the
// same.
func TestPageCommentsRead(t *testing.T) {
	p := newPage(t)
	post := pageID + "_501"
	p.emu.AddPost(post, "POST", "The blue mug", []byte("png"), "image/png")
	at := p.clock.Now()
	body := p.emu.Envelope(
		p.emu.Text("7001", "m_dm", "hello", time.Time{}),
		p.emu.CustomerComment("7001", "Anna R", "501_1", post, "In stock in blue?"),
		p.emu.CustomerReply("7002", "Bo", "501_2", "501_1", "me too"),
		p.emu.BusinessComment("501_3", "501_1", "Yes!"),
		p.emu.CommentEdit("501_1", "In stock in blue or red?"),
		p.emu.CommentRemove("501_2"),
		meta.Event{"field": "feed", "value": map[string]any{"item": "reaction", "verb": "add", "post_id": post, "reaction_type": "like"}},
		meta.Event{"field": "feed", "value": "not an object"},
		meta.Event{"field": "feed", "value": map[string]any{"item": "comment", "verb": "add", "comment_id": "501_9", "post_id": post, "message": "no author"}},
	)
	b := p.hook.Deliver(t, body)
	got := metatest.Messages(b)
	if len(b.Messages) != 4 || got["m_dm"] == nil {
		t.Fatalf("messages %+v", b.Messages)
	}
	want := &switchboard.InboundMessage{From: "7001", ContactName: "Anna R", ProviderID: "501_1", Text: "In stock in blue?", SentAt: at,
		Comment: &switchboard.InboundComment{PostID: post, PostKind: "POST"}}
	if !reflect.DeepEqual(got["501_1"], want) {
		t.Errorf("comment = %+v", got["501_1"])
	}
	if m := got["501_2"]; m.ReplyToProviderID != "501_1" || m.From != "7002" || m.Echo || m.Comment.PostID != post {
		t.Errorf("reply = %+v", m)
	}
	if m := got["501_3"]; !m.Echo || m.From != pageID || m.ReplyToProviderID != "501_1" || m.Text != "Yes!" {
		t.Errorf("the Page's comment = %+v", m)
	}
	if len(b.Edits) != 1 || *b.Edits[0] != (switchboard.InboundEdit{ProviderID: "501_1", Text: "In stock in blue or red?"}) {
		t.Errorf("edits = %+v", b.Edits)
	}
	if !reflect.DeepEqual(b.Unsent, []string{"501_2"}) {
		t.Errorf("unsent = %v", b.Unsent)
	}

	other := []byte(`{"object":"page","entry":[{"id":"999","time":1781078400,"changes":[{"field":"feed","value":{"item":"comment","verb":"add",` +
		`"comment_id":"9_1","post_id":"999_9","parent_id":"999_9","from":{"id":"7003","name":"C"},"message":"other page","created_time":1781078400}}]}]}`)
	p.hook.Ignored(t, other)

	p.clock.Add(time.Hour)
	p.hook.Replayed(t, body, b)
}

// TestPageCommentAnswers: public and private replies in Meta's shape, the public one's comment
// echoed by webhook, the private one's message echo confirming it; Meta's rules (one private
// reply, 7 days, the window left closed) and faults as final or retried SendErrors; files
// refused before any call.
func TestPageCommentAnswers(t *testing.T) {
	p := newPage(t)
	post := pageID + "_501"
	p.emu.AddPost(post, "POST", "The blue mug", nil, "")
	p.hook.Deliver(t, p.emu.Envelope(p.emu.CustomerComment("7001", "Anna R", "501_1", post, "In stock in blue?"),
		p.emu.CustomerComment("7002", "Bo", "501_2", post, "Price?")))

	sent, err := p.send("Yes, in blue", 41, &switchboard.CommentReply{CommentID: "501_1"})
	if err != nil || sent.ProviderID == "" || sent.Status != switchboard.MessageSent || sent.RecipientID != "" {
		t.Fatalf("public reply: %+v, %v", sent, err)
	}
	if s := metatest.Last(t, p.emu); s.Kind != meta.SentPublicReply || s.Path != "/v23.0/501_1/comments" || !reflect.DeepEqual(s.Body, map[string]any{"message": "Yes, in blue"}) {
		t.Errorf("public reply went as %+v", s)
	}
	if c, _ := p.emu.Comment("501_1"); !reflect.DeepEqual(c.Replies, []string{sent.ProviderID}) {
		t.Errorf("comment = %+v", c)
	}
	echo := p.hook.Wait(t, func(b *switchboard.InboundBatch) bool {
		return len(b.Messages) == 1 && b.Messages[0].ProviderID == sent.ProviderID
	})
	if m := echo.Messages[0]; !m.Echo || m.ReplyToProviderID != "501_1" || m.Text != "Yes, in blue" || m.Comment.PostID != post {
		t.Errorf("the public reply's webhook = %+v", m)
	}

	sent, err = p.send("I'll DM you the price list", 42, &switchboard.CommentReply{CommentID: "501_1", Private: true})
	if err != nil || sent.ProviderID == "" || sent.RecipientID != "7001" || sent.Status != switchboard.MessageAccepted {
		t.Fatalf("private reply: %+v, %v", sent, err)
	}
	want := map[string]any{"recipient": map[string]any{"comment_id": "501_1"}, "message": map[string]any{"text": "I'll DM you the price list", "metadata": "sb:42"}}
	if s := metatest.Last(t, p.emu); s.Kind != meta.SentPrivateReply || s.Path != "/v23.0/"+pageID+"/messages" || !reflect.DeepEqual(s.Body, want) {
		t.Errorf("private reply went as %+v", s)
	}
	p.hook.Wait(t, func(b *switchboard.InboundBatch) bool {
		return len(b.Statuses) == 1 && b.Statuses[0].MessageID == 42 && b.Statuses[0].ProviderID == sent.ProviderID
	})
	_, err = p.send("Again", 43, &switchboard.CommentReply{CommentID: "501_1", Private: true})
	metatest.Final(t, err, switchboard.FailInvalidRequest, "already answered privately")
	_, err = p.send("Hi", 44, &switchboard.CommentReply{CommentID: "nope", Private: true})
	metatest.Final(t, err, switchboard.FailInvalidRequest, "within 7 days")
	// The private reply left the window closed: a direct message waits for the customer.
	_, err = p.send("Anything else?", 45, nil)
	metatest.Final(t, err, switchboard.FailWindowClosed, "2018278")

	n := len(p.emu.Sent())
	_, err = p.send("See the photo", 46, &switchboard.CommentReply{CommentID: "501_2"}, &switchboard.Attachment{Kind: "image", StorageKey: "k"})
	metatest.Final(t, err, switchboard.FailUnsupportedMessage, "text only")
	if len(p.emu.Sent()) != n {
		t.Error("a file went out with an answer to a comment")
	}
	p.emu.Inject(meta.RateLimited)
	var se *switchboard.SendError
	if _, err = p.send("Soon", 47, &switchboard.CommentReply{CommentID: "501_2"}); !errors.As(err, &se) || !se.Retryable || se.Code != switchboard.FailRateLimited {
		t.Errorf("rate limited public reply: %v", err)
	}
	p.emu.Inject(meta.AlreadyReplied)
	_, err = p.send("Soon", 48, &switchboard.CommentReply{CommentID: "501_2", Private: true})
	metatest.Final(t, err, switchboard.FailInvalidRequest, "10900")

	p.clock.Add(switchboard.PrivateReplyWindow + time.Minute)
	_, err = p.send("Late", 49, &switchboard.CommentReply{CommentID: "501_2", Private: true})
	metatest.Final(t, err, switchboard.FailInvalidRequest, "10903")
	if c, _ := p.emu.Comment("501_2"); c.PrivateReply != "" {
		t.Errorf("a refused private reply was recorded: %+v", c)
	}
}

// TestPageModerate: hiding and showing again with is_hidden, deleting with DELETE; a deleted
// comment is gone; an unknown action is refused before any call.
func TestPageModerate(t *testing.T) {
	p := newPage(t)
	post := pageID + "_501"
	p.hook.Deliver(t, p.emu.Envelope(p.emu.CustomerComment("7001", "Anna R", "501_1", post, "Spam spam")))
	moderate := func(action string) error {
		return p.conn.ModerateComment(context.Background(), &switchboard.CommentModeration{Inbox: p.inbox, Secrets: p.secrets, CommentID: "501_1", Action: action})
	}
	for _, c := range []struct {
		action, kind string
		body         map[string]any
		hidden, gone bool
	}{
		{switchboard.ModerateHide, meta.SentHide, map[string]any{"is_hidden": "true"}, true, false},
		{switchboard.ModerateUnhide, meta.SentUnhide, map[string]any{"is_hidden": "false"}, false, false},
		{switchboard.ModerateDelete, meta.SentDelete, map[string]any{}, false, true},
	} {
		if err := moderate(c.action); err != nil {
			t.Fatalf("%s: %v", c.action, err)
		}
		s := metatest.Last(t, p.emu)
		if st, _ := p.emu.Comment("501_1"); s.Kind != c.kind || s.Path != "/v23.0/501_1" || !reflect.DeepEqual(s.Body, c.body) || st.Hidden != c.hidden || st.Deleted != c.gone {
			t.Errorf("%s went as %+v, comment %+v", c.action, s, st)
		}
	}
	metatest.Final(t, moderate(switchboard.ModerateHide), switchboard.FailInvalidRequest, "does not exist")
	n := len(p.emu.Sent())
	if err := moderate("pin"); switchboard.ErrorCode(err) != switchboard.EINVALID || len(p.emu.Sent()) != n {
		t.Errorf("an unknown action: %v", err)
	}
}

// TestPageFetchPost: a Page's post described, its picture downloaded by FetchMedia from the
// link given; an unknown post refused.
func TestPageFetchPost(t *testing.T) {
	p := newPage(t)
	post := pageID + "_501"
	posted := p.clock.Now()
	p.emu.AddPost(post, "POST", "The blue mug", []byte("\x89PNG picture"), "image/png")
	got, err := p.conn.FetchPost(context.Background(), p.inbox, p.secrets, post)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != post || got.Kind != messenger.PostKind || got.Caption != "The blue mug" || got.Permalink != "https://www.facebook.com/"+post ||
		got.PostedAt == nil || !got.PostedAt.Equal(posted) || !strings.HasPrefix(got.ThumbnailSource, messenger.MediaSourcePrefix) {
		t.Fatalf("post = %+v", got)
	}
	rc, ct, err := p.conn.FetchMedia(context.Background(), &switchboard.MediaFetch{Source: got.ThumbnailSource})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if data, _ := io.ReadAll(rc); string(data) != "\x89PNG picture" || ct != "image/png" {
		t.Errorf("picture %q %s", data, ct)
	}
	if _, err := p.conn.FetchPost(context.Background(), p.inbox, p.secrets, pageID+"_404"); err == nil {
		t.Error("an unknown post was described")
	}
}
