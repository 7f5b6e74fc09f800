package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/email"
	"github.com/switchboardhq/switchboard/emulator/webpush"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// rawInbox returns every message of a user's INBOX as it was delivered, headers and all.
func (ms *mailServer) rawInbox(t *testing.T, user string) [][]byte {
	t.Helper()
	c := ms.login(t, user)
	defer c.Close()
	sel, err := c.Select("INBOX", nil).Wait()
	if err != nil || sel.NumMessages == 0 {
		return nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSetNum(seqRange(sel.NumMessages)...), &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]byte, len(msgs))
	for i, m := range msgs {
		out[i] = m.FindBodySection(section)
	}
	return out
}

// pushPayload is what the service worker gets of a push.
type pushPayload struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Body    string `json:"body"`
	URL     string `json:"url"`
	Tag     string `json:"tag"`
	Trigger string `json:"trigger"`
}

// pushesTo decodes the pushes the push service accepted for one endpoint.
func pushesTo(t *testing.T, ps *webpush.Server, endpoint string) []pushPayload {
	t.Helper()
	var out []pushPayload
	for _, p := range ps.Received() {
		if p.Endpoint != endpoint {
			continue
		}
		var pl pushPayload
		if err := json.Unmarshal(p.Payload, &pl); err != nil {
			t.Fatalf("push payload %q: %v", p.Payload, err)
		}
		out = append(out, pl)
	}
	return out
}

