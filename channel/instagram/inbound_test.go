package instagram

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/messenger"
)

// TestRead: Instagram's kinds read from one webhook: a story reply and mention with their media,
// a share as its link, an unsent message, unsupported content, a per-message read, an echo of a
// share; events of another account are left out.
func TestRead(t *testing.T) {
	body := []byte(`{"object":"instagram","entry":[
	 {"id":"178","messaging":[
	  {"sender":{"id":"6001"},"recipient":{"id":"178"},"timestamp":1718000000000,"message":{"mid":"a","text":"nice!","reply_to":{"story":{"url":"https://cdn.example/s1.jpg","id":"s1"}}}},
	  {"sender":{"id":"6001"},"recipient":{"id":"178"},"timestamp":1718000001000,"message":{"mid":"b","attachments":[{"type":"story_mention","payload":{"url":"https://cdn.example/s2.mp4"}}]}},
	  {"sender":{"id":"6001"},"recipient":{"id":"178"},"timestamp":1718000002000,"message":{"mid":"c","attachments":[{"type":"ig_post","payload":{"url":"https://www.instagram.com/p/X/","title":"New in"}}]}},
	  {"sender":{"id":"6001"},"recipient":{"id":"178"},"timestamp":1718000003000,"message":{"mid":"a","is_deleted":true}},
	  {"sender":{"id":"6001"},"recipient":{"id":"178"},"timestamp":1718000004000,"message":{"mid":"d","is_unsupported":true}},
	  {"sender":{"id":"6001"},"recipient":{"id":"178"},"timestamp":1718000005000,"read":{"mid":"out1"}},
	  {"sender":{"id":"178"},"recipient":{"id":"6001"},"timestamp":1718000006000,"message":{"mid":"e","is_echo":true,"app_id":99,"attachments":[{"type":"ig_reel","payload":{"url":"https://www.instagram.com/reel/Y/"}}]}}]},
	 {"id":"999","messaging":[{"sender":{"id":"6002"},"recipient":{"id":"999"},"timestamp":1718000000000,"message":{"mid":"z","text":"other account"}}]}]}`)
	events, err := messenger.Parse(body, Object)
	if err != nil {
		t.Fatal(err)
	}
	b := &switchboard.InboundBatch{}
	s := &Settings{AccountID: "178", AppID: "1"}
	for _, ev := range events {
		if ev.PageID == s.AccountID {
			read(b, s, ev)
		}
	}
	got := map[string]*switchboard.InboundMessage{}
	for _, m := range b.Messages {
		got[m.ProviderID] = m
		if m.ContactName != "Instagram user 6001" {
			t.Errorf("%s: contact %q", m.ProviderID, m.ContactName)
		}
	}
	if len(b.Messages) != 5 || got["z"] != nil {
		t.Fatalf("%d messages: %v", len(b.Messages), got)
	}
	if m := got["a"]; m.Content.Story != "reply" || m.Text != "nice!" || len(m.Attachments) != 1 || !strings.HasSuffix(m.Attachments[0].Source, "s1.jpg") || m.ReplyToProviderID != "" {
		t.Errorf("story reply = %+v %+v", m, m.Content)
	}
	if m := got["b"]; m.Content.Story != "mention" || m.Content.Unsupported != "" || len(m.Attachments) != 1 {
		t.Errorf("story mention = %+v %+v", m, m.Content)
	}
	if m := got["c"]; m.Content.Shared != "post" || m.Text != "New in\nhttps://www.instagram.com/p/X/" || m.Content.Unsupported != "" {
		t.Errorf("share = %+v %+v", m, m.Content)
	}
	if m := got["d"]; m.Content == nil || m.Content.Unsupported != "message" {
		t.Errorf("unsupported = %+v", m)
	}
	if m := got["e"]; !m.Echo || m.Content.Shared != "reel" || m.From != "6001" {
		t.Errorf("echoed share = %+v", m)
	}
	if len(b.Unsent) != 1 || b.Unsent[0] != "a" {
		t.Errorf("unsent = %v", b.Unsent)
	}
	if len(b.Statuses) != 1 || b.Statuses[0].ProviderID != "out1" || b.Statuses[0].Status != switchboard.MessageRead {
		t.Errorf("statuses = %+v", b.Statuses)
	}
}

// TestSettings: the host decides where calls go and which id the send path names.
func TestSettings(t *testing.T) {
	ig := &Settings{AccountID: "178"}
	fb := &Settings{AccountID: "178", Host: HostFacebook, PageID: "108"}
	if ig.graph().Base() != DefaultInstagramURL || ig.sender() != "178" || fb.graph().Base() != "https://graph.facebook.com" || fb.sender() != "108" {
		t.Errorf("instagram %s %s, facebook %s %s", ig.graph().Base(), ig.sender(), fb.graph().Base(), fb.sender())
	}
	if err := (&Settings{AccountID: "178", Host: HostFacebook}).Validate(); err == nil {
		t.Error("a Page-linked account without its page was accepted")
	}
	if err := (&Settings{AccountID: "178", Host: "tiktok"}).Validate(); err == nil {
		t.Error("an unknown host was accepted")
	}
}

// TestFetchProfile: a customer's name from Instagram's User Profile API, else their @username;
// their picture's link as a source FetchMedia reads.
func TestFetchProfile(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.URL.Query().Get("fields") != "name,username,profile_pic" {
			w.WriteHeader(400)
			return
		}
		switch r.URL.Path {
		case "/v23.0/6001":
			_, _ = w.Write([]byte(`{"name":"Ana Lima","username":"ana.lima","id":"6001","profile_pic":"https://cdn.example/ana.jpg"}`))
		default:
			_, _ = w.Write([]byte(`{"username":"no.name","id":"6002"}`))
		}
	}))
	defer srv.Close()
	raw, _ := json.Marshal(&Settings{AccountID: "178", MetaGraph: channel.MetaGraph{APIBaseURL: srv.URL}})
	inbox := &switchboard.Inbox{Settings: raw}
	c := &Connector{Connector: messenger.Connector{Client: srv.Client()}}
	for igsid, want := range map[string]switchboard.Profile{"6001": {Name: "Ana Lima", Picture: messenger.MediaSourcePrefix + "https://cdn.example/ana.jpg"},
		"6002": {Name: "@no.name"}} {
		if got, err := c.FetchProfile(context.Background(), inbox, map[string]string{SecretAccessToken: "tok"}, igsid); err != nil || *got != want {
			t.Errorf("%s: %+v, %v; want %+v", igsid, got, err, want)
		}
	}
}
