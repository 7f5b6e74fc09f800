package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestCannedRoundTripAndErrors(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		hello, err := db.CreateCanned(s.admin, &switchboard.CannedInput{Shortcut: ptr("/Hello"), Title: ptr(" Greeting "), Content: ptr("Hi {{contact.first_name}}!")})
		if err != nil {
			t.Fatal(err)
		}
		want := &switchboard.CannedResponse{ID: hello.ID, Shortcut: "hello", Title: "Greeting", Content: "Hi {{contact.first_name}}!",
			CreatedAt: hello.CreatedAt, UpdatedAt: hello.CreatedAt}
		if diff := cmp.Diff(want, hello); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
		got, err := db.FindCannedByID(s.ann, hello.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(hello, got); diff != "" {
			t.Errorf("read back (-created +read):\n%s", diff)
		}
		up, err := db.UpdateCanned(s.admin, hello.ID, &switchboard.CannedInput{Content: ptr("Hello {{contact.name}}")})
		if err != nil {
			t.Fatal(err)
		}
		if up.Shortcut != "hello" || up.Title != "Greeting" || up.Content != "Hello {{contact.name}}" {
			t.Errorf("updated = %+v", up)
		}
		if got, err = db.FindCannedByID(s.admin, hello.ID); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(up, got); diff != "" {
			t.Errorf("read back (-updated +read):\n%s", diff)
		}
		bye, err := db.CreateCanned(s.sys, &switchboard.CannedInput{Shortcut: ptr("bye"), Content: ptr("Bye")})
		if err != nil {
			t.Fatal(err)
		}

		events := countEvents(t, db, switchboard.EventCannedChanged)
		for _, tt := range []struct {
			name  string
			call  func() error
			code  string
			field string
		}{
			{"no actor", func() error {
				_, err := db.FindCanned(context.Background(), "")
				return err
			}, switchboard.EUNAUTHORIZED, ""},
			{"agent creates", func() error {
				_, err := db.CreateCanned(s.ann, &switchboard.CannedInput{Shortcut: ptr("x"), Content: ptr("x")})
				return err
			}, switchboard.EFORBIDDEN, ""},
			{"supervisor updates", func() error {
				_, err := db.UpdateCanned(s.super, hello.ID, &switchboard.CannedInput{Content: ptr("x")})
				return err
			}, switchboard.EFORBIDDEN, ""},
			{"agent deletes", func() error { return db.DeleteCanned(s.ann, hello.ID) }, switchboard.EFORBIDDEN, ""},
			{"missing content", func() error {
				_, err := db.CreateCanned(s.admin, &switchboard.CannedInput{Shortcut: ptr("x")})
				return err
			}, switchboard.EINVALID, "content"},
			{"bad shortcut", func() error {
				_, err := db.CreateCanned(s.admin, &switchboard.CannedInput{Shortcut: ptr("two words"), Content: ptr("x")})
				return err
			}, switchboard.EINVALID, "shortcut"},
			{"taken shortcut", func() error {
				_, err := db.CreateCanned(s.admin, &switchboard.CannedInput{Shortcut: ptr("/HELLO"), Content: ptr("x")})
				return err
			}, switchboard.ECONFLICT, "shortcut"},
			{"renamed onto a taken shortcut", func() error {
				_, err := db.UpdateCanned(s.admin, bye.ID, &switchboard.CannedInput{Shortcut: ptr("hello")})
				return err
			}, switchboard.ECONFLICT, "shortcut"},
			{"find unknown", func() error {
				_, err := db.FindCannedByID(s.ann, 9999)
				return err
			}, switchboard.ENOTFOUND, ""},
			{"update unknown", func() error {
				_, err := db.UpdateCanned(s.admin, 9999, &switchboard.CannedInput{Content: ptr("x")})
				return err
			}, switchboard.ENOTFOUND, ""},
			{"delete unknown", func() error { return db.DeleteCanned(s.admin, 9999) }, switchboard.ENOTFOUND, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantFieldErr(t, tt.call(), tt.code, tt.field)
			})
		}
		if n := countEvents(t, db, switchboard.EventCannedChanged); n != events {
			t.Errorf("failed requests wrote %d canned_response.changed events", n-events)
		}
		if err := db.DeleteCanned(s.admin, bye.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindCannedByID(s.admin, bye.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		if n := countEvents(t, db, switchboard.EventCannedChanged); n != 4 {
			t.Errorf("%d canned_response.changed events, want 4 (2 creates, 1 update, 1 delete)", n)
		}
	})
}

