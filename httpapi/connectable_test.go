package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/whatsapp"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestInboxKindWithoutConnector: a new inbox of a kind the server has no connector for is
// refused with a field error naming the kinds that work; a kind it has is connected.
func TestInboxKindWithoutConnector(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		srv := newServer(db, &syncBuffer{})
		srv.Channels = channel.NewRegistry(&whatsapp.Connector{})
		admin := newAPI(t, db, srv).setup()
		e := admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "messenger", "name": "Page"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		if !strings.Contains(e.Error.Message, "messenger") || e.Error.Fields["kind"] != "Use one of: whatsapp." {
			t.Errorf("refusal %q %v, want the kind named and whatsapp offered", e.Error.Message, e.Error.Fields)
		}
		admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "whatsapp", "name": "Sales"}).want(http.StatusCreated)
		admin.do("POST", "/api/v1/inboxes", map[string]any{"kind": "pigeon", "name": "Coop"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
	})
}
