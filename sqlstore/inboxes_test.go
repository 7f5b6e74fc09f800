package sqlstore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

var ignoreInboxTimes = cmpopts.IgnoreFields(switchboard.Inbox{}, "CreatedAt", "UpdatedAt")

func TestInboxRoundTripAndSecrets(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		in, err := db.CreateInbox(s.admin, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr(" Sales "),
			Settings: json.RawMessage(`{ "phone_number_id": "123",  "api": "v19" }`),
			Secrets:  map[string]string{"access_token": "EAAG-very-secret", "app_secret": "shh-app-secret", "unset": ""}})
		if err != nil {
			t.Fatal(err)
		}
		want := &switchboard.Inbox{ID: in.ID, Kind: switchboard.ChannelWhatsApp, Name: "Sales",
			Settings: json.RawMessage(`{"phone_number_id":"123","api":"v19"}`), SecretNames: []string{"access_token", "app_secret"},
			Assistant: switchboard.DefaultInboxAssistant}
		if diff := cmp.Diff(want, in, ignoreInboxTimes); diff != "" {
			t.Errorf("created inbox (-want +got):\n%s", diff)
		}
		got, err := db.FindInboxByID(s.super, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(in, got); diff != "" {
			t.Errorf("read back (-created +read):\n%s", diff)
		}
		bare, err := db.CreateInbox(s.sys, &switchboard.InboxInput{Kind: switchboard.ChannelEmail, Name: ptr("Billing")})
		if err != nil {
			t.Fatal(err)
		}
		if string(bare.Settings) != "{}" || bare.SecretNames == nil || len(bare.SecretNames) != 0 {
			t.Errorf("inbox without settings or secrets = %+v", bare)
		}
		if raw := db.RawInboxSecretsForTest(bare.ID); raw != "" {
			t.Errorf("inbox without secrets stores %q", raw)
		}

		t.Run("secrets are sealed at rest", func(t *testing.T) {
			raw := db.RawInboxSecretsForTest(in.ID)
			for _, clear := range []string{"EAAG-very-secret", "shh-app-secret", "access_token"} {
				if raw == "" || strings.Contains(raw, clear) {
					t.Errorf("stored secrets %q reveal %q", raw, clear)
				}
			}
		})
		t.Run("only the system reads secrets", func(t *testing.T) {
			got, err := db.InboxSecrets(s.sys, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string]string{"access_token": "EAAG-very-secret", "app_secret": "shh-app-secret"}, got); diff != "" {
				t.Errorf("secrets (-want +got):\n%s", diff)
			}
			for name, ctx := range map[string]context.Context{"admin": s.admin, "supervisor": s.super, "agent": s.ann} {
				_, err := db.InboxSecrets(ctx, in.ID)
				if switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
					t.Errorf("%s reading secrets: %v, want forbidden", name, err)
				}
			}
			_, err = db.InboxSecrets(s.sys, 9999)
			wantCode(t, err, switchboard.ENOTFOUND)
		})
		t.Run("a channel reads its inbox with the secrets, remembered", func(t *testing.T) {
			for name, ctx := range map[string]context.Context{"admin": s.admin, "agent": s.ann} {
				_, _, err := db.ChannelInbox(ctx, in.ID)
				if switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
					t.Errorf("%s reading a channel's inbox: %v, want forbidden", name, err)
				}
			}
			got, secrets, err := db.ChannelInbox(s.sys, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(in, got); diff != "" || secrets["app_secret"] != "shh-app-secret" {
				t.Errorf("channel's inbox (-want +got):\n%s\nsecrets %v", diff, secrets)
			}
			// InboxSecrets hands out a map of the caller's own: changing it changes nothing kept.
			mine, err := db.InboxSecrets(s.sys, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			mine["app_secret"] = "scribbled"
			if again, _ := db.InboxSecrets(s.sys, in.ID); again["app_secret"] != "shh-app-secret" {
				t.Errorf("a caller's change reached the remembered secrets: %v", again)
			}
			_, _, err = db.ChannelInbox(s.sys, 9999)
			wantCode(t, err, switchboard.ENOTFOUND)
		})
		t.Run("sealed secrets are bound to their inbox", func(t *testing.T) {
			db.SetRawInboxSecretsForTest(bare.ID, db.RawInboxSecretsForTest(in.ID))
			if _, err := db.InboxSecrets(s.sys, bare.ID); err == nil {
				t.Error("secrets copied from another inbox opened")
			}
			db.SetRawInboxSecretsForTest(bare.ID, "")
		})

		for _, tt := range []struct {
			name     string
			in       switchboard.InboxInput
			names    []string
			secrets  map[string]string
			settings string
		}{
			{"rename leaves settings and secrets", switchboard.InboxInput{Name: ptr("Sales IT")},
				[]string{"access_token", "app_secret"},
				map[string]string{"access_token": "EAAG-very-secret", "app_secret": "shh-app-secret"},
				`{"phone_number_id":"123","api":"v19"}`},
			{"set one secret, delete another, add a third", switchboard.InboxInput{Secrets: map[string]string{
				"access_token": "EAAG-rotated", "app_secret": "", "verify_token": "v"}},
				[]string{"access_token", "verify_token"},
				map[string]string{"access_token": "EAAG-rotated", "verify_token": "v"},
				`{"phone_number_id":"123","api":"v19"}`},
			{"replace settings", switchboard.InboxInput{Settings: json.RawMessage(`{"phone_number_id": "456"}`)},
				[]string{"access_token", "verify_token"},
				map[string]string{"access_token": "EAAG-rotated", "verify_token": "v"},
				`{"phone_number_id":"456"}`},
			{"delete every secret", switchboard.InboxInput{Secrets: map[string]string{"access_token": "", "verify_token": "", "never_set": ""}},
				[]string{}, map[string]string{}, `{"phone_number_id":"456"}`},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.UpdateInbox(s.admin, in.ID, &tt.in)
				if err != nil {
					t.Fatal(err)
				}
				want := &switchboard.Inbox{ID: in.ID, Kind: switchboard.ChannelWhatsApp, Name: "Sales IT",
					Settings: json.RawMessage(tt.settings), SecretNames: tt.names, Assistant: switchboard.DefaultInboxAssistant}
				if diff := cmp.Diff(want, got, ignoreInboxTimes); diff != "" {
					t.Errorf("updated (-want +got):\n%s", diff)
				}
				read, err := db.FindInboxByID(s.admin, in.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(got, read); diff != "" {
					t.Errorf("read back (-updated +read):\n%s", diff)
				}
				secrets, err := db.InboxSecrets(s.sys, in.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.secrets, secrets); diff != "" {
					t.Errorf("secrets (-want +got):\n%s", diff)
				}
			})
		}

		list, err := db.FindInboxes(s.admin)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*switchboard.Inbox{bare, in}, list, cmpopts.IgnoreFields(switchboard.Inbox{}, "UpdatedAt", "Name", "Settings", "SecretNames")); diff != "" {
			t.Errorf("FindInboxes (-want +got):\n%s", diff)
		}

		// The inbox's events carry its id, so only those who see it receive them.
		evs, err := db.FindEvents(s.sys, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range evs {
			if e.Type == switchboard.EventInboxChanged && e.InboxID != nil && *e.InboxID == in.ID {
				n++
			}
		}
		if n != 5 {
			t.Errorf("%d inbox.changed events for inbox %d, want 5 (create and 4 updates)", n, in.ID)
		}
	})
}

