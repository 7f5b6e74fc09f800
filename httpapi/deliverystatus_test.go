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

// A reply waiting for another attempt carries why and when in the thread, to those who see the
// conversation; once it fails for good the list row says so.
func TestDeliveryStatusFields(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		sys := switchboard.NewSystemContext(t.Context())
		msgs := fmt.Sprintf("/api/v1/conversations/%d/messages", w.salesConv.ID)
		next := time.Now().Add(2 * time.Minute).UTC().Truncate(time.Second)
		if err := db.AbandonSend(sys, w.salesMsg.ID, &switchboard.DeliveryRetry{Attempts: 1, Code: switchboard.FailProviderUnavailable,
			Reason: "The SMTP server could not be reached.", NextAttemptAt: next}); err != nil {
			t.Fatal(err)
		}
		var page switchboard.MessagePage
		w.ann.do("GET", msgs, nil).want(http.StatusOK).into(&page)
		r := page.Items[0].Retry
		if page.Items[0].ID != w.salesMsg.ID || r == nil || r.Attempts != 1 || r.Code != switchboard.FailProviderUnavailable || !r.NextAttemptAt.Equal(next) {
			t.Fatalf("the thread's reply = %+v, retry %+v", page.Items[0], r)
		}
		w.bob.do("GET", msgs, nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		var list switchboard.ConversationPage
		w.ann.do("GET", "/api/v1/conversations?view=all", nil).want(http.StatusOK).into(&list)
		if len(list.Items) != 1 || list.Items[0].LastOutboundFailed {
			t.Fatalf("a reply being retried marks the row failed: %+v", list.Items)
		}
		if _, err := db.SetMessageStatus(sys, w.salesMsg.ID, switchboard.MessageFailed, switchboard.FailProviderUnavailable, "Still down"); err != nil {
			t.Fatal(err)
		}
		w.ann.do("GET", "/api/v1/conversations?view=all", nil).want(http.StatusOK).into(&list)
		if !list.Items[0].LastOutboundFailed {
			t.Errorf("the row of a failed reply: %+v", list.Items[0])
		}
		var conv switchboard.Conversation
		w.ann.do("GET", fmt.Sprintf("/api/v1/conversations/%d", w.salesConv.ID), nil).want(http.StatusOK).into(&conv)
		if !conv.LastOutboundFailed {
			t.Errorf("the failed conversation reads %+v", conv)
		}
		w.ann.do("GET", msgs, nil).want(http.StatusOK).into(&page)
		if page.Items[0].Retry != nil || page.Items[0].Status != switchboard.MessageFailed {
			t.Errorf("failed for good, the reply = %+v", page.Items[0])
		}
		w.ann.do("POST", fmt.Sprintf("/api/v1/messages/%d/retry", w.salesMsg.ID), nil).want(http.StatusOK)
		w.ann.do("GET", "/api/v1/conversations?view=all", nil).want(http.StatusOK).into(&list)
		if list.Items[0].LastOutboundFailed {
			t.Errorf("sent again, the row still says failed")
		}
	})
}
