package sqlstore_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestLabels(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		// Agents create labels inline while tagging.
		vip, err := db.CreateLabel(s.ann, &switchboard.LabelInput{Name: ptr(" VIP ")})
		if err != nil {
			t.Fatal(err)
		}
		if vip.Name != "VIP" || vip.Color != switchboard.DefaultLabelColor || vip.Description != "" || vip.CreatedAt.IsZero() {
			t.Errorf("created label = %+v", vip)
		}
		bug, err := db.CreateLabel(s.admin, &switchboard.LabelInput{Name: ptr("bug"), Color: ptr("#D1242F"), Description: ptr("Broken")})
		if err != nil {
			t.Fatal(err)
		}
		if bug.Color != "#d1242f" {
			t.Errorf("colour stored as %q, want lower case", bug.Color)
		}
		got, err := db.FindLabelByID(s.bob, vip.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(vip, got); diff != "" {
			t.Errorf("read back (-created +read):\n%s", diff)
		}
		list, err := db.FindLabels(s.super)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*switchboard.Label{bug, vip}, list); diff != "" {
			t.Errorf("FindLabels, ordered by name ignoring case (-want +got):\n%s", diff)
		}

		t.Run("admin updates", func(t *testing.T) {
			up, err := db.UpdateLabel(s.admin, vip.ID, &switchboard.LabelInput{Name: ptr("vip"), Color: ptr("#1f883d")})
			if err != nil {
				t.Fatal(err)
			}
			want := *vip
			want.Name, want.Color = "vip", "#1f883d"
			if diff := cmp.Diff(&want, up); diff != "" {
				t.Errorf("updated (-want +got):\n%s", diff)
			}
			read, err := db.FindLabelByID(s.admin, vip.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(up, read); diff != "" {
				t.Errorf("read back (-updated +read):\n%s", diff)
			}
		})

		events := countEvents(t, db, switchboard.EventLabelChanged)
		for _, tt := range []struct {
			name  string
			call  func() error
			code  string
			field string
		}{
			{"no actor", func() error {
				_, err := db.CreateLabel(context.Background(), &switchboard.LabelInput{Name: ptr("x")})
				return err
			}, switchboard.EUNAUTHORIZED, ""},
			{"agent updates", func() error {
				_, err := db.UpdateLabel(s.ann, vip.ID, &switchboard.LabelInput{Name: ptr("mine")})
				return err
			}, switchboard.EFORBIDDEN, ""},
			{"supervisor deletes", func() error { return db.DeleteLabel(s.super, vip.ID) }, switchboard.EFORBIDDEN, ""},
			{"missing name", func() error {
				_, err := db.CreateLabel(s.ann, &switchboard.LabelInput{})
				return err
			}, switchboard.EINVALID, "name"},
			{"comma in name", func() error {
				_, err := db.CreateLabel(s.ann, &switchboard.LabelInput{Name: ptr("a,b")})
				return err
			}, switchboard.EINVALID, "name"},
			{"bad colour", func() error {
				_, err := db.CreateLabel(s.ann, &switchboard.LabelInput{Name: ptr("x"), Color: ptr("red")})
				return err
			}, switchboard.EINVALID, "color"},
			{"same name in other case", func() error {
				_, err := db.CreateLabel(s.ann, &switchboard.LabelInput{Name: ptr("Bug")})
				return err
			}, switchboard.ECONFLICT, "name"},
			{"rename onto another label", func() error {
				_, err := db.UpdateLabel(s.admin, vip.ID, &switchboard.LabelInput{Name: ptr("BUG")})
				return err
			}, switchboard.ECONFLICT, "name"},
			{"find unknown", func() error {
				_, err := db.FindLabelByID(s.ann, 9999)
				return err
			}, switchboard.ENOTFOUND, ""},
			{"update unknown", func() error {
				_, err := db.UpdateLabel(s.admin, 9999, &switchboard.LabelInput{Name: ptr("x")})
				return err
			}, switchboard.ENOTFOUND, ""},
			{"delete unknown", func() error { return db.DeleteLabel(s.admin, 9999) }, switchboard.ENOTFOUND, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantFieldErr(t, tt.call(), tt.code, tt.field)
			})
		}
		if n := countEvents(t, db, switchboard.EventLabelChanged); n != events {
			t.Errorf("failed requests wrote %d label.changed events", n-events)
		}
		if n := db.CountRowsForTest("labels"); n != 2 {
			t.Errorf("%d labels after failed requests, want 2", n)
		}

		t.Run("admin deletes", func(t *testing.T) {
			if err := db.DeleteLabel(s.admin, bug.ID); err != nil {
				t.Fatal(err)
			}
			_, err := db.FindLabelByID(s.admin, bug.ID)
			wantCode(t, err, switchboard.ENOTFOUND)
			if n := countEvents(t, db, switchboard.EventLabelChanged); n != events+1 {
				t.Errorf("%d label.changed events after delete, want %d", n, events+1)
			}
		})
	})
}

func TestDeletedLabelLeavesConversations(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "hello")
		for _, name := range []string{"vip", "refund"} {
			if _, err := db.CreateLabel(w.annCtx, &switchboard.LabelInput{Name: ptr(name)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.AddLabels(w.annCtx, conv.ID, []string{"vip", "refund"}); err != nil {
			t.Fatal(err)
		}
		labels, err := db.FindLabels(w.annCtx)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range labels {
			if l.Name == "vip" {
				if err := db.DeleteLabel(w.adminCtx, l.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, err := db.FindConversationByID(w.annCtx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"refund"}, got.Labels); diff != "" {
			t.Errorf("labels after deleting vip (-want +got):\n%s", diff)
		}
	})
}