func TestInboxErrors(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		in, err := db.CreateInbox(s.admin, &switchboard.InboxInput{Kind: switchboard.ChannelSMS, Name: ptr("SMS"),
			Secrets: map[string]string{"auth_token": "tok"}})
		if err != nil {
			t.Fatal(err)
		}
		sealed := db.RawInboxSecretsForTest(in.ID)
		events := countEvents(t, db, switchboard.EventInboxChanged)
		for _, tt := range []struct {
			name  string
			call  func() error
			code  string
			field string
		}{
			{"no actor", func() error {
				_, err := db.FindInboxes(context.Background())
				return err
			}, switchboard.EUNAUTHORIZED, ""},
			{"agent creates", func() error {
				_, err := db.CreateInbox(s.ann, &switchboard.InboxInput{Kind: switchboard.ChannelSMS, Name: ptr("X")})
				return err
			}, switchboard.EFORBIDDEN, ""},
			{"supervisor updates", func() error {
				_, err := db.UpdateInbox(s.super, in.ID, &switchboard.InboxInput{Name: ptr("X")})
				return err
			}, switchboard.EFORBIDDEN, ""},
			{"supervisor deletes", func() error { return db.DeleteInbox(s.super, in.ID) }, switchboard.EFORBIDDEN, ""},
			{"agent sets members", func() error {
				_, err := db.SetInboxMembers(s.ann, in.ID, &switchboard.InboxMembers{AgentIDs: []int64{s.annA.ID}})
				return err
			}, switchboard.EFORBIDDEN, ""},
			{"unknown kind", func() error {
				_, err := db.CreateInbox(s.admin, &switchboard.InboxInput{Kind: "fax", Name: ptr("Fax")})
				return err
			}, switchboard.EINVALID, "kind"},
			{"missing name", func() error {
				_, err := db.CreateInbox(s.admin, &switchboard.InboxInput{Kind: switchboard.ChannelSMS})
				return err
			}, switchboard.EINVALID, "name"},
			{"settings not an object", func() error {
				_, err := db.CreateInbox(s.admin, &switchboard.InboxInput{Kind: switchboard.ChannelSMS, Name: ptr("X"), Settings: json.RawMessage(`[1]`)})
				return err
			}, switchboard.EINVALID, "settings"},
			{"kind cannot change", func() error {
				_, err := db.UpdateInbox(s.admin, in.ID, &switchboard.InboxInput{Kind: switchboard.ChannelEmail, Secrets: map[string]string{"auth_token": ""}})
				return err
			}, switchboard.EINVALID, "kind"},
			{"update unknown inbox", func() error {
				_, err := db.UpdateInbox(s.admin, 9999, &switchboard.InboxInput{Name: ptr("X")})
				return err
			}, switchboard.ENOTFOUND, ""},
			{"delete unknown inbox", func() error { return db.DeleteInbox(s.admin, 9999) }, switchboard.ENOTFOUND, ""},
			{"members of unknown inbox", func() error {
				_, err := db.SetInboxMembers(s.admin, 9999, &switchboard.InboxMembers{})
				return err
			}, switchboard.ENOTFOUND, ""},
			{"unknown agent member", func() error {
				_, err := db.SetInboxMembers(s.admin, in.ID, &switchboard.InboxMembers{AgentIDs: []int64{s.annA.ID, 9999}})
				return err
			}, switchboard.EINVALID, "agent_ids"},
			{"unknown team member", func() error {
				_, err := db.SetInboxMembers(s.admin, in.ID, &switchboard.InboxMembers{AgentIDs: []int64{s.annA.ID}, TeamIDs: []int64{9999}})
				return err
			}, switchboard.EINVALID, "team_ids"},
			{"no members document", func() error {
				_, err := db.SetInboxMembers(s.admin, in.ID, nil)
				return err
			}, switchboard.EINVALID, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantFieldErr(t, tt.call(), tt.code, tt.field)
			})
		}
		// Nothing above changed the inbox, its secrets or its members.
		got, err := db.FindInboxByID(s.admin, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(in, got); diff != "" {
			t.Errorf("inbox after failed requests (-before +after):\n%s", diff)
		}
		if raw := db.RawInboxSecretsForTest(in.ID); raw != sealed {
			t.Error("failed requests changed the sealed secrets")
		}
		m, err := db.FindInboxMembers(s.admin, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.AgentIDs)+len(m.TeamIDs) != 0 {
			t.Errorf("failed requests added members %+v", m)
		}
		if n := db.CountRowsForTest("inboxes"); n != 1 {
			t.Errorf("%d inboxes after failed requests, want 1", n)
		}
		if n := countEvents(t, db, switchboard.EventInboxChanged); n != events {
			t.Errorf("failed requests wrote %d inbox.changed events", n-events)
		}
	})
}

