package sqlstore_test

import (
	"crypto/ecdh"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// bellRouter tells ann and the admin, in the bell, of every new conversation.
func bellRouter(w *world, media string) *tableRouter {
	return &tableRouter{table: map[switchboard.EventType][]switchboard.NotifyDelivery{
		switchboard.EventConversationCreated: {to(w.ann, all(media)), to(w.admin, all(media))},
	}}
}

// notificationIDs returns a page's ids.
func notificationIDs(p *switchboard.NotificationPage) []int64 {
	out := []int64{}
	for _, n := range p.Items {
		out = append(out, n.ID)
	}
	return out
}

func TestNotificationsListAndRead(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		r := bellRouter(w, "app")
		elsa, err := db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Elsa"), Phone: ptr("+39 333 555 6666")})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []*switchboard.Contact{w.carla, w.dino, elsa} {
			w.start(t, w.superCtx, w.inbox1, c, "hi")
			followAll(t, w, r)
		}
		full := page(t, w, w.annCtx, switchboard.NotificationFilter{})
		if len(full.Items) != 3 || full.Unread != len(full.Items) || full.NextCursor != "" {
			t.Fatalf("ann's bell: %v unread %d cursor %q", titles(full), full.Unread, full.NextCursor)
		}
		ids := notificationIDs(full)
		if !slices.IsSortedFunc(ids, func(a, b int64) int { return int(b - a) }) {
			t.Fatalf("not newest first: %v", ids)
		}
		// Pages by the cursor.
		first := page(t, w, w.annCtx, switchboard.NotificationFilter{Limit: 1})
		if len(first.Items) != 1 || first.NextCursor == "" || first.Items[0].ID != ids[0] {
			t.Fatalf("first page: %v %q", notificationIDs(first), first.NextCursor)
		}
		second := page(t, w, w.annCtx, switchboard.NotificationFilter{Limit: 1, Cursor: first.NextCursor})
		if len(second.Items) != 1 || second.Items[0].ID != ids[1] {
			t.Fatalf("second page: %v", notificationIDs(second))
		}
		if _, err := db.Notifications(w.annCtx, &switchboard.NotificationFilter{Cursor: "nonsense"}); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Fatalf("a bad cursor: %v", err)
		}
		admin := page(t, w, w.adminCtx, switchboard.NotificationFilter{})
		// Marking read: another's ids are ignored.
		n, err := db.MarkNotificationsRead(w.annCtx, &switchboard.NotificationRead{IDs: []int64{ids[0], admin.Items[0].ID}})
		if err != nil || n != len(ids)-1 {
			t.Fatalf("mark read = %d, %v; want %d", n, err, len(ids)-1)
		}
		if got := page(t, w, w.adminCtx, switchboard.NotificationFilter{}); got.Unread != len(admin.Items) {
			t.Fatalf("ann marked the admin's notification read: unread %d", got.Unread)
		}
		unread := page(t, w, w.annCtx, switchboard.NotificationFilter{Unread: true})
		if diff := cmp.Diff(ids[1:], notificationIDs(unread)); diff != "" {
			t.Fatalf("unread list: %s", diff)
		}
		if got := page(t, w, w.annCtx, switchboard.NotificationFilter{}); got.Items[0].ReadAt == nil {
			t.Fatal("the notification read has no read_at")
		}
		read := eventsOf(t, w, w.annCtx, switchboard.EventNotificationRead)
		if len(read) != 1 || len(eventsOf(t, w, w.adminCtx, switchboard.EventNotificationRead)) != 0 {
			t.Fatalf("read events: ann %d", len(read))
		}
		var data struct {
			IDs    []int64 `json:"ids"`
			All    bool    `json:"all"`
			Unread int     `json:"unread"`
		}
		if err := json.Unmarshal(read[0].Data, &data); err != nil || !slices.Equal(data.IDs, ids[:1]) || data.All || data.Unread != n {
			t.Fatalf("read event data = %+v, %v", data, err)
		}
		if n, err := db.MarkNotificationsRead(w.annCtx, &switchboard.NotificationRead{All: true}); err != nil || n != 0 {
			t.Fatalf("mark all read = %d, %v", n, err)
		}
		if got := page(t, w, w.annCtx, switchboard.NotificationFilter{Unread: true}); len(got.Items) != 0 || got.Unread != 0 {
			t.Fatalf("after all read: %v", titles(got))
		}
		if _, err := db.MarkNotificationsRead(w.annCtx, &switchboard.NotificationRead{}); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Fatalf("marking nothing: %v", err)
		}
		// An inbox she no longer sees leaves her bell, and her count.
		mark := page(t, w, w.adminCtx, switchboard.NotificationFilter{})
		if mark.Unread == 0 {
			t.Fatal("the admin has nothing unread")
		}
		if _, err := db.SetInboxMembers(w.sys, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{}}); err != nil {
			t.Fatal(err)
		}
		if got := page(t, w, w.annCtx, switchboard.NotificationFilter{}); len(got.Items) != 0 || got.Unread != 0 {
			t.Fatalf("ann still sees %v of an inbox she left", titles(got))
		}
	})
}

