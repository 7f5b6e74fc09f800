package sqlstore_test

import (
	"sync"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// teamWorld is an assignWorld whose inbox assigns nothing by itself, and a second team, "Crew"
// (Ann, Bob and Dave, who belongs to no inbox), that assigns automatically.
type teamWorld struct {
	*assignWorld
	dave *switchboard.Agent
	crew *switchboard.Team
}

func newTeamWorld(t *testing.T, db *sqlstore.DB, settings func(w *teamWorld) switchboard.TeamAssignmentSettings) *teamWorld {
	t.Helper()
	w := &teamWorld{assignWorld: newAssignWorld(t, db, func(*assignWorld) switchboard.AssignmentSettings { return switchboard.AssignmentSettings{} })}
	var err error
	if w.dave, err = db.CreateAgent(w.sys, &switchboard.AgentCreate{Name: "dave", Email: "dave@team.test", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	if w.crew, err = db.CreateTeam(w.sys, &switchboard.TeamInput{Name: ptr("Crew"), AgentIDs: &[]int64{w.ann.ID, w.bob.ID, w.dave.ID}}); err != nil {
		t.Fatal(err)
	}
	s := settings(w)
	s.TeamID = w.crew.ID
	if _, err := db.SetTeamAssignmentSettings(w.adminCtx, &s); err != nil {
		t.Fatal(err)
	}
	return w
}

// toCrew gives every unassigned open conversation of the inbox to the team Crew, as an admin.
func (w *teamWorld) toCrew(t *testing.T) {
	t.Helper()
	var all []*switchboard.Conversation
	f := switchboard.ConversationFilter{View: switchboard.ViewUnassigned, InboxID: &w.inbox1.ID, Limit: 100}
	for {
		convs, err := w.db.FindConversations(w.adminCtx, f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, convs.Items...)
		if f.Cursor = convs.NextCursor; f.Cursor == "" {
			break
		}
	}
	for _, c := range all {
		if c.TeamID != nil {
			continue
		}
		if _, err := w.db.Assign(w.adminCtx, c.ID, switchboard.Assignment{TeamID: &w.crew.ID}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTeamAssignmentSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newTeamWorld(t, db, func(*teamWorld) switchboard.TeamAssignmentSettings {
			return switchboard.TeamAssignmentSettings{Strategy: switchboard.AssignBalanced, Capacity: 3}
		})
		if _, err := db.TeamAssignmentSettings(w.annCtx, w.crew.ID); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("an agent reads team settings: %v", err)
		}
		_, err := db.SetTeamAssignmentSettings(w.adminCtx, &switchboard.TeamAssignmentSettings{TeamID: w.crew.ID, Strategy: "fastest", Capacity: -1})
		var e *switchboard.Error
		if !asError(err, &e) || e.Fields["strategy"] == "" || e.Fields["capacity"] == "" {
			t.Errorf("invalid settings: %v", err)
		}
		if _, err := db.SetTeamAssignmentSettings(w.adminCtx, &switchboard.TeamAssignmentSettings{TeamID: w.crew.ID, AgentCapacity: map[int64]int{99999: 1}}); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("capacity of an unknown agent: %v", err)
		}
		if _, err := db.TeamAssignmentSettings(w.adminCtx, 99999); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("settings of an unknown team: %v", err)
		}
		got, err := db.SetTeamAssignmentSettings(w.adminCtx, &switchboard.TeamAssignmentSettings{TeamID: w.crew.ID, Strategy: switchboard.AssignRoundRobin,
			Capacity: 4, AgentCapacity: map[int64]int{w.bob.ID: 2}})
		if err != nil {
			t.Fatal(err)
		}
		again, err := db.TeamAssignmentSettings(w.adminCtx, w.crew.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.Strategy != switchboard.AssignRoundRobin || again.Capacity != 4 || again.AgentCapacity[w.bob.ID] != 2 || len(again.AgentCapacity) != 1 || got.Capacity != 4 {
			t.Errorf("settings read back = %+v", again)
		}
	})
}

// TestTeamAutoAssign gives conversations assigned to a team but to nobody to the team's online
// members who see the inbox, up to the team's capacities; and returns to the queue those of an
// agent taken off the inbox, or off the team that gave them the inbox.
func TestTeamAutoAssign(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newTeamWorld(t, db, func(w *teamWorld) switchboard.TeamAssignmentSettings {
			return switchboard.TeamAssignmentSettings{Strategy: switchboard.AssignRoundRobin, Capacity: 2, AgentCapacity: map[int64]int{w.bob.ID: 1}}
		})
		// Six arrive: the inbox assigns nothing; given to the team, they wait for someone online.
		w.arrive(t, 6)
		w.runJobs(t)
		w.toCrew(t)
		w.runJobs(t)
		w.want(t, map[int64]int{0: 6})

		// Ann, Bob and Dave come online: Ann 2, Bob 1 (his capacity); Dave sees no inbox.
		w.online(t, w.ann, 1)
		w.online(t, w.bob, 1)
		w.online(t, w.dave, 1)
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 2, w.bob.ID: 1, w.dave.ID: 0, 0: 3})
		if n := db.CountMessagesLikeForTest(w.inbox1.ID, "Assigned to % by automatic assignment"); n != 3 {
			t.Errorf("%d milestones of automatic assignment; want 3", n)
		}

		// The inbox's own assignment leaves the team's conversations alone: Carl, online, is no
		// member of the team.
		if _, err := db.SetAssignmentSettings(w.adminCtx, &switchboard.AssignmentSettings{InboxID: w.inbox1.ID, Strategy: switchboard.AssignBalanced}); err != nil {
			t.Fatal(err)
		}
		w.online(t, w.carl, 1)
		w.runJobs(t)
		w.want(t, map[int64]int{w.carl.ID: 0, 0: 3})
		if _, err := db.SetAssignmentSettings(w.adminCtx, &switchboard.AssignmentSettings{InboxID: w.inbox1.ID}); err != nil {
			t.Fatal(err)
		}

		// Bob resolves his: his place in the team frees, and he takes the next.
		bobs, err := db.FindConversations(w.bobCtx, switchboard.ConversationFilter{View: switchboard.ViewMine})
		if err != nil || len(bobs.Items) != 1 {
			t.Fatalf("bob's conversations: %v, %v", bobs, err)
		}
		if _, err := db.SetStatus(w.bobCtx, bobs.Items[0].ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 2, w.bob.ID: 1, 0: 2})

		// Ann is taken off the inbox: hers return to the queue in that same change, each with a
		// milestone; nobody has room, so they wait.
		if _, err := db.SetInboxMembers(w.adminCtx, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.carl.ID}, TeamIDs: []int64{w.team.ID}}); err != nil {
			t.Fatal(err)
		}
		w.want(t, map[int64]int{w.ann.ID: 0, w.bob.ID: 1, 0: 4})
		if n := db.CountMessagesLikeForTest(w.inbox1.ID, "Returned to the queue by automatic assignment: ann no longer belongs to the inbox"); n != 2 {
			t.Errorf("%d milestones of the return; want 2", n)
		}
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 0, w.bob.ID: 1, 0: 4})

		// No limit for Bob: the team gives him the four.
		if _, err := db.SetTeamAssignmentSettings(w.adminCtx, &switchboard.TeamAssignmentSettings{TeamID: w.crew.ID, Strategy: switchboard.AssignRoundRobin}); err != nil {
			t.Fatal(err)
		}
		w.runJobs(t)
		w.want(t, map[int64]int{w.bob.ID: 5, 0: 0})

		// Bob leaves Tier 1, the team that gave him the inbox: his five return to the queue.
		if _, err := db.UpdateTeam(w.adminCtx, w.team.ID, &switchboard.TeamInput{AgentIDs: &[]int64{}}); err != nil {
			t.Fatal(err)
		}
		w.want(t, map[int64]int{w.bob.ID: 0, 0: 5})
		if n := db.CountMessagesLikeForTest(w.inbox1.ID, "Returned to the queue by automatic assignment: bob no longer belongs to the inbox"); n != 5 {
			t.Errorf("%d milestones of bob's return; want 5", n)
		}
		w.runJobs(t)
		w.want(t, map[int64]int{w.bob.ID: 0, w.dave.ID: 0, 0: 5}) // Dave, online, sees no inbox yet
		// Dave joins the inbox: the team's waiting conversations go to him.
		if _, err := db.SetInboxMembers(w.adminCtx, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.carl.ID, w.dave.ID}}); err != nil {
			t.Fatal(err)
		}
		w.runJobs(t)
		w.want(t, map[int64]int{w.dave.ID: 5, 0: 0})

		// A bot hands a new conversation over to the team: the team gives it to Dave.
		w.arrive(t, 1)
		w.runJobs(t)
		w.want(t, map[int64]int{w.dave.ID: 5, 0: 1})
		waiting, err := db.FindConversations(w.adminCtx, switchboard.ConversationFilter{View: switchboard.ViewUnassigned, InboxID: &w.inbox1.ID})
		if err != nil || len(waiting.Items) != 1 {
			t.Fatalf("waiting: %v, %v", waiting, err)
		}
		if _, err := db.HandOff(w.sys, waiting.Items[0].ID, &switchboard.HandOff{TeamID: &w.crew.ID, Reason: "billing"}); err != nil {
			t.Fatal(err)
		}
		w.runJobs(t)
		w.want(t, map[int64]int{w.dave.ID: 6, 0: 0})
	})
}