func TestInboxVisibility(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		sales, err := db.CreateInbox(s.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Sales")})
		if err != nil {
			t.Fatal(err)
		}
		support, err := db.CreateInbox(s.sys, &switchboard.InboxInput{Kind: switchboard.ChannelEmail, Name: ptr("Support")})
		if err != nil {
			t.Fatal(err)
		}
		visible := func(t *testing.T, ctx context.Context, want ...int64) {
			t.Helper()
			list, err := db.FindInboxes(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := []int64{}
			for _, i := range list {
				got = append(got, i.ID)
			}
			if want == nil {
				want = []int64{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("FindInboxes (-want +got):\n%s", diff)
			}
			for _, id := range []int64{sales.ID, support.ID} {
				_, err := db.FindInboxByID(ctx, id)
				_, merr := db.FindInboxMembers(ctx, id)
				seen := false
				for _, w := range want {
					seen = seen || w == id
				}
				if seen && (err != nil || merr != nil) {
					t.Errorf("inbox %d is listed but FindInboxByID = %v, FindInboxMembers = %v", id, err, merr)
				}
				if !seen && (switchboard.ErrorCode(err) != switchboard.ENOTFOUND || switchboard.ErrorCode(merr) != switchboard.ENOTFOUND) {
					t.Errorf("inbox %d is hidden but FindInboxByID = %v, FindInboxMembers = %v; want not found", id, err, merr)
				}
			}
		}

		t.Run("members of nothing see nothing", func(t *testing.T) {
			visible(t, s.ann)
			visible(t, s.bob)
		})
		t.Run("supervisors, admins and the system see everything", func(t *testing.T) {
			visible(t, s.super, sales.ID, support.ID)
			visible(t, s.admin, sales.ID, support.ID)
			visible(t, s.sys, sales.ID, support.ID)
		})
		team, err := db.CreateTeam(s.admin, &switchboard.TeamInput{Name: ptr("Tier 1"), AgentIDs: &[]int64{s.bobA.ID}})
		if err != nil {
			t.Fatal(err)
		}
		t.Run("direct membership", func(t *testing.T) {
			m, err := db.SetInboxMembers(s.admin, sales.ID, &switchboard.InboxMembers{AgentIDs: []int64{s.annA.ID, s.annA.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&switchboard.InboxMembers{AgentIDs: []int64{s.annA.ID}, TeamIDs: []int64{}}, m); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
			visible(t, s.ann, sales.ID)
			visible(t, s.bob)
		})
		t.Run("membership through a team", func(t *testing.T) {
			if _, err := db.SetInboxMembers(s.admin, support.ID, &switchboard.InboxMembers{TeamIDs: []int64{team.ID}}); err != nil {
				t.Fatal(err)
			}
			visible(t, s.bob, support.ID)
			visible(t, s.ann, sales.ID)
			m, err := db.FindInboxMembers(s.bob, support.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&switchboard.InboxMembers{AgentIDs: []int64{}, TeamIDs: []int64{team.ID}}, m); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
		})
		t.Run("joining the team grants the inbox, leaving it takes it away", func(t *testing.T) {
			if _, err := db.UpdateTeam(s.admin, team.ID, &switchboard.TeamInput{AgentIDs: &[]int64{s.annA.ID, s.bobA.ID}}); err != nil {
				t.Fatal(err)
			}
			visible(t, s.ann, sales.ID, support.ID)
			if _, err := db.UpdateTeam(s.admin, team.ID, &switchboard.TeamInput{AgentIDs: &[]int64{s.annA.ID}}); err != nil {
				t.Fatal(err)
			}
			visible(t, s.bob)
		})
		t.Run("replacing the members removes the old ones", func(t *testing.T) {
			if _, err := db.SetInboxMembers(s.admin, sales.ID, &switchboard.InboxMembers{AgentIDs: []int64{s.bobA.ID}}); err != nil {
				t.Fatal(err)
			}
			visible(t, s.bob, sales.ID)
			visible(t, s.ann, support.ID)
		})
		t.Run("deleting the team takes its inboxes away", func(t *testing.T) {
			if err := db.DeleteTeam(s.admin, team.ID); err != nil {
				t.Fatal(err)
			}
			visible(t, s.ann)
		})
	})
}

func TestDeleteInboxCascades(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		keep, err := db.CreateInbox(s.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Keep")})
		if err != nil {
			t.Fatal(err)
		}
		drop, err := db.CreateInbox(s.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Drop"),
			Secrets: map[string]string{"token": "t"}})
		if err != nil {
			t.Fatal(err)
		}
		team, err := db.CreateTeam(s.sys, &switchboard.TeamInput{Name: ptr("T"), AgentIDs: &[]int64{s.bobA.ID}})
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []*switchboard.Inbox{keep, drop} {
			if _, err := db.SetInboxMembers(s.sys, i.ID, &switchboard.InboxMembers{AgentIDs: []int64{s.annA.ID}, TeamIDs: []int64{team.ID}}); err != nil {
				t.Fatal(err)
			}
		}
		contact, err := db.CreateContact(s.sys, &switchboard.ContactInput{Name: ptr("Carla"), Phone: ptr("+39 333 111 2222")})
		if err != nil {
			t.Fatal(err)
		}
		kept, _, err := db.CreateConversation(s.ann, &switchboard.ConversationCreate{InboxID: keep.ID, ContactID: contact.ID, Text: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		dropped, msg, err := db.CreateConversation(s.ann, &switchboard.ConversationCreate{InboxID: drop.ID, ContactID: contact.ID, Text: "hello"})
		if err != nil {
			t.Fatal(err)
		}
		before := map[string]int{}
		for _, table := range []string{"conversations", "messages", "inbox_members", "inbox_teams"} {
			before[table] = db.CountRowsForTest(table)
		}

		if _, _, err := db.ChannelInbox(s.sys, drop.ID); err != nil { // remembered now
			t.Fatal(err)
		}
		if err := db.DeleteInbox(s.admin, drop.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindInboxByID(s.sys, drop.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, _, err = db.ChannelInbox(s.sys, drop.ID) // forgotten with the deletion
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.FindConversationByID(s.sys, dropped.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, err = db.FindMessageByID(s.sys, msg.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		if _, err := db.FindConversationByID(s.sys, kept.ID); err != nil {
			t.Errorf("conversation of another inbox: %v", err)
		}
		for table, n := range before {
			after := db.CountRowsForTest(table)
			if table == "messages" && after >= n || table != "messages" && after != n-1 {
				t.Errorf("%s: %d rows before, %d after deleting the inbox", table, n, after)
			}
		}
		if _, err := db.FindContactByID(s.sys, contact.ID); err != nil {
			t.Errorf("the contact went with the inbox: %v", err)
		}
		// Its members hear of the deletion (Bob through his team), though their memberships are
		// gone by the time they read it.
		evs, err := db.FindEvents(s.bob, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		last := evs[len(evs)-1]
		if last.Type != switchboard.EventInboxChanged || last.InboxID == nil || *last.InboxID != drop.ID || !strings.Contains(string(last.Data), `"deleted":true`) {
			t.Errorf("last event bob sees = %s %s, want the inbox deletion", last.Type, last.Data)
		}
	})
}