func TestNotificationsUnreadScoped(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		w.start(t, w.superCtx, w.inbox1, w.carla, "hi")
		followAll(t, w, bellRouter(w, "app"))
		if got := page(t, w, w.annCtx, switchboard.NotificationFilter{}); got.Unread != 1 {
			t.Fatalf("unread = %d, want 1", got.Unread)
		}
		if _, err := db.SetInboxMembers(w.sys, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{}}); err != nil {
			t.Fatal(err)
		}
		if got := page(t, w, w.annCtx, switchboard.NotificationFilter{}); got.Unread != 0 || len(got.Items) != 0 {
			t.Fatalf("after leaving the inbox: unread %d, %v", got.Unread, titles(got))
		}
		if n, err := db.MarkNotificationsRead(w.annCtx, &switchboard.NotificationRead{All: true}); err != nil || n != 0 {
			t.Fatalf("mark all read = %d, %v", n, err)
		}
	})
}

func TestNotificationSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		got, err := db.NotificationSettings(w.annCtx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(switchboard.DefaultNotificationSettings(), got); diff != "" {
			t.Fatalf("an agent's first settings: %s", diff)
		}
		// Old preferences carry over until the agent saves settings.
		db.SetAgentPreferencesForTest(w.bob.ID, `{"sound":true,"desktop":true}`)
		want := switchboard.DefaultNotificationSettings()
		for _, tr := range []switchboard.NotificationTrigger{switchboard.NotifyUnassigned, switchboard.NotifyMessage} {
			c := want.Triggers[tr]
			c.Sound, c.Push = true, true
			want.Triggers[tr] = c
		}
		if got, err = db.NotificationSettings(w.bobCtx); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("derived from preferences: %s", diff)
		}
		// A round trip; what is missing reads as its default.
		in := &switchboard.NotificationSettings{Sound: "pop", Volume: 30, PushWhileActive: true,
			QuietHours: &switchboard.QuietHours{From: "22:00", To: "07:00"},
			Triggers:   map[switchboard.NotificationTrigger]switchboard.NotificationChoice{switchboard.NotifyMention: {Email: true}}}
		saved, err := db.UpdateNotificationSettings(w.bobCtx, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Triggers) != 1 {
			t.Fatal("the input was changed")
		}
		if got, err = db.NotificationSettings(w.bobCtx); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(saved, got); diff != "" {
			t.Fatalf("round trip: %s", diff)
		}
		if got.Triggers[switchboard.NotifyMention] != (switchboard.NotificationChoice{Email: true}) || !got.Triggers[switchboard.NotifyAssigned].App ||
			len(got.Triggers) != len(switchboard.NotificationTriggers) || got.Sound != "pop" || got.QuietHours.From != "22:00" {
			t.Fatalf("saved settings = %+v", got)
		}
		// Ann's are her own.
		if got, _ := db.NotificationSettings(w.annCtx); got.Sound != "chime" {
			t.Fatalf("ann's settings changed: %+v", got)
		}
		_, err = db.UpdateNotificationSettings(w.bobCtx, &switchboard.NotificationSettings{Sound: "gong", Volume: 101,
			Triggers: map[switchboard.NotificationTrigger]switchboard.NotificationChoice{"nope": {}}})
		if e, ok := err.(*switchboard.Error); !ok || e.Code != switchboard.EINVALID || e.Fields["sound"] == "" || e.Fields["volume"] == "" || e.Fields["triggers"] == "" {
			t.Fatalf("invalid settings: %v", err)
		}
		// Unsubscribing turns every email off.
		if err := db.StopNotificationEmail(w.sys, w.bob.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = db.NotificationSettings(w.bobCtx)
		for tr, c := range got.Triggers {
			if c.Email {
				t.Fatalf("%s still emails after unsubscribing", tr)
			}
		}
		if got.Sound != "pop" {
			t.Fatal("unsubscribing changed other settings")
		}
		if err := db.StopNotificationEmail(w.bobCtx, w.bob.ID); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Fatalf("an agent stopping emails through the store: %v", err)
		}
	})
}