// TestTeamAutoAssignConcurrent starts four runs of a team's assignment at once (as on four
// nodes) over 200 waiting conversations of the team, and checks nobody goes above the team's
// capacity: without the team's lock, the runs that lose the race for the first conversations
// would go on giving the later ones by the counts they read at their start.
func TestTeamAutoAssignConcurrent(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newTeamWorld(t, db, func(w *teamWorld) switchboard.TeamAssignmentSettings {
			return switchboard.TeamAssignmentSettings{Strategy: switchboard.AssignBalanced, Capacity: 6, AgentCapacity: map[int64]int{w.bob.ID: 4}}
		})
		w.arrive(t, 200)
		w.toCrew(t)
		w.online(t, w.ann, 1)
		w.online(t, w.bob, 1)
		w.online(t, w.dave, 1) // in the team, but sees no inbox
		start := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for range 3 {
					if _, err := db.AutoAssignTeam(w.sys, w.crew.ID, automation.Pick); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		close(start)
		wg.Wait()
		w.want(t, map[int64]int{w.ann.ID: 6, w.bob.ID: 4, w.carl.ID: 0, w.dave.ID: 0, 0: 190})
		w.runJobs(t)
		w.want(t, map[int64]int{w.ann.ID: 6, w.bob.ID: 4, w.carl.ID: 0, w.dave.ID: 0, 0: 190})
		if n := db.CountMessagesLikeForTest(w.inbox1.ID, "%by automatic assignment"); n != 10 {
			t.Errorf("%d milestones of automatic assignment; want one per conversation given, 10", n)
		}
	})
}
