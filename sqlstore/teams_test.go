package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// staff is the smallest organisation the settings tests need: the system, an admin, a
// supervisor and two agents, with no inboxes, teams or contacts yet.
type staff struct {
	sys, admin, super, ann, bob context.Context
	adminA, superA, annA, bobA  *switchboard.Agent
}

func newStaff(t *testing.T, db *sqlstore.DB) *staff {
	t.Helper()
	s := &staff{sys: switchboard.NewSystemContext(context.Background())}
	mk := func(name string, role switchboard.Role) (*switchboard.Agent, context.Context) {
		email := strings.ToLower(strings.Fields(name)[0]) + "@staff.test"
		a, err := db.CreateAgent(s.sys, &switchboard.AgentCreate{Name: name, Email: email, Role: role,
			Password: "correct horse battery"})
		if err != nil {
			t.Fatalf("create agent %s: %v", name, err)
		}
		return a, switchboard.NewContextWithAgent(context.Background(), a)
	}
	s.adminA, s.admin = mk("Ada Admin", switchboard.RoleAdmin)
	s.superA, s.super = mk("Sam Super", switchboard.RoleSupervisor)
	s.annA, s.ann = mk("Ann Agent", switchboard.RoleAgent)
	s.bobA, s.bob = mk("Bob Agent", switchboard.RoleAgent)
	return s
}

// countEvents counts the events of one type in the whole log.
func countEvents(t *testing.T, db *sqlstore.DB, typ switchboard.EventType) int {
	t.Helper()
	evs, err := db.FindEvents(switchboard.NewSystemContext(context.Background()), 0, 0)
	if err != nil {
		t.Fatalf("find events: %v", err)
	}
	n := 0
	for _, e := range evs {
		if e.Type == typ {
			n++
		}
	}
	return n
}

// wantFieldErr fails unless err has the code and, when field is not "", names that field.
func wantFieldErr(t *testing.T, err error, code, field string) {
	t.Helper()
	wantCode(t, err, code)
	if field == "" {
		return
	}
	if _, ok := switchboard.ErrorFields(err)[field]; !ok {
		t.Errorf("error %v does not name field %q", err, field)
	}
}

// ignoreTimes leaves timestamps out of struct comparisons: stored times are rounded to the
// microsecond and come back in UTC.
var ignoreTimes = cmpopts.IgnoreFields(switchboard.Team{}, "CreatedAt", "UpdatedAt")

func TestTeamRoundTrip(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		tier1, err := db.CreateTeam(s.admin, &switchboard.TeamInput{Name: ptr("  Tier 1 "), Description: ptr("First line"),
			AgentIDs: &[]int64{s.bobA.ID, s.annA.ID, s.bobA.ID}})
		if err != nil {
			t.Fatal(err)
		}
		want := &switchboard.Team{ID: tier1.ID, Name: "Tier 1", Description: "First line", AgentIDs: []int64{s.annA.ID, s.bobA.ID}}
		if diff := cmp.Diff(want, tier1, ignoreTimes); diff != "" {
			t.Errorf("created team (-want +got):\n%s", diff)
		}
		got, err := db.FindTeamByID(s.ann, tier1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tier1, got); diff != "" {
			t.Errorf("read back (-created +read):\n%s", diff)
		}
		alpha, err := db.CreateTeam(s.sys, &switchboard.TeamInput{Name: ptr("alpha")})
		if err != nil {
			t.Fatal(err)
		}
		if alpha.AgentIDs == nil || len(alpha.AgentIDs) != 0 {
			t.Errorf("team without members has AgentIDs %#v, want empty non-nil", alpha.AgentIDs)
		}
		teams, err := db.FindTeams(s.bob)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*switchboard.Team{alpha, tier1}, teams); diff != "" {
			t.Errorf("FindTeams (-want +got):\n%s", diff)
		}

		for _, tt := range []struct {
			name    string
			in      switchboard.TeamInput
			want    *switchboard.Team
			members []int64
		}{
			{"rename keeps members", switchboard.TeamInput{Name: ptr("Tier One")},
				&switchboard.Team{Name: "Tier One", Description: "First line"}, []int64{s.annA.ID, s.bobA.ID}},
			{"replace members", switchboard.TeamInput{AgentIDs: &[]int64{s.superA.ID}},
				&switchboard.Team{Name: "Tier One", Description: "First line"}, []int64{s.superA.ID}},
			{"same name in other case", switchboard.TeamInput{Name: ptr("TIER ONE"), Description: ptr("")},
				&switchboard.Team{Name: "TIER ONE"}, []int64{s.superA.ID}},
			{"clear members", switchboard.TeamInput{AgentIDs: &[]int64{}},
				&switchboard.Team{Name: "TIER ONE"}, []int64{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.UpdateTeam(s.admin, tier1.ID, &tt.in)
				if err != nil {
					t.Fatal(err)
				}
				tt.want.ID, tt.want.AgentIDs = tier1.ID, tt.members
				if diff := cmp.Diff(tt.want, got, ignoreTimes); diff != "" {
					t.Errorf("updated (-want +got):\n%s", diff)
				}
				read, err := db.FindTeamByID(s.admin, tier1.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(got, read); diff != "" {
					t.Errorf("read back (-updated +read):\n%s", diff)
				}
			})
		}

		if err := db.DeleteTeam(s.admin, alpha.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindTeamByID(s.admin, alpha.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		wantCode(t, db.DeleteTeam(s.admin, alpha.ID), switchboard.ENOTFOUND)
		if n := countEvents(t, db, switchboard.EventTeamChanged); n != 7 {
			t.Errorf("%d team.changed events, want 7 (2 creates, 4 updates, 1 delete)", n)
		}
	})
}

