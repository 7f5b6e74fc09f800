package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
)

// world is a small organisation for conversation tests: an admin, a supervisor, and two agents
// who each belong to one of two WhatsApp inboxes (Bob through a team), with a contact in each.
type world struct {
	db                     *sqlstore.DB
	sys                    context.Context
	admin, super, ann, bob *switchboard.Agent
	adminCtx, superCtx     context.Context
	annCtx, bobCtx         context.Context
	inbox1, inbox2         *switchboard.Inbox
	team                   *switchboard.Team
	carla, dino            *switchboard.Contact
}

func ptr[T any](v T) *T { return &v }

func newWorld(t *testing.T, db *sqlstore.DB) *world {
	t.Helper()
	w := &world{db: db, sys: switchboard.NewSystemContext(context.Background())}
	mk := func(name string, role switchboard.Role) (*switchboard.Agent, context.Context) {
		a, err := db.CreateAgent(w.sys, &switchboard.AgentCreate{Name: name, Email: name + "@team.test", Role: role,
			Password: "correct horse battery", TimeZone: "Europe/Rome"})
		if err != nil {
			t.Fatalf("create agent %s: %v", name, err)
		}
		return a, switchboard.NewContextWithAgent(context.Background(), a)
	}
	w.admin, w.adminCtx = mk("admin", switchboard.RoleAdmin)
	w.super, w.superCtx = mk("super", switchboard.RoleSupervisor)
	w.ann, w.annCtx = mk("ann", switchboard.RoleAgent)
	w.bob, w.bobCtx = mk("bob", switchboard.RoleAgent)

	var err error
	if w.inbox1, err = db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Sales")}); err != nil {
		t.Fatal(err)
	}
	if w.inbox2, err = db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Support")}); err != nil {
		t.Fatal(err)
	}
	if w.team, err = db.CreateTeam(w.sys, &switchboard.TeamInput{Name: ptr("Tier 1"), AgentIDs: &[]int64{w.bob.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err = db.SetInboxMembers(w.sys, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.ann.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err = db.SetInboxMembers(w.sys, w.inbox2.ID, &switchboard.InboxMembers{TeamIDs: []int64{w.team.ID}}); err != nil {
		t.Fatal(err)
	}
	if w.carla, err = db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Carla Rossi"), Phone: ptr("+39 333 111 2222")}); err != nil {
		t.Fatal(err)
	}
	if w.dino, err = db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Dino Bianchi"), Phone: ptr("+39 333 999 8888")}); err != nil {
		t.Fatal(err)
	}
	return w
}

// start opens a conversation as agent ctx with contact c in inbox i.
func (w *world) start(t *testing.T, ctx context.Context, i *switchboard.Inbox, c *switchboard.Contact, text string) *switchboard.Conversation {
	t.Helper()
	conv, _, err := w.db.CreateConversation(ctx, &switchboard.ConversationCreate{InboxID: i.ID, ContactID: c.ID, Text: text})
	if err != nil {
		t.Fatalf("start conversation: %v", err)
	}
	return conv
}

// wantCode fails unless err carries the domain error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := switchboard.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// fakeClock is a clock tests move by hand.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time      { return c.now }
func (c *fakeClock) Add(d time.Duration) { c.now = c.now.Add(d) }
func (c *fakeClock) String() string      { return fmt.Sprint(c.now) }

// rules are channel rules for tests: the same media limits and capabilities on every kind.
type rules struct {
	media switchboard.MediaLimits
	caps  switchboard.ChannelCapabilities
}

func (r rules) MediaLimits(switchboard.ChannelKind) switchboard.MediaLimits          { return r.media }
func (r rules) ValidateSettings(switchboard.ChannelKind, json.RawMessage) error      { return nil }
func (r rules) Capabilities(switchboard.ChannelKind) switchboard.ChannelCapabilities { return r.caps }
func (r rules) Destinations(switchboard.ChannelKind, json.RawMessage) []switchboard.Destination {
	return nil
}
func (r rules) SettingsWarnings(switchboard.ChannelKind, json.RawMessage) []string { return nil }
func (r rules) ExtendedWindow(*switchboard.Inbox) time.Duration                    { return 0 }
func (r rules) ChecksCredentials(switchboard.ChannelKind) bool                     { return false }
func (r rules) FetchesProfiles(switchboard.ChannelKind) bool                       { return false }
func (r rules) OAuthProvider(switchboard.ChannelKind, json.RawMessage) string      { return "" }

// receiveAtOnce delivers n webhooks at once (batch(i) is the i-th), so that several share a
// transaction (see updateGrouped), and fails t if any delivery fails.
func receiveAtOnce(t *testing.T, db *sqlstore.DB, ch context.Context, n int, batch func(i int) *switchboard.InboundBatch) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.ReceiveBatch(ch, batch(i))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