func TestPushSubscriptions(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		a := subscribe(t, w, w.annCtx, "https://push.example.com/a")
		again := subscribe(t, w, w.annCtx, "https://push.example.com/a")
		if again.ID != a.ID {
			t.Fatalf("the same endpoint made a second row: %d, %d", a.ID, again.ID)
		}
		b := subscribe(t, w, w.annCtx, "https://push.example.com/b")
		list, err := db.PushSubscriptions(w.annCtx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID || list[0].UserAgent != "Firefox" {
			t.Fatalf("ann's browsers = %+v", list)
		}
		// The browser changes hands.
		moved := subscribe(t, w, w.bobCtx, "https://push.example.com/b")
		if moved.ID != b.ID {
			t.Fatalf("a moved browser got a new row")
		}
		if list, _ := db.PushSubscriptions(w.annCtx); len(list) != 1 || list[0].ID != a.ID {
			t.Fatalf("ann's browsers after one moved: %+v", list)
		}
		if list, _ := db.PushSubscriptions(w.bobCtx); len(list) != 1 || list[0].ID != b.ID {
			t.Fatalf("bob's browsers: %+v", list)
		}
		if err := db.UnsubscribePush(w.bobCtx, a.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Fatalf("bob removing ann's browser: %v", err)
		}
		if err := db.UnsubscribePush(w.annCtx, a.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.PushSubscriptions(w.annCtx); len(list) != 0 {
			t.Fatalf("ann's browsers after removing: %+v", list)
		}
		// Past MaxPushSubscriptions browsers, a new one replaces the oldest.
		var first *switchboard.PushSubscription
		for i := range switchboard.MaxPushSubscriptions + 1 {
			s := subscribe(t, w, w.annCtx, fmt.Sprintf("https://push.example.com/many/%d", i))
			if i == 0 {
				first = s
			}
		}
		list, err = db.PushSubscriptions(w.annCtx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != switchboard.MaxPushSubscriptions || list[0].ID == first.ID {
			t.Fatalf("ann kept %d browsers (oldest %d, first made %d), want the newest %d", len(list), list[0].ID, first.ID, switchboard.MaxPushSubscriptions)
		}
		bad := &switchboard.PushSubscriptionInput{Endpoint: "ftp://x"}
		if _, err := db.SubscribePush(w.annCtx, bad); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Fatalf("a bad subscription: %v", err)
		}
	})
}

func TestNotificationsActive(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		r := bellRouter(w, "app")
		active := func(c *switchboard.Contact) bool {
			t.Helper()
			w.start(t, w.superCtx, w.inbox1, c, "hi")
			followAll(t, w, r)
			return r.lastFacts().Agents[w.ann.ID].Active
		}
		if err := db.SetActive(w.annCtx, true); err != nil {
			t.Fatal(err)
		}
		if !active(w.carla) {
			t.Fatal("ann is not active after saying so")
		}
		clock.Add(switchboard.NotificationActiveFor + time.Second)
		if active(w.dino) {
			t.Fatal("ann is still active after NotificationActiveFor")
		}
		if err := db.SetActive(w.annCtx, true); err != nil {
			t.Fatal(err)
		}
		if err := db.SetActive(w.annCtx, false); err != nil {
			t.Fatal(err)
		}
		c, err := db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Elsa"), Phone: ptr("+39 333 555 6666")})
		if err != nil {
			t.Fatal(err)
		}
		if active(c) {
			t.Fatal("ann is still active after saying she left")
		}
		if err := db.SetActive(w.sys, true); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Fatalf("the system being active: %v", err)
		}
	})
}

