package instagram_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/emulator/meta"
	"github.com/switchboardhq/switchboard/emulator/meta/metatest"
)

const (
	accountID = "17841400000000001"
	pageID    = "108000111222333"
)

// account is an Instagram connector wired to the emulator of one account, over HTTP both ways,
// on Instagram Login's host or the Page-linked one.
type account struct {
	emu     *meta.Server
	conn    *instagram.Connector
	inbox   *switchboard.Inbox
	secrets map[string]string
	clock   *metatest.Clock
	hook    *metatest.Hook
	sender  string // the id the Send API's path names
}

func newAccount(t *testing.T, host string) *account {
	page := ""
	if host == instagram.HostFacebook {
		page = pageID
	}
	emu := meta.NewInstagram(accountID, page, "IGToken", "ig_app_secret")
	api := metatest.Serve(t, emu)
	a := &account{emu: emu, conn: &instagram.Connector{Connector: messenger.Connector{Client: &http.Client{Timeout: 10 * time.Second}}},
		secrets: map[string]string{instagram.SecretAccessToken: emu.Token, instagram.SecretAppSecret: emu.AppSecret},
		clock:   metatest.NewClock(time.Date(2026, 6, 10, 8, 0, 0, 0, time.UTC)), sender: emu.PageID}
	emu.Now = a.clock.Now
	raw, _ := json.Marshal(&instagram.Settings{AccountID: accountID, Host: host, PageID: page, AppID: emu.AppID, MetaGraph: channel.MetaGraph{APIBaseURL: api}})
	a.inbox = &switchboard.Inbox{ID: 2, Kind: switchboard.ChannelInstagram, Settings: raw}
	a.hook = metatest.Wire(t, emu, a.conn, a.inbox, a.secrets)
	return a
}

func (a *account) send(text string, id int64, reply *switchboard.CommentReply) (*switchboard.Sent, error) {
	return a.conn.Send(context.Background(), &switchboard.Outbound{Message: &switchboard.Message{ID: id, Text: text},
		Inbox: a.inbox, Secrets: a.secrets, To: "6001", CommentReply: reply})
}

var hosts = []string{instagram.HostInstagram, instagram.HostFacebook}

// TestInstagramCommentsRead: comments and live comments read from the changes of a webhook that
// carries a direct message too: a comment on a post, a reply to it, the account's own (an echo),
// a live comment (kind LIVE), an ad comment with its ad; other accounts' and unreadable changes
// left out; a replay read the same. On both hosts.
func TestInstagramCommentsRead(t *testing.T) {
	for _, host := range hosts {
		t.Run(host, func(t *testing.T) {
			a := newAccount(t, host)
			a.emu.AddPost("1801", "REELS", "New drop", []byte("jpg"), "image/jpeg")
			a.emu.AddPost("1802", "LIVE", "", nil, "")
			at := a.clock.Now()
			body := a.emu.Envelope(
				a.emu.Text("6001", "m_dm", "hi", time.Time{}),
				a.emu.CustomerComment("6001", "anna.r", "1791", "1801", "Is this in stock in blue?"),
				a.emu.CustomerReply("6002", "bo", "1792", "1791", "+1"),
				a.emu.BusinessComment("1793", "1791", "Yes!"),
				a.emu.LiveComment("6003", "cy", "1794", "1802", "hello from the live"),
				a.emu.AdComment("6004", "di", "1795", "1803", "120200", "Summer sale", "price?"),
				meta.Event{"field": "comments", "value": []int{1}},
				meta.Event{"field": "mentions", "value": map[string]any{"comment_id": "1796", "media_id": "1801"}},
			)
			b := a.hook.Deliver(t, body)
			got := metatest.Messages(b)
			if len(b.Messages) != 6 || got["m_dm"] == nil {
				t.Fatalf("messages %+v", b.Messages)
			}
			want := &switchboard.InboundMessage{From: "6001", ContactName: "anna.r", ProviderID: "1791", Text: "Is this in stock in blue?", SentAt: at,
				Comment: &switchboard.InboundComment{PostID: "1801", PostKind: "REELS"}}
			if !reflect.DeepEqual(got["1791"], want) {
				t.Errorf("comment = %+v %+v", got["1791"], got["1791"].Comment)
			}
			if m := got["1792"]; m.ReplyToProviderID != "1791" || m.From != "6002" || m.Echo || *m.Comment != (switchboard.InboundComment{PostID: "1801", PostKind: "REELS"}) {
				t.Errorf("reply = %+v", m)
			}
			if m := got["1793"]; !m.Echo || m.From != accountID || m.ReplyToProviderID != "1791" {
				t.Errorf("the account's comment = %+v", m)
			}
			if m := got["1794"]; *m.Comment != (switchboard.InboundComment{PostID: "1802", PostKind: "LIVE"}) || m.ContactName != "cy" {
				t.Errorf("live comment = %+v", m)
			}
			if m := got["1795"]; *m.Comment != (switchboard.InboundComment{PostID: "1803", PostKind: "AD", AdID: "120200", AdTitle: "Summer sale"}) {
				t.Errorf("ad comment = %+v", m.Comment)
			}

			other := []byte(`{"object":"instagram","entry":[{"id":"999","time":1781078400,"changes":[{"field":"comments","value":` +
				`{"id":"1799","from":{"id":"6005","username":"e"},"text":"other account","media":{"id":"1","media_product_type":"FEED"}}}]}]}`)
			a.hook.Ignored(t, other)
			a.clock.Add(time.Hour)
			a.hook.Replayed(t, body, b)
		})
	}
}