// waitFor polls cond (each call may read the API) until it holds, failing with what it last
// said when the deadline passes.
func waitUntil(t *testing.T, within time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s, still waiting for %s: %s", within, what, last)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// bell is the acting agent's notifications as the bell lists them.
func (a *app) bell() switchboard.NotificationPage {
	a.t.Helper()
	var page switchboard.NotificationPage
	a.do("GET", "/api/v1/notifications?limit=100", nil, 200, &page)
	return page
}

// triggers lists the triggers of a bell's items, newest first.
func triggers(p switchboard.NotificationPage) []string {
	out := []string{}
	for _, n := range p.Items {
		out = append(out, string(n.Trigger))
	}
	return out
}

// jobsOf lists the jobs of a kind in a state, as an admin sees them.
func (a *app) jobsOf(kind string, state switchboard.JobState) []switchboard.Job {
	a.t.Helper()
	var list struct{ Items []switchboard.Job }
	a.do("GET", "/api/v1/jobs?limit=500&state="+string(state), nil, 200, &list)
	var out []switchboard.Job
	for _, j := range list.Items {
		if j.Kind == kind {
			out = append(out, j)
		}
	}
	return out
}

// TestNotifications follows notifications through the whole server, over the paths a
// deployment uses: the admin sets up the notification email account on a real SMTP server (and
// its test email arrives); Bruno, a member of the inbox, registers a browser with a push service
// speaking the Web Push wire format; the admin assigns him a conversation and mentions him twice.
// His browser gets the pushes (decrypted: titles and links), his bell lists them, and after the
// batch delay one email holds both mentions, with links and the List-Unsubscribe headers; its
// one-click unsubscribe turns his emails off, and a third mention is emailed to nobody. Carol,
// who does not see the inbox, gets nothing although she asked for everything. A push service
// answering 410 makes the server forget Bruno's browser.
func TestNotifications(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel() // most of it is waiting for the batch delay
			ms := startMailServer(t, "ada@example.com", "bruno@example.com", "carol@example.com", "notify@switchboard.test")
			push := webpush.New()
			pushSrv := httptest.NewServer(push)
			t.Cleanup(pushSrv.Close)
			_, url := e.Open(t, sqltest.Options{})
			ctx, stop := context.WithCancel(context.Background())
			a := startUntil(t, ctx, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(),
				"SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
				"SWITCHBOARD_PUSH_SUBJECT": "mailto:it@example.com", "SWITCHBOARD_LOG_LEVEL": "warn"})
			t.Cleanup(stop)

			a.do("POST", "/api/v1/setup", obj{"name": "Ada Admin", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var bruno, carol, inbox, contact obj
			a.do("POST", "/api/v1/agents", obj{"name": "Bruno", "email": "bruno@example.com", "password": "another long one", "role": "agent"}, 201, &bruno)
			a.do("POST", "/api/v1/agents", obj{"name": "Carol", "email": "carol@example.com", "password": "another long one", "role": "agent"}, 201, &carol)
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Website"}, 201, &inbox)
			brunoID, carolID := int64(bruno["id"].(float64)), int64(carol["id"].(float64))
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])
			a.do("PUT", inboxPath+"/members", obj{"agent_ids": []int64{brunoID}, "team_ids": []int64{}}, 200, nil)
			a.do("POST", "/api/v1/contacts", obj{"name": "Carla Rossi", "identities": []obj{{"kind": "api", "external_id": "crm-42"}}}, 201, &contact)

			// The notification email account, on the mail server; its test email reaches Ada.
			host, port := splitHostPort(ms.smtp)
			account := obj{"enabled": true, "host": host, "port": port, "security": "none", "username": "notify@switchboard.test",
				"password": "secret", "from_address": "notify@switchboard.test", "from_name": "Switchboard", "delay_minutes": 1}
			var saved switchboard.NotificationMailSettings
			a.do("PUT", "/api/v1/notification-mail", account, 200, &saved)
			if !saved.Enabled || !saved.HasPassword || saved.Password != "" || saved.DelayMinutes != 1 {
				t.Errorf("saved account = %+v", saved)
			}
			account["password"] = "" // the kept one
			a.do("POST", "/api/v1/notification-mail/test", account, 204, nil)
			testMail := ms.waitMail(t, "ada@example.com", 1)[0]
			if testMail.Subject != "Test email from Switchboard" || testMail.From.Address != "notify@switchboard.test" {
				t.Errorf("test email: subject %q from %v", testMail.Subject, testMail.From)
			}
			var refused struct{ Error struct{ Message string } }
			a.do("POST", "/api/v1/notification-mail/test", obj{"host": host, "port": port, "security": "none", "username": "notify@switchboard.test",
				"password": "wrong", "from_address": "notify@switchboard.test"}, 400, &refused)
			if !strings.Contains(refused.Error.Message, "535") {
				t.Errorf("a wrong password's test says %q, want the server's 535", refused.Error.Message)
			}

			// Bruno and Carol each register a browser. Carol asks for everything, everywhere.
			b, c := signedIn(t, a, "bruno@example.com", "another long one"), signedIn(t, a, "carol@example.com", "another long one")
			subscribe := func(who *app) (string, int64) {
				in, err := push.Subscribe(pushSrv.URL)
				if err != nil {
					t.Fatal(err)
				}
				var sub switchboard.PushSubscription
				who.do("POST", "/api/v1/notifications/push", in, 201, &sub)
				return in.Endpoint, sub.ID
			}
			brunoEndpoint, brunoSub := subscribe(b)
			carolEndpoint, carolSub := subscribe(c)
			var state struct {
				PublicKey     string `json:"public_key"`
				Subscriptions []switchboard.PushSubscription
			}
			b.do("GET", "/api/v1/notifications/push", nil, 200, &state)
			if state.PublicKey == "" || len(state.Subscriptions) != 1 || state.Subscriptions[0].Endpoint != brunoEndpoint {
				t.Fatalf("Bruno's push state = %+v", state)
			}
			everything := switchboard.DefaultNotificationSettings()
			for _, tr := range switchboard.NotificationTriggers {
				everything.Triggers[tr] = switchboard.NotificationChoice{App: true, Push: true, Email: true, Sound: true}
			}
			c.do("PUT", "/api/v1/notifications/settings", everything, 200, nil)

			// A customer writes (a conversation nobody has), Ada assigns it to Bruno and mentions
			// him twice; Carol cannot be mentioned there.
			a.do("POST", inboxPath+"/messages", obj{"from": "crm-42", "provider_id": "crm-1", "text": "My parcel never arrived."}, 201, nil)
			convs := a.allConversations()
			if len(convs) != 1 {
				t.Fatalf("%d conversations, want 1", len(convs))
			}
			convID := int64(convs[0]["id"].(float64))
			conv := fmt.Sprintf("/api/v1/conversations/%d", convID)
			// The router reads a conversation as it is when it routes: Ada assigns it once the
			// new conversation was routed as unassigned (else, on a busy machine, the customer's
			// message could be routed after the assignment, as a message to Bruno).
			waitUntil(t, 60*time.Second, "the new conversation in Bruno's bell", func() (bool, string) {
				got := triggers(b.bell())
				return len(got) == 1 && got[0] == "unassigned", fmt.Sprint(got)
			})
			a.do("POST", conv+"/assign", obj{"agent_id": brunoID}, 200, nil)
			a.do("POST", conv+"/messages", obj{"note": true, "text": "Bruno, can you call the courier?", "mentions": []int64{brunoID}}, 201, nil)
			a.do("POST", conv+"/messages", obj{"note": true, "text": "Carol, look", "mentions": []int64{carolID}}, 400, nil)
			a.do("POST", conv+"/messages", obj{"note": true, "text": "Bruno, the tracking number is in the CRM.", "mentions": []int64{brunoID}}, 201, nil)
			mentioned := time.Now()

			// Bruno's browser gets a push for the assignment and each mention, as the service
			// worker would decrypt them; the push service checked the VAPID signature.
			link := fmt.Sprintf("/inbox/%d", convID)
			waitUntil(t, 60*time.Second, "Bruno's three pushes", func() (bool, string) {
				got := pushesTo(t, push, brunoEndpoint)
				return len(got) >= 3, fmt.Sprintf("%+v", got)
			})
			got := pushesTo(t, push, brunoEndpoint)
			var titles []string
			for _, p := range got {
				titles = append(titles, p.Trigger+": "+p.Title)
				if p.URL != link || p.Tag != fmt.Sprintf("notification-%d", p.ID) {
					t.Errorf("push %+v: want url %s and its tag", p, link)
				}
			}
			slices.Sort(titles)
			want := []string{"assigned: Assigned to you: Carla Rossi", "mention: Ada Admin mentioned you", "mention: Ada Admin mentioned you"}
			if diff := cmp.Diff(want, titles); diff != "" {
				t.Errorf("Bruno's pushes (-want +got):\n%s", diff)
			}
			for _, p := range push.Received() {
				if p.TTL != 86400 || p.Urgency != "high" || p.Subject != "mailto:it@example.com" {
					t.Errorf("push to %s: TTL %d, urgency %q, VAPID subject %q", p.Endpoint, p.TTL, p.Urgency, p.Subject)
				}
			}

			// His bell lists them, newest first, with the new conversation (in the bell only).
			bell := b.bell()
			if diff := cmp.Diff([]string{"mention", "mention", "assigned", "unassigned"}, triggers(bell)); diff != "" || bell.Unread != 4 {
				t.Errorf("Bruno's bell (-want +got):\n%s\nunread %d, want 4", diff, bell.Unread)
			}
			for _, n := range bell.Items {
				if n.ConversationID == nil || *n.ConversationID != convID || n.ReadAt != nil {
					t.Errorf("bell item %+v: want conversation %d, unread", n, convID)
				}
			}

			// Carol sees nothing of an inbox she has no access to: no notification was made for her,
			// so no push job named her browser.
			if page := c.bell(); len(page.Items) != 0 || page.Unread != 0 {
				t.Errorf("Carol's bell = %+v", page)
			}
			waitJobsIdle(t, a, switchboard.JobSendPush)
			done := a.jobsOf(switchboard.JobSendPush, switchboard.JobCompleted)
			for _, j := range done {
				var args switchboard.SendPushArgs
				_ = json.Unmarshal(j.Args, &args)
				if args.SubscriptionID != brunoSub {
					t.Errorf("a push job for subscription %d (Carol's is %d): %s", args.SubscriptionID, carolSub, j.Args)
				}
			}
			if len(done) != 3 {
				t.Errorf("%d push jobs completed, want 3", len(done))
			}
			if p := pushesTo(t, push, carolEndpoint); len(p) != 0 {
				t.Errorf("Carol's browser got %+v", p)
			}

			// Bruno's browser unsubscribed meanwhile: the push service answers 410 to the push of
			// the customer's next message, and the server forgets the browser.
			push.Expire(brunoEndpoint)
			a.do("POST", inboxPath+"/messages", obj{"from": "crm-42", "provider_id": "crm-2", "text": "Any news?"}, 201, nil)
			waitUntil(t, 60*time.Second, "Bruno's expired browser to be forgotten", func() (bool, string) {
				b.do("GET", "/api/v1/notifications/push", nil, 200, &state)
				return len(state.Subscriptions) == 0, fmt.Sprintf("%+v", state.Subscriptions)
			})
			if p := pushesTo(t, push, brunoEndpoint); len(p) != 3 {
				t.Errorf("Bruno's browser got %d pushes, want the 3 before it expired", len(p))
			}

			// One email for both mentions, once the batch's minute has passed.
			var raw []byte
			waitUntil(t, 3*time.Minute-time.Since(mentioned), "the notification email", func() (bool, string) {
				box := ms.rawInbox(t, "bruno@example.com")
				if len(box) > 0 {
					raw = box[0]
				}
				return len(box) > 0, fmt.Sprintf("%d messages", len(box))
			})
			if waited := time.Since(mentioned); waited < 50*time.Second {
				t.Errorf("the email came %s after the mentions, before the batch's minute", waited)
			}
			msg, err := netmail.ReadMessage(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := email.Parse(raw, 0)
			if err != nil {
				t.Fatal(err)
			}
			unsub := strings.TrimSuffix(strings.TrimPrefix(msg.Header.Get("List-Unsubscribe"), "<"), ">")
			convLink := a.base + link
			if parsed.Subject != "2 notifications from Switchboard" || parsed.From.Address != "notify@switchboard.test" ||
				len(parsed.To) != 1 || parsed.To[0].Address != "bruno@example.com" ||
				strings.Count(parsed.Text, "Ada Admin mentioned you") != 2 || strings.Count(parsed.Text, convLink+"\n") != 2 ||
				!strings.Contains(parsed.Text, "call the courier") || !strings.Contains(parsed.Text, "tracking number") ||
				strings.Contains(parsed.Text, "Assigned to you") || !strings.Contains(parsed.HTML, `href="`+convLink+`"`) {
				t.Errorf("notification email: subject %q, from %v, to %v\n%s", parsed.Subject, parsed.From, parsed.To, parsed.Text)
			}
			if !strings.HasPrefix(unsub, a.base+"/api/v1/notifications/unsubscribe?") || msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" ||
				!strings.Contains(parsed.Text, unsub) {
				t.Fatalf("List-Unsubscribe %q, List-Unsubscribe-Post %q", msg.Header.Get("List-Unsubscribe"), msg.Header.Get("List-Unsubscribe-Post"))
			}

			// Opening the link (or a scanner prefetching it) only asks to confirm.
			res, err := http.Get(unsub)
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(string(page), `<form method="post">`) {
				t.Errorf("GET the unsubscribe link: %d %s", res.StatusCode, page)
			}
			var settings switchboard.NotificationSettings
			b.do("GET", "/api/v1/notifications/settings", nil, 200, &settings)
			if !settings.Choice(switchboard.NotifyMention).Email {
				t.Error("opening the unsubscribe link turned the emails off")
			}

			// A mail client's one-click unsubscribe (RFC 8058): no session, the link's token only.
			forged := strings.Replace(unsub, "token=", "token=x", 1)
			for _, try := range []struct {
				url  string
				want int
			}{{forged, 403}, {unsub, 200}} {
				res, err := http.Post(try.url, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != try.want || (try.want == 200 && !strings.Contains(string(body), "Notification emails are off")) {
					t.Fatalf("POST %s: %d %s, want %d", try.url, res.StatusCode, body, try.want)
				}
			}
			settings = switchboard.NotificationSettings{}
			b.do("GET", "/api/v1/notifications/settings", nil, 200, &settings)
			for _, tr := range switchboard.NotificationTriggers {
				if ch := settings.Choice(tr); ch.Email || !ch.App {
					t.Errorf("after unsubscribing, %s = %+v; want email off, the bell kept", tr, ch)
				}
			}

			// A third mention reaches the bell and waits for no email: no row is pending, so no
			// email job is queued (it would be, in the same transaction as the notification).
			a.do("POST", conv+"/messages", obj{"note": true, "text": "Bruno, all sorted?", "mentions": []int64{brunoID}}, 201, nil)
			waitUntil(t, 60*time.Second, "the third mention in Bruno's bell", func() (bool, string) {
				got := triggers(b.bell())
				return slices.Equal(got[:min(2, len(got))], []string{"mention", "message"}), fmt.Sprint(got)
			})
			waitUntil(t, 60*time.Second, "the email job to end", func() (bool, string) {
				running := a.jobsOf(switchboard.JobSendNotificationEmail, switchboard.JobRunning)
				return len(running) == 0, fmt.Sprintf("%+v", running)
			})
			if queued := a.jobsOf(switchboard.JobSendNotificationEmail, switchboard.JobAvailable); len(queued) != 0 {
				t.Errorf("email jobs queued after unsubscribing: %+v", queued)
			}
			if sent := a.jobsOf(switchboard.JobSendNotificationEmail, switchboard.JobCompleted); len(sent) != 1 {
				t.Errorf("%d email jobs completed, want 1", len(sent))
			}
			if n := len(ms.rawInbox(t, "bruno@example.com")); n != 1 {
				t.Errorf("Bruno has %d emails, want 1", n)
			}
			for _, who := range []string{"ada@example.com", "carol@example.com"} {
				want := map[string]int{"ada@example.com": 1}[who] // Ada's test email; nobody notifies the actor
				if n := len(ms.rawInbox(t, who)); n != want {
					t.Errorf("%s has %d emails, want %d", who, n, want)
				}
			}
		})
	}
}