func TestTeamErrors(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		s := newStaff(t, db)
		team, err := db.CreateTeam(s.admin, &switchboard.TeamInput{Name: ptr("Billing"), AgentIDs: &[]int64{s.annA.ID}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.CreateTeam(s.admin, &switchboard.TeamInput{Name: ptr("Sales")})
		if err != nil {
			t.Fatal(err)
		}
		gone, err := db.CreateAgent(s.sys, &switchboard.AgentCreate{Name: "Gone", Email: "gone@staff.test",
			Role: switchboard.RoleAgent, Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteAgent(s.sys, gone.ID); err != nil {
			t.Fatal(err)
		}
		events := countEvents(t, db, switchboard.EventTeamChanged)

		for _, tt := range []struct {
			name  string
			call  func() error
			code  string
			field string
		}{
			{"no actor", func() error {
				_, err := db.FindTeams(context.Background())
				return err
			}, switchboard.EUNAUTHORIZED, ""},
			{"agent creates", func() error {
				_, err := db.CreateTeam(s.ann, &switchboard.TeamInput{Name: ptr("Mine")})
				return err
			}, switchboard.EFORBIDDEN, ""},
			{"supervisor updates", func() error {
				_, err := db.UpdateTeam(s.super, team.ID, &switchboard.TeamInput{Name: ptr("Mine")})
				return err
			}, switchboard.EFORBIDDEN, ""},
			{"agent deletes", func() error { return db.DeleteTeam(s.bob, team.ID) }, switchboard.EFORBIDDEN, ""},
			{"missing name", func() error {
				_, err := db.CreateTeam(s.admin, &switchboard.TeamInput{Description: ptr("x")})
				return err
			}, switchboard.EINVALID, "name"},
			{"blank name", func() error {
				_, err := db.UpdateTeam(s.admin, team.ID, &switchboard.TeamInput{Name: ptr("   ")})
				return err
			}, switchboard.EINVALID, "name"},
			{"duplicate name on create", func() error {
				_, err := db.CreateTeam(s.admin, &switchboard.TeamInput{Name: ptr("BILLING")})
				return err
			}, switchboard.ECONFLICT, "name"},
			{"duplicate name on update", func() error {
				_, err := db.UpdateTeam(s.admin, other.ID, &switchboard.TeamInput{Name: ptr("billing")})
				return err
			}, switchboard.ECONFLICT, "name"},
			{"unknown agent on create", func() error {
				_, err := db.CreateTeam(s.admin, &switchboard.TeamInput{Name: ptr("Ghosts"), AgentIDs: &[]int64{s.annA.ID, 9999}})
				return err
			}, switchboard.EINVALID, "agent_ids"},
			{"deleted agent on update", func() error {
				_, err := db.UpdateTeam(s.admin, team.ID, &switchboard.TeamInput{Name: ptr("Renamed"), AgentIDs: &[]int64{gone.ID}})
				return err
			}, switchboard.EINVALID, "agent_ids"},
			{"update unknown team", func() error {
				_, err := db.UpdateTeam(s.admin, 9999, &switchboard.TeamInput{Name: ptr("X")})
				return err
			}, switchboard.ENOTFOUND, ""},
			{"find unknown team", func() error {
				_, err := db.FindTeamByID(s.ann, 9999)
				return err
			}, switchboard.ENOTFOUND, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantFieldErr(t, tt.call(), tt.code, tt.field)
			})
		}

		// None of the failures above changed anything.
		teams, err := db.FindTeams(s.admin)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*switchboard.Team{team, other}, teams); diff != "" {
			t.Errorf("teams after failed requests (-want +got):\n%s", diff)
		}
		if n := countEvents(t, db, switchboard.EventTeamChanged); n != events {
			t.Errorf("failed requests wrote %d team.changed events", n-events)
		}
	})
}
