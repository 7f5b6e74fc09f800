package sqlstore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// identityKeys lists a contact's identities as "kind:external_id", in order.
func identityKeys(c *switchboard.Contact) []string {
	out := []string{}
	for _, i := range c.Identities {
		out = append(out, string(i.Kind)+":"+i.ExternalID)
	}
	return out
}

func TestContactRoundTrip(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		c, err := db.CreateContact(s.ann, &switchboard.ContactInput{Name: ptr(" Carla Rossi "), Email: ptr(" Carla@Example.COM"),
			Phone: ptr("+39 333 111 2222"), Language: ptr("it"), Attributes: json.RawMessage(`{ "plan": "pro" }`),
			Identities: []switchboard.IdentityInput{
				{Kind: switchboard.IdentityPhone, ExternalID: "whatsapp:+393331112222"}, // the phone again: kept once
				{Kind: switchboard.IdentityTelegram, ExternalID: "carla_r"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "Carla Rossi" || c.Email != "carla@example.com" || c.Phone != "+393331112222" || c.Language != "it" ||
			string(c.Attributes) != `{"plan":"pro"}` || c.Blocked {
			t.Errorf("created = %+v", c)
		}
		if diff := cmp.Diff([]string{"phone:+393331112222", "telegram:carla_r", "email:carla@example.com"}, identityKeys(c)); diff != "" {
			t.Errorf("identities (-want +got):\n%s", diff)
		}
		for _, i := range c.Identities {
			if i.ContactID != c.ID || i.ID == 0 {
				t.Errorf("identity %+v does not belong to contact %d", i, c.ID)
			}
		}
		got, err := db.FindContactByID(s.bob, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("read back (-created +read):\n%s", diff)
		}

		bare, err := db.CreateContact(s.sys, &switchboard.ContactInput{})
		if err != nil {
			t.Fatal(err)
		}
		if string(bare.Attributes) != "{}" || bare.Identities == nil || len(bare.Identities) != 0 {
			t.Errorf("contact without details = %+v", bare)
		}

		for _, tt := range []struct {
			name   string
			in     switchboard.ContactInput
			change func(c *switchboard.Contact)
		}{
			{"rename", switchboard.ContactInput{Name: ptr("Carla R.")}, func(c *switchboard.Contact) { c.Name = "Carla R." }},
			{"block and replace attributes", switchboard.ContactInput{Blocked: ptr(true), Attributes: json.RawMessage(`{"plan":"free","seats":3}`)},
				func(c *switchboard.Contact) {
					c.Blocked, c.Attributes = true, json.RawMessage(`{"plan":"free","seats":3}`)
				}},
			{"new preferred email leaves the identities", switchboard.ContactInput{Email: ptr("carla@work.test")},
				func(c *switchboard.Contact) { c.Email = "carla@work.test" }},
			{"identities are ignored on update", switchboard.ContactInput{Identities: []switchboard.IdentityInput{{Kind: switchboard.IdentityWeb, ExternalID: "v1"}}},
				func(*switchboard.Contact) {}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				before, err := db.FindContactByID(s.ann, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				up, err := db.UpdateContact(s.ann, c.ID, &tt.in)
				if err != nil {
					t.Fatal(err)
				}
				tt.change(before)
				if diff := cmp.Diff(before, up, cmpopts.IgnoreFields(switchboard.Contact{}, "UpdatedAt")); diff != "" {
					t.Errorf("updated (-want +got):\n%s", diff)
				}
				read, err := db.FindContactByID(s.ann, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(up, read); diff != "" {
					t.Errorf("read back (-updated +read):\n%s", diff)
				}
			})
		}

		t.Run("identities", func(t *testing.T) {
			web, err := db.AddIdentity(s.ann, c.ID, &switchboard.IdentityInput{Kind: switchboard.IdentityEmail, ExternalID: " Carla@Work.test "})
			if err != nil {
				t.Fatal(err)
			}
			if web.ExternalID != "carla@work.test" || web.ContactID != c.ID {
				t.Errorf("added identity = %+v", web)
			}
			got, err := db.FindContactByID(s.ann, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(web, got.Identities[len(got.Identities)-1]); diff != "" {
				t.Errorf("read back (-added +read):\n%s", diff)
			}
			wantCode(t, db.DeleteIdentity(s.ann, bare.ID, web.ID), switchboard.ENOTFOUND) // another contact's identity
			if err := db.DeleteIdentity(s.ann, c.ID, web.ID); err != nil {
				t.Fatal(err)
			}
			wantCode(t, db.DeleteIdentity(s.ann, c.ID, web.ID), switchboard.ENOTFOUND)
			if got, err = db.FindContactByID(s.ann, c.ID); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"phone:+393331112222", "telegram:carla_r", "email:carla@example.com"}, identityKeys(got)); diff != "" {
				t.Errorf("identities after delete (-want +got):\n%s", diff)
			}
		})

		t.Run("only admins delete", func(t *testing.T) {
			wantCode(t, db.DeleteContact(s.super, c.ID), switchboard.EFORBIDDEN)
			if err := db.DeleteContact(s.admin, c.ID); err != nil {
				t.Fatal(err)
			}
			_, err := db.FindContactByID(s.admin, c.ID)
			wantCode(t, err, switchboard.ENOTFOUND)
			wantCode(t, db.DeleteContact(s.admin, c.ID), switchboard.ENOTFOUND)
			if n := db.CountRowsForTest("identities"); n != 0 {
				t.Errorf("%d identities left after deleting their contact", n)
			}
			// The address is free again.
			if _, err := db.CreateContact(s.ann, &switchboard.ContactInput{Phone: ptr("+393331112222")}); err != nil {
				t.Errorf("reuse the deleted contact's phone: %v", err)
			}
		})

		for typ, want := range map[switchboard.EventType]int{
			// The erased contact's own events are emptied (see DeleteContact): the other two contacts'
			// creations are left, and the deletion.
			switchboard.EventContactCreated: 2, switchboard.EventContactUpdated: 0, switchboard.EventContactDeleted: 1,
			switchboard.EventErased: 7,
		} {
			if n := countEvents(t, db, typ); n != want {
				t.Errorf("%d %s events, want %d", n, typ, want)
			}
		}
	})
}

func TestContactErrors(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		carla, err := db.CreateContact(s.ann, &switchboard.ContactInput{Name: ptr("Carla"), Email: ptr("carla@example.com"),
			Phone: ptr("+393331112222"), Identities: []switchboard.IdentityInput{{Kind: switchboard.IdentityTelegram, ExternalID: "carla_r"}}})
		if err != nil {
			t.Fatal(err)
		}
		dino, err := db.CreateContact(s.ann, &switchboard.ContactInput{Name: ptr("Dino")})
		if err != nil {
			t.Fatal(err)
		}
		events := countEvents(t, db, switchboard.EventContactCreated) + countEvents(t, db, switchboard.EventContactUpdated)
		for _, tt := range []struct {
			name  string
			call  func() error
			code  string
			field string
			says  string // the message names the identity
		}{
			{"no actor", func() error {
				_, err := db.FindContacts(context.Background(), switchboard.ContactFilter{})
				return err
			}, switchboard.EUNAUTHORIZED, "", ""},
			{"bad email", func() error {
				_, err := db.CreateContact(s.ann, &switchboard.ContactInput{Email: ptr("not-an-email")})
				return err
			}, switchboard.EINVALID, "email", ""},
			{"bad phone", func() error {
				_, err := db.UpdateContact(s.ann, carla.ID, &switchboard.ContactInput{Phone: ptr("call me")})
				return err
			}, switchboard.EINVALID, "phone", ""},
			{"attributes not an object", func() error {
				_, err := db.CreateContact(s.ann, &switchboard.ContactInput{Attributes: json.RawMessage(`"x"`)})
				return err
			}, switchboard.EINVALID, "attributes", ""},
			{"bad identity kind", func() error {
				_, err := db.CreateContact(s.ann, &switchboard.ContactInput{Identities: []switchboard.IdentityInput{{Kind: "pager", ExternalID: "1"}}})
				return err
			}, switchboard.EINVALID, "identities", ""},
			{"phone of another contact", func() error {
				_, err := db.CreateContact(s.ann, &switchboard.ContactInput{Name: ptr("Eve"), Phone: ptr("+39 333 111 2222")})
				return err
			}, switchboard.ECONFLICT, "phone", "+393331112222"},
			{"email of another contact", func() error {
				_, err := db.CreateContact(s.ann, &switchboard.ContactInput{Name: ptr("Eve"), Email: ptr("CARLA@example.com")})
				return err
			}, switchboard.ECONFLICT, "email", "carla@example.com"},
			{"identity of another contact, after a free one", func() error {
				_, err := db.CreateContact(s.ann, &switchboard.ContactInput{Name: ptr("Eve"), Identities: []switchboard.IdentityInput{
					{Kind: switchboard.IdentityWeb, ExternalID: "visitor-1"}, {Kind: switchboard.IdentityTelegram, ExternalID: "carla_r"}}})
				return err
			}, switchboard.ECONFLICT, "identities", "carla_r"},
			{"add an identity another contact has", func() error {
				_, err := db.AddIdentity(s.ann, dino.ID, &switchboard.IdentityInput{Kind: switchboard.IdentityTelegram, ExternalID: "carla_r"})
				return err
			}, switchboard.ECONFLICT, "external_id", "carla_r"},
			{"add an identity the contact has", func() error {
				_, err := db.AddIdentity(s.ann, carla.ID, &switchboard.IdentityInput{Kind: switchboard.IdentityPhone, ExternalID: "00393331112222"})
				return err
			}, switchboard.ECONFLICT, "external_id", "+393331112222"},
			{"add an invalid identity", func() error {
				_, err := db.AddIdentity(s.ann, dino.ID, &switchboard.IdentityInput{Kind: switchboard.IdentityEmail, ExternalID: "nope"})
				return err
			}, switchboard.EINVALID, "external_id", ""},
			{"add to an unknown contact", func() error {
				_, err := db.AddIdentity(s.ann, 9999, &switchboard.IdentityInput{Kind: switchboard.IdentityWeb, ExternalID: "v"})
				return err
			}, switchboard.ENOTFOUND, "", ""},
			{"update unknown", func() error {
				_, err := db.UpdateContact(s.ann, 9999, &switchboard.ContactInput{Name: ptr("x")})
				return err
			}, switchboard.ENOTFOUND, "", ""},
			{"find unknown", func() error {
				_, err := db.FindContactByID(s.ann, 9999)
				return err
			}, switchboard.ENOTFOUND, "", ""},
			{"agent deletes", func() error { return db.DeleteContact(s.ann, dino.ID) }, switchboard.EFORBIDDEN, "", ""},
			{"bad cursor", func() error {
				_, err := db.FindContacts(s.ann, switchboard.ContactFilter{Cursor: "garbage!"})
				return err
			}, switchboard.EINVALID, "cursor", ""},
			{"limit too large", func() error {
				_, err := db.FindContacts(s.ann, switchboard.ContactFilter{Limit: 101})
				return err
			}, switchboard.EINVALID, "limit", ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.call()
				wantFieldErr(t, err, tt.code, tt.field)
				if tt.says != "" && !strings.Contains(switchboard.ErrorMessage(err), tt.says) {
					t.Errorf("message %q does not name %q", switchboard.ErrorMessage(err), tt.says)
				}
			})
		}
		// Nothing above wrote anything: no half-created contact, no stray identity, no event.
		if n := db.CountRowsForTest("contacts"); n != 2 {
			t.Errorf("%d contacts after failed requests, want 2", n)
		}
		if n := db.CountRowsForTest("identities"); n != 3 {
			t.Errorf("%d identities after failed requests, want 3", n)
		}
		if n := countEvents(t, db, switchboard.EventContactCreated) + countEvents(t, db, switchboard.EventContactUpdated); n != events {
			t.Errorf("failed requests wrote %d contact events", n-events)
		}
	})
}

