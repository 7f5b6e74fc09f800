package httpapi

import (
	"net/http"
	"slices"

	"github.com/switchboardhq/switchboard"
)

// jobStates are the states an admin may list jobs in.
var jobStates = []string{string(switchboard.JobAvailable), string(switchboard.JobRunning), string(switchboard.JobCompleted),
	string(switchboard.JobFailed), string(switchboard.JobCancelled)}

// jobRoutes show the background queue to admins, so work that failed for good is visible.
func (s *Server) jobRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/jobs", OperationID: "listJobs", Tag: "jobs", AdminOnly: true,
			Summary: "List background jobs, newest first",
			Description: "Deliveries, webhook sends and wake-ups that are queued, running or finished. " +
				"Jobs that failed for good (state=failed) keep their last error.",
			Query: []Param{
				{Name: "state", Type: "string", Enum: jobStates, Description: "Default failed."},
				{Name: "limit", Type: "integer", Description: "Page size, 1 to 500 (default 100)."},
			},
			Response: typeOf[list[*switchboard.Job]](), handler: s.listJobs},
	}
}

func (s *Server) listJobs(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	state, limit := q.str("state"), q.integer("limit")
	q.val.Check(state == "" || slices.Contains(jobStates, state), "state", "Use available, running, completed, failed or cancelled.")
	q.val.Check(limit >= 0 && limit <= 500, "limit", "Use 1 to 500.")
	if err := q.err(); err != nil {
		return err
	}
	if state == "" {
		state = string(switchboard.JobFailed)
	}
	jobs, err := s.Jobs.FindJobs(r.Context(), switchboard.JobState(state), limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(jobs))
}
