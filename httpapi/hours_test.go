package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestInboxHours: admins read and replace an inbox's hours and auto-replies; a bad schedule is
// refused naming each field and changes nothing; agents and supervisors may not.
func TestInboxHours(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		path := fmt.Sprintf("/api/v1/inboxes/%d/hours", w.sales.ID)
		var empty switchboard.Automation
		w.admin.do("GET", path, nil).want(http.StatusOK).into(&empty)
		if empty.Hours != nil || !empty.Empty() {
			t.Errorf("a new inbox's hours: %+v", empty)
		}
		good := raw(`{"hours":{"time_zone":"Europe/Rome","week":[[],[{"start":"09:00","end":"13:00"},{"start":"14:00","end":"18:00"}],[],[],[],[],[]],
			"holidays":[{"date":"2026-12-25","name":"Christmas"}]},"welcome":"Hi!","out_of_hours":"Closed until {{opens_at}}.","acknowledge":"","reply_minutes":0}`)
		var got switchboard.Automation
		w.admin.do("PUT", path, good).want(http.StatusOK).into(&got)
		if got.Hours == nil || len(got.Hours.Week[1]) != 2 || got.Hours.Holidays[0].Name != "Christmas" || got.Welcome != "Hi!" {
			t.Errorf("saved: %+v", got)
		}
		w.ann.do("GET", path, nil).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.super.do("PUT", path, good).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.admin.do("GET", "/api/v1/inboxes/9999/hours", nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		w.admin.do("PUT", "/api/v1/inboxes/9999/hours", good).wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		bad := raw(`{"hours":{"time_zone":"Moon/Base","week":[[],[{"start":"09:00","end":"13:00"},{"start":"12:00","end":"18:00"}],[{"start":"25:00","end":"26:00"}],[],[],[],[]],
			"holidays":[{"date":"25/12/2026"}]},"welcome":"Hi!","out_of_hours":"Closed.","reply_minutes":-1}`)
		e := w.admin.do("PUT", path, bad).wantError(http.StatusBadRequest, switchboard.EINVALID)
		for _, f := range []string{"hours.time_zone", "hours.week.monday.1.start", "hours.week.tuesday.0.start", "hours.holidays.0.date", "reply_minutes"} {
			if e.Error.Fields[f] == "" {
				t.Errorf("the error does not name %s: %+v", f, e.Error.Fields)
			}
		}
		w.admin.do("PUT", path, raw(`{"out_of_hours":"Closed."}`)).wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.admin.do("PUT", path, raw(`{"welcome":"x","colour":"red"}`)).wantError(http.StatusBadRequest, switchboard.EINVALID)
		var kept switchboard.Automation
		w.admin.do("GET", path, nil).want(http.StatusOK).into(&kept)
		if kept.Hours == nil || kept.Hours.TimeZone != "Europe/Rome" || kept.OutOfHours != "Closed until {{opens_at}}." {
			t.Errorf("after refused changes: %+v", kept)
		}
	})
}