func TestFindContacts(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		ctx := switchboard.NewContextWithAgent(context.Background(), &switchboard.Agent{ID: 1, Role: switchboard.RoleAgent})
		var all []int64 // newest first
		for i, c := range []switchboard.ContactInput{
			{Name: ptr("Carla Rossi"), Phone: ptr("+39 333 111 2222")},
			{Name: ptr("Dino Bianchi"), Email: ptr("dino@example.com")},
			{Name: ptr("100% Real Person")},
			{Name: ptr("Ezio_Greco")},
			{Name: ptr("EZIOXGRECO")},
			{Email: ptr("carlos@shop.test")},
			{Name: ptr("Fabio Neri")},
		} {
			if i%3 != 2 { // some contacts share a creation time: the id breaks the tie
				clock.Add(time.Second)
			}
			c, err := db.CreateContact(ctx, &c)
			if err != nil {
				t.Fatal(err)
			}
			all = append([]int64{c.ID}, all...)
		}

		t.Run("pages", func(t *testing.T) {
			var got []int64
			cursor, pages := "", 0
			for {
				page, err := db.FindContacts(ctx, switchboard.ContactFilter{Limit: 3, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, c := range page.Items {
					got = append(got, c.ID)
				}
				if page.NextCursor == "" {
					break
				}
				if pages > 5 {
					t.Fatal("pagination does not end")
				}
				cursor = page.NextCursor
			}
			if diff := cmp.Diff(all, got); diff != "" {
				t.Errorf("all pages, newest first (-want +got):\n%s", diff)
			}
			if pages != 3 {
				t.Errorf("%d pages of 3 for 7 contacts, want 3", pages)
			}
		})
		t.Run("a full last page has no next cursor", func(t *testing.T) {
			page, err := db.FindContacts(ctx, switchboard.ContactFilter{Limit: 7})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != 7 || page.NextCursor != "" {
				t.Errorf("%d items, next cursor %q", len(page.Items), page.NextCursor)
			}
		})
		t.Run("identities come with each contact", func(t *testing.T) {
			page, err := db.FindContacts(ctx, switchboard.ContactFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page.Items {
				want := []string{}
				if c.Phone != "" {
					want = append(want, "phone:"+c.Phone)
				}
				if c.Email != "" {
					want = append(want, "email:"+c.Email)
				}
				if diff := cmp.Diff(want, identityKeys(c)); diff != "" {
					t.Errorf("contact %d identities (-want +got):\n%s", c.ID, diff)
				}
			}
		})

		names := func(t *testing.T, f switchboard.ContactFilter) []string {
			t.Helper()
			page, err := db.FindContacts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := []string{}
			for _, c := range page.Items {
				out = append(out, c.Name+c.Email)
			}
			return out
		}
		for _, tt := range []struct {
			name, q string
			want    []string
		}{
			{"name, any case", "ROSSI", []string{"Carla Rossi"}},
			{"name or email", "carl", []string{"carlos@shop.test", "Carla Rossi"}},
			{"email", "example.com", []string{"Dino Bianchidino@example.com"}},
			{"phone digits as people type them", "333 111-2", []string{"Carla Rossi"}},
			{"percent is literal", "100%", []string{"100% Real Person"}},
			{"underscore is literal", "ezio_", []string{"Ezio_Greco"}},
			{"no match", "zebra", []string{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if diff := cmp.Diff(tt.want, names(t, switchboard.ContactFilter{Query: tt.q})); diff != "" {
					t.Errorf("query %q (-want +got):\n%s", tt.q, diff)
				}
			})
		}
		t.Run("query pages too", func(t *testing.T) {
			page, err := db.FindContacts(ctx, switchboard.ContactFilter{Query: "e", Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			rest, err := db.FindContacts(ctx, switchboard.ContactFilter{Query: "e", Limit: 100, Cursor: page.NextCursor})
			if err != nil {
				t.Fatal(err)
			}
			all, err := db.FindContacts(ctx, switchboard.ContactFilter{Query: "e", Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			idsOf := func(cs []*switchboard.Contact) []int64 {
				out := []int64{}
				for _, c := range cs {
					out = append(out, c.ID)
				}
				return out
			}
			if len(page.Items) != 2 {
				t.Errorf("first page has %d items, want 2", len(page.Items))
			}
			if diff := cmp.Diff(idsOf(all.Items), idsOf(append(page.Items, rest.Items...))); diff != "" {
				t.Errorf("two pages against one (-one +two):\n%s", diff)
			}
		})
	})
}

// Events about a contact reach those who see one of its conversations, as the contact does: an
// agent of another inbox does not learn of a change to a customer they cannot see. Outgoing
// webhooks get each change once.
func TestContactEventsFollowItsConversations(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		hook, _ := newWebhook(t, db, switchboard.WebhookInput{URL: ptr("https://hooks.example.com/in"),
			Events: &[]switchboard.EventType{switchboard.EventContactUpdated}})
		w.start(t, w.bobCtx, w.inbox2, w.dino, "Hello Dino")
		w.start(t, w.superCtx, w.inbox2, w.dino, "A second thread")
		if _, err := db.UpdateContact(w.bobCtx, w.dino.ID, &switchboard.ContactInput{Name: ptr("Dino B. (VIP)")}); err != nil {
			t.Fatal(err)
		}
		updates := func(ctx context.Context) int {
			evs, err := db.FindEvents(ctx, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range evs {
				if e.Type == switchboard.EventContactUpdated && strings.Contains(string(e.Data), "VIP") {
					n++
				}
			}
			return n
		}
		if n := updates(w.annCtx); n != 0 {
			t.Errorf("Ann, who sees no conversation of Dino's, sees %d of his changes", n)
		}
		if n := updates(w.bobCtx); n != 1 {
			t.Errorf("Bob sees %d of Dino's changes, want 1", n)
		}
		// Dino writes to Sales too: now Ann sees his changes, and a webhook still gets one.
		w.start(t, w.adminCtx, w.inbox1, w.dino, "Hello from Sales")
		if _, err := db.UpdateContact(w.bobCtx, w.dino.ID, &switchboard.ContactInput{Name: ptr("Dino B. (VIP 2)")}); err != nil {
			t.Fatal(err)
		}
		if n := updates(w.annCtx); n != 1 {
			t.Errorf("Ann sees %d of Dino's changes since he wrote to Sales, want 1", n)
		}
		page, err := db.FindWebhookDeliveries(w.sys, hook.ID, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 2 {
			t.Errorf("the webhook got %d deliveries for 2 changes", len(page.Items))
		}
	})
}