// TestInstagramCommentAnswers: a public reply to /{comment-id}/replies (a reply to a reply lands
// under the top-level comment) and its webhook; private replies through the host's Send API in
// Meta's shape, once, not to a live's comment once the broadcast ended; hiding with hide, and
// deleting. On both hosts.
func TestInstagramCommentAnswers(t *testing.T) {
	for _, host := range hosts {
		t.Run(host, func(t *testing.T) {
			a := newAccount(t, host)
			a.emu.AddPost("1801", "FEED", "New drop", nil, "")
			a.emu.AddPost("1802", "LIVE", "", nil, "")
			a.hook.Deliver(t, a.emu.Envelope(a.emu.CustomerComment("6001", "anna.r", "1791", "1801", "Blue?"),
				a.emu.CustomerReply("6002", "bo", "1792", "1791", "+1"), a.emu.LiveComment("6003", "cy", "1794", "1802", "hi")))

			sent, err := a.send("Yes, in blue", 41, &switchboard.CommentReply{CommentID: "1792"})
			if err != nil || sent.ProviderID == "" || sent.Status != switchboard.MessageSent {
				t.Fatalf("public reply: %+v, %v", sent, err)
			}
			if s := metatest.Last(t, a.emu); s.Kind != meta.SentPublicReply || s.Path != "/v23.0/1792/replies" || !reflect.DeepEqual(s.Body, map[string]any{"message": "Yes, in blue"}) {
				t.Errorf("public reply went as %+v", s)
			}
			echo := a.hook.Wait(t, func(b *switchboard.InboundBatch) bool {
				return len(b.Messages) == 1 && b.Messages[0].ProviderID == sent.ProviderID
			})
			if m := echo.Messages[0]; !m.Echo || m.From != accountID || m.ReplyToProviderID != "1791" || m.Comment.PostID != "1801" {
				t.Errorf("the public reply's webhook = %+v", m)
			}

			sent, err = a.send("Sent you the details", 42, &switchboard.CommentReply{CommentID: "1791", Private: true})
			if err != nil || sent.RecipientID != "6001" || sent.Status != switchboard.MessageAccepted {
				t.Fatalf("private reply: %+v, %v", sent, err)
			}
			want := map[string]any{"recipient": map[string]any{"comment_id": "1791"}, "message": map[string]any{"text": "Sent you the details", "metadata": "sb:42"}}
			if s := metatest.Last(t, a.emu); s.Kind != meta.SentPrivateReply || s.Path != "/v23.0/"+a.sender+"/messages" || !reflect.DeepEqual(s.Body, want) {
				t.Errorf("private reply went as %+v", s)
			}
			a.hook.Wait(t, func(b *switchboard.InboundBatch) bool { return len(b.Statuses) == 1 && b.Statuses[0].MessageID == 42 })
			_, err = a.send("Again", 43, &switchboard.CommentReply{CommentID: "1791", Private: true})
			metatest.Final(t, err, switchboard.FailInvalidRequest, "already answered privately")

			_, err = a.send("Live!", 44, &switchboard.CommentReply{CommentID: "1794"})
			metatest.Final(t, err, switchboard.FailInvalidRequest, "live video")
			if _, err = a.send("Thanks for joining", 45, &switchboard.CommentReply{CommentID: "1794", Private: true}); err != nil {
				t.Errorf("private reply during the live: %v", err)
			}
			a.hook.Deliver(t, a.emu.Envelope(a.emu.LiveComment("6004", "di", "1797", "1802", "bye")))
			a.emu.EndLive("1802")
			_, err = a.send("Too late", 46, &switchboard.CommentReply{CommentID: "1797", Private: true})
			metatest.Final(t, err, switchboard.FailInvalidRequest, "during the broadcast")

			for _, c := range []struct {
				action, kind string
				body         map[string]any
			}{
				{switchboard.ModerateHide, meta.SentHide, map[string]any{"hide": "true"}},
				{switchboard.ModerateUnhide, meta.SentUnhide, map[string]any{"hide": "false"}},
				{switchboard.ModerateDelete, meta.SentDelete, map[string]any{}},
			} {
				if err := a.conn.ModerateComment(context.Background(), &switchboard.CommentModeration{Inbox: a.inbox, Secrets: a.secrets, CommentID: "1792", Action: c.action}); err != nil {
					t.Fatalf("%s: %v", c.action, err)
				}
				if s := metatest.Last(t, a.emu); s.Kind != c.kind || s.Path != "/v23.0/1792" || !reflect.DeepEqual(s.Body, c.body) {
					t.Errorf("%s went as %+v", c.action, s)
				}
			}
			if c, _ := a.emu.Comment("1792"); !c.Deleted || c.Hidden {
				t.Errorf("comment after moderation: %+v", c)
			}
		})
	}
}

