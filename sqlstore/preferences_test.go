package sqlstore_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestPreferences(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		ada, err := db.CreateFirstAdmin(ctx, &switchboard.AgentCreate{Name: "Ada", Email: "ada@x.test", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		gio, err := db.CreateAgent(switchboard.NewSystemContext(ctx), &switchboard.AgentCreate{Name: "Gio Ponti", Email: "gio@x.test", Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		adaCtx := switchboard.NewContextWithAgent(ctx, ada)
		gioCtx := switchboard.NewContextWithAgent(ctx, gio)

		// A new agent has the defaults.
		p, err := db.Preferences(gioCtx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&switchboard.Preferences{}, p); diff != "" {
			t.Errorf("new agent's preferences (-want +got):\n%s", diff)
		}

		on, off := true, false
		if _, err := db.UpdatePreferences(gioCtx, &switchboard.PreferencesUpdate{Sound: &on}); err != nil {
			t.Fatal(err)
		}
		// A second change leaves the first alone.
		p, err = db.UpdatePreferences(gioCtx, &switchboard.PreferencesUpdate{Desktop: &on})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&switchboard.Preferences{Sound: true, Desktop: true}, p); diff != "" {
			t.Errorf("after two changes (-want +got):\n%s", diff)
		}
		if _, err := db.UpdatePreferences(gioCtx, &switchboard.PreferencesUpdate{Sound: &off}); err != nil {
			t.Fatal(err)
		}
		p, err = db.Preferences(gioCtx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&switchboard.Preferences{Desktop: true}, p); diff != "" {
			t.Errorf("read back (-want +got):\n%s", diff)
		}

		// They are Gio's own: Ada, an admin, still has hers.
		p, err = db.Preferences(adaCtx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&switchboard.Preferences{}, p); diff != "" {
			t.Errorf("another agent's preferences (-want +got):\n%s", diff)
		}

		_, err = db.Preferences(ctx)
		wantCode(t, err, switchboard.EUNAUTHORIZED)
		_, err = db.UpdatePreferences(switchboard.NewSystemContext(ctx), &switchboard.PreferencesUpdate{Sound: &on})
		wantCode(t, err, switchboard.EINVALID)
	})
}
