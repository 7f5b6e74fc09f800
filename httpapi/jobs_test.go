package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestFailedJobsAreVisibleToAdmins(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		admin := a.setup()
		sys := switchboard.NewSystemContext(context.Background())
		if err := db.EnqueueJob(sys, "deliver_message", map[string]int{"message_id": 7}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		claimed, err := db.ClaimJobs(sys, "node-a", 1, time.Minute)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v, %v", claimed, err)
		}
		if err := db.FailJob(sys, claimed[0].ID, "node-a", "the channel refused it"); err != nil {
			t.Fatal(err)
		}

		var failed struct{ Items []switchboard.Job }
		admin.do("GET", "/api/v1/jobs", nil).want(http.StatusOK).into(&failed)
		if len(failed.Items) != 1 || failed.Items[0].State != switchboard.JobFailed || failed.Items[0].LastError != "the channel refused it" {
			t.Errorf("failed jobs = %+v", failed.Items)
		}
		var queued struct{ Items []switchboard.Job }
		admin.do("GET", "/api/v1/jobs?state=available", nil).want(http.StatusOK).into(&queued)
		if len(queued.Items) != 0 {
			t.Errorf("available jobs = %+v, want none", queued.Items)
		}
		admin.do("GET", "/api/v1/jobs?state=lost", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
		admin.do("GET", "/api/v1/jobs?limit=501", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)

		admin.do("POST", "/api/v1/agents", map[string]string{"name": "Ann", "email": "ann@team.test", "password": password}).want(http.StatusCreated)
		a.login("ann@team.test").do("GET", "/api/v1/jobs", nil).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
	})
}