func TestFindCanned(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		for _, c := range []struct{ shortcut, title string }{
			{"hello", "Greeting"},
			{"help", "How to get help"},
			{"refund", "Refund: 100% guaranteed"},
			{"a_b", "Underscore"},
			{"axb", "Plain"},
			{"shipping", "Where is my order?"},
		} {
			if _, err := db.CreateCanned(sys, &switchboard.CannedInput{Shortcut: ptr(c.shortcut), Title: ptr(c.title), Content: ptr("text of " + c.shortcut)}); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct {
			name string
			q    string
			want []string
		}{
			{"all, by shortcut", "", []string{"a_b", "axb", "hello", "help", "refund", "shipping"}},
			{"shortcut prefix", "hel", []string{"hello", "help"}},
			{"typed with slash and capitals", "/HEL", []string{"hello", "help"}},
			{"shortcut must be a prefix", "lo", []string{}},
			{"title contains, any case", "ORDER", []string{"shipping"}},
			{"title or shortcut", "h", []string{"hello", "help", "shipping"}},
			{"percent is literal", "%", []string{"refund"}},
			{"underscore is literal", "a_", []string{"a_b"}},
			{"escape character is literal", "!", []string{}},
			{"no match", "zebra", []string{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				list, err := db.FindCanned(switchboard.NewContextWithAgent(context.Background(), &switchboard.Agent{ID: 1, Role: switchboard.RoleAgent}), tt.q)
				if err != nil {
					t.Fatal(err)
				}
				got := []string{}
				for _, c := range list {
					got = append(got, c.Shortcut)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("FindCanned(%q) (-want +got):\n%s", tt.q, diff)
				}
			})
		}
	})
}

func TestRenderCanned(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "hello")
		c, err := db.CreateCanned(w.adminCtx, &switchboard.CannedInput{Shortcut: ptr("intro"), Content: ptr(
			"Hi {{contact.first_name}} ({{ contact.name }}, {{contact.phone}}{{contact.email}}), I am {{agent.first_name}} " +
				"<{{agent.email}}> of {{inbox.name}}, ref #{{conversation.id}}.{{nobody.knows}}")})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.RenderCanned(w.annCtx, c.ID, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("Hi Carla (Carla Rossi, +393331112222), I am ann <ann@team.test> of Sales, ref #%d.", conv.ID)
		if got != want {
			t.Errorf("rendered\n %q\nwant\n %q", got, want)
		}
		for _, tt := range []struct {
			name   string
			ctx    context.Context
			id     int64
			convID int64
			code   string
		}{
			{"agent outside the inbox", w.bobCtx, c.ID, conv.ID, switchboard.ENOTFOUND},
			{"unknown conversation", w.annCtx, c.ID, 9999, switchboard.ENOTFOUND},
			{"unknown canned response", w.annCtx, 9999, conv.ID, switchboard.ENOTFOUND},
			{"no actor", context.Background(), c.ID, conv.ID, switchboard.EUNAUTHORIZED},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.RenderCanned(tt.ctx, tt.id, tt.convID)
				wantCode(t, err, tt.code)
			})
		}
		t.Run("supervisor, with their own name", func(t *testing.T) {
			got, err := db.RenderCanned(w.superCtx, c.ID, conv.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("Hi Carla (Carla Rossi, +393331112222), I am super <super@team.test> of Sales, ref #%d.", conv.ID)
			if got != want {
				t.Errorf("rendered\n %q\nwant\n %q", got, want)
			}
		})
	})
}