func TestVAPIDKeys(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.VAPIDKeys(w.adminCtx); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Fatalf("an admin reading the private key: %v", err)
		}
		// Nodes making the keys at once all end up with one pair.
		keys := make([]*switchboard.VAPIDKeys, 4)
		var wg sync.WaitGroup
		for i := range keys {
			wg.Go(func() {
				k, err := db.VAPIDKeys(w.sys)
				if err != nil {
					t.Error(err)
					return
				}
				keys[i] = k
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		for _, k := range keys[1:] {
			if *k != *keys[0] {
				t.Fatalf("two pairs made at once: %s and %s", k.Public, keys[0].Public)
			}
		}
		pub, err := db.VAPIDPublicKey(w.annCtx)
		if err != nil {
			t.Fatal(err)
		}
		k1, err := db.VAPIDKeys(w.sys)
		if err != nil {
			t.Fatal(err)
		}
		k2, err := db.VAPIDKeys(w.sys)
		if err != nil {
			t.Fatal(err)
		}
		if *k1 != *k2 || k1.Public != pub {
			t.Fatalf("the keys changed: %v %v %s", k1.Public, k2.Public, pub)
		}
		raw, err := base64.RawURLEncoding.DecodeString(k1.Private)
		if err != nil {
			t.Fatal(err)
		}
		priv, err := ecdh.P256().NewPrivateKey(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := base64.RawURLEncoding.EncodeToString(priv.PublicKey().Bytes()); got != k1.Public {
			t.Fatal("the public key is not the private key's")
		}
	})
}

func TestPushDelivery(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		sa := subscribe(t, w, w.annCtx, "https://push.example.com/ann")
		sb := subscribe(t, w, w.bobCtx, "https://push.example.com/bob")
		r := &tableRouter{table: map[switchboard.EventType][]switchboard.NotifyDelivery{
			switchboard.EventConversationCreated: {to(w.ann, all("app push")), to(w.bob, all("push"))},
		}}
		w.start(t, w.superCtx, w.inbox1, w.carla, "hi")
		w.start(t, w.superCtx, w.inbox2, w.dino, "hi")
		followAll(t, w, r)
		mine := page(t, w, w.annCtx, switchboard.NotificationFilter{})
		if len(mine.Items) != 1 {
			t.Fatalf("ann's bell: %v", titles(mine))
		}
		n := mine.Items[0]
		if _, err := db.PushDelivery(w.annCtx, switchboard.SendPushArgs{NotificationID: n.ID, SubscriptionID: sa.ID}); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Fatalf("an agent loading a push: %v", err)
		}
		d, err := db.PushDelivery(w.sys, switchboard.SendPushArgs{NotificationID: n.ID, SubscriptionID: sa.ID})
		if err != nil {
			t.Fatal(err)
		}
		if d.Notification.ID != n.ID || d.Subscription.ID != sa.ID || d.P256dh == "" || d.Auth == "" || d.AgentLanguage != "en" || d.Notification.Title != n.Title {
			t.Fatalf("push delivery = %+v", d)
		}
		// Another agent's browser never gets her notification.
		if _, err := db.PushDelivery(w.sys, switchboard.SendPushArgs{NotificationID: n.ID, SubscriptionID: sb.ID}); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Fatalf("ann's notification to bob's browser: %v", err)
		}
		if err := db.PushSent(w.sys, sa.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.PushSubscriptions(w.annCtx); list[0].LastPush == nil {
			t.Fatal("no last push after PushSent")
		}
		// Lost access to the inbox.
		if _, err := db.SetInboxMembers(w.sys, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PushDelivery(w.sys, switchboard.SendPushArgs{NotificationID: n.ID, SubscriptionID: sa.ID}); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Fatalf("a push of an inbox ann left: %v", err)
		}
		if _, err := db.SetInboxMembers(w.sys, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.ann.ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PushDelivery(w.sys, switchboard.SendPushArgs{NotificationID: n.ID, SubscriptionID: sa.ID}); err != nil {
			t.Fatalf("back in the inbox: %v", err)
		}
		// The subscription gone.
		if err := db.PushGone(w.sys, sa.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PushDelivery(w.sys, switchboard.SendPushArgs{NotificationID: n.ID, SubscriptionID: sa.ID}); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Fatalf("a push to a gone subscription: %v", err)
		}
		// The agent deleted: bob's browsers and notifications go.
		var bobs int64
		for _, k := range db.JobKeysForTest(switchboard.JobSendPush) {
			var nid, sid int64
			if _, err := fmt.Sscanf(k, "push:%d:%d", &nid, &sid); err == nil && sid == sb.ID {
				bobs = nid
			}
		}
		if bobs == 0 {
			t.Fatal("no push job for bob")
		}
		if _, err := db.PushDelivery(w.sys, switchboard.SendPushArgs{NotificationID: bobs, SubscriptionID: sb.ID}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteAgent(w.adminCtx, w.bob.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PushDelivery(w.sys, switchboard.SendPushArgs{NotificationID: bobs, SubscriptionID: sb.ID}); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Fatalf("a push to a deleted agent: %v", err)
		}
		if got := db.CountRowsForTest("push_subscriptions"); got != 0 {
			t.Fatalf("%d subscriptions left", got)
		}
		if got := db.CountRowsForTest("notifications"); got != 1 {
			t.Fatalf("%d notifications left, want ann's", got)
		}
	})
}
