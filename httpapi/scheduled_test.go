package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestScheduledMessagesAPI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := fmt.Sprintf("/api/v1/conversations/%d", w.salesConv.ID)
		at := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
		body := map[string]any{"text": "Following up tomorrow", "send_at": at}

		var s switchboard.ScheduledMessage
		w.ann.doHeaders("POST", conv+"/scheduled-messages", body, http.Header{"Idempotency-Key": {"click-1"}}).want(http.StatusCreated).into(&s)
		if s.State != switchboard.ScheduledPending || !s.SendAt.Equal(at) || s.Text != "Following up tomorrow" {
			t.Errorf("scheduled %+v", s)
		}
		var again switchboard.ScheduledMessage
		w.ann.doHeaders("POST", conv+"/scheduled-messages", body, http.Header{"Idempotency-Key": {"click-1"}}).want(http.StatusOK).into(&again)
		if again.ID != s.ID {
			t.Errorf("a repeated request scheduled %d besides %d", again.ID, s.ID)
		}
		w.ann.do("POST", conv+"/scheduled-messages", map[string]any{"text": "late", "send_at": time.Now().Add(-time.Hour)}).
			wantError(http.StatusBadRequest, switchboard.EINVALID)
		w.ann.do("POST", conv+"/scheduled-messages", map[string]any{"text": "when?"}).wantError(http.StatusBadRequest, switchboard.EINVALID)

		var list struct {
			Items []switchboard.ScheduledMessage
		}
		w.ann.do("GET", conv+"/scheduled-messages", nil).want(http.StatusOK).into(&list)
		if len(list.Items) != 1 || list.Items[0].ID != s.ID {
			t.Errorf("list %+v", list.Items)
		}
		path := fmt.Sprintf("/api/v1/scheduled-messages/%d", s.ID)
		var changed switchboard.ScheduledMessage
		w.ann.do("PATCH", path, map[string]any{"text": "Following up in two hours", "send_at": at.Add(time.Hour)}).want(http.StatusOK).into(&changed)
		if changed.Text != "Following up in two hours" || !changed.SendAt.Equal(at.Add(time.Hour)) {
			t.Errorf("changed %+v", changed)
		}
		var cancelled switchboard.ScheduledMessage
		w.ann.do("POST", path+"/cancel", nil).want(http.StatusOK).into(&cancelled)
		if cancelled.State != switchboard.ScheduledCancelled {
			t.Errorf("cancelled %+v", cancelled)
		}
		w.ann.do("POST", path+"/cancel", nil).wantError(http.StatusConflict, switchboard.ECONFLICT)
		w.ann.do("PATCH", path, map[string]any{"text": "x"}).wantError(http.StatusConflict, switchboard.ECONFLICT)
		w.ann.do("POST", "/api/v1/scheduled-messages/99999/cancel", nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
	})
}