// TestInstagramFetchPost: a media described on each host; a reel's picture is its thumbnail, a
// feed post's its media_url, each downloaded by FetchMedia from the link given.
func TestInstagramFetchPost(t *testing.T) {
	for _, host := range hosts {
		t.Run(host, func(t *testing.T) {
			a := newAccount(t, host)
			posted := a.clock.Now()
			a.emu.AddPost("1801", "REELS", "New drop", []byte("reel cover"), "image/jpeg")
			a.emu.AddPost("1802", "FEED", "Blue mug", []byte("mug photo"), "image/png")
			for id, want := range map[string][3]string{"1801": {"REELS", "New drop", "reel cover"}, "1802": {"FEED", "Blue mug", "mug photo"}} {
				p, err := a.conn.FetchPost(context.Background(), a.inbox, a.secrets, id)
				if err != nil {
					t.Fatal(err)
				}
				if p.ID != id || p.Kind != want[0] || p.Caption != want[1] || p.Permalink != "https://www.instagram.com/p/"+id+"/" || p.PostedAt == nil || !p.PostedAt.Equal(posted) {
					t.Errorf("post = %+v", p)
				}
				rc, _, err := a.conn.FetchMedia(context.Background(), &switchboard.MediaFetch{Source: p.ThumbnailSource})
				if err != nil {
					t.Fatal(err)
				}
				if data, _ := io.ReadAll(rc); string(data) != want[2] {
					t.Errorf("%s: picture %q", id, data)
				}
				rc.Close()
			}
			if _, err := a.conn.FetchPost(context.Background(), a.inbox, a.secrets, "404"); err == nil || !strings.Contains(err.Error(), "does not exist") {
				t.Errorf("an unknown media: %v", err)
			}
		})
	}
}
