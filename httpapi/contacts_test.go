package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestContactAddressChanges: where a customer's replies go is changed only by those who see one
// of the customer's conversations (and admins), and each change shows in the thread. Ann, of
// Sales, cannot touch the addresses of Dino, who writes to Support; Bob, of Support, and the
// admin can, and Support's conversation names who added or removed what.
func TestContactAddressChanges(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		dino := fmt.Sprintf("/api/v1/contacts/%d", w.dino.ID)
		phone := w.dino.Identities[0]
		ann := w.ann
		ann.do("POST", dino+"/identities", map[string]string{"kind": "email", "external_id": "ann@attacker.test"}).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		ann.do("DELETE", fmt.Sprintf("%s/identities/%d", dino, phone.ID), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		ann.do("PATCH", dino, map[string]string{"email": "ann@attacker.test"}).wantError(http.StatusNotFound, switchboard.ENOTFOUND)

		var email switchboard.Identity
		w.bob.do("POST", dino+"/identities", map[string]string{"kind": "email", "external_id": "Dino@Example.com"}).want(http.StatusCreated).into(&email)
		w.admin.do("DELETE", fmt.Sprintf("%s/identities/%d", dino, email.ID), nil).want(http.StatusNoContent)
		w.admin.do("PATCH", dino, map[string]string{"language": "it"}).want(http.StatusOK)

		var thread switchboard.MessagePage
		w.bob.do("GET", fmt.Sprintf("/api/v1/conversations/%d/messages", w.supportConv.ID), nil).want(http.StatusOK).into(&thread)
		var milestones []string
		for _, m := range thread.Items {
			if a := m.Activity; a != nil && a.Identity != nil {
				milestones = append(milestones, fmt.Sprintf("%s %s %s %s", m.SenderName, a.Action, a.Identity.Kind, a.Identity.ExternalID))
			}
		}
		want := []string{"bob identity_added email dino@example.com", "Ada Admin identity_removed email dino@example.com"}
		if fmt.Sprint(milestones) != fmt.Sprint(want) {
			t.Errorf("milestones %q, want %q", milestones, want)
		}
	})
}
