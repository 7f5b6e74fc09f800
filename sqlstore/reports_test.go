package sqlstore_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/reports"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// fakeFolder is a small ReportFolder for the store's mechanics: a conversation's creation is an
// opened fact, each customer message a message_in fact; rows count them (reports.Day's
// COpened and CMessagesIn) in the slices all, inbox and label.
type fakeFolder struct{}

func (fakeFolder) state(st *switchboard.ReportStates, convID, inboxID int64) *switchboard.ReportConvState {
	s := st.Conversations[convID]
	if s == nil {
		s = &switchboard.ReportConvState{ConversationID: convID, InboxID: inboxID, Status: switchboard.StatusOpen, Labels: []string{}}
		st.Conversations[convID] = s
	}
	return s
}

func (f fakeFolder) Fold(events []*switchboard.Event, st *switchboard.ReportStates, _ func(int64) *switchboard.HoursSchedule) ([]switchboard.ReportFact, error) {
	var facts []switchboard.ReportFact
	for _, e := range events {
		if e.ConversationID == nil || e.InboxID == nil || e.Type == switchboard.EventErased {
			continue
		}
		s := f.state(st, *e.ConversationID, *e.InboxID)
		var d struct {
			Status     switchboard.ConversationStatus `json:"status"`
			AssigneeID *int64                         `json:"assignee_id"`
			Labels     []string                       `json:"labels"`
			Direction  switchboard.Direction          `json:"direction"`
			SenderType switchboard.SenderType         `json:"sender_type"`
			CreatedAt  time.Time                      `json:"created_at"`
		}
		if err := json.Unmarshal(e.Data, &d); err != nil {
			return nil, err
		}
		switch e.Type {
		case switchboard.EventConversationCreated:
			s.AgentID = d.AssigneeID
			facts = append(facts, switchboard.ReportFact{Kind: switchboard.FactOpened, At: d.CreatedAt, ConversationID: s.ConversationID, InboxID: s.InboxID, N: 1})
		case switchboard.EventMessageCreated:
			if d.Direction == switchboard.DirectionIncoming && d.SenderType == switchboard.SenderContact {
				facts = append(facts, switchboard.ReportFact{Kind: switchboard.FactMessageIn, At: d.CreatedAt, ConversationID: s.ConversationID, InboxID: s.InboxID, N: 1})
			}
		case switchboard.EventConversationStatus:
			s.Status = d.Status
		case switchboard.EventConversationAssigned:
			s.AgentID = d.AssigneeID
		case switchboard.EventConversationLabels:
			s.Labels = append([]string{}, d.Labels...)
		}
	}
	return facts, nil
}

func (f fakeFolder) FoldHistory(h *switchboard.ReportHistory, st *switchboard.ReportStates, _ func(int64) *switchboard.HoursSchedule) ([]switchboard.ReportFact, error) {
	c := h.Conversation
	s := f.state(st, c.ID, c.InboxID)
	s.Status, s.AgentID, s.Labels = c.Status, c.AssigneeID, append([]string{}, c.Labels...)
	facts := []switchboard.ReportFact{{Kind: switchboard.FactOpened, At: c.CreatedAt, ConversationID: c.ID, InboxID: c.InboxID, N: 1}}
	for _, m := range h.Messages {
		if m.Direction == switchboard.DirectionIncoming && m.SenderType == switchboard.SenderContact {
			facts = append(facts, switchboard.ReportFact{Kind: switchboard.FactMessageIn, At: m.CreatedAt, ConversationID: c.ID, InboxID: c.InboxID, N: 1})
		}
	}
	return facts, nil
}

func (fakeFolder) Rollup(zone string, facts []switchboard.ReportFact, sign int, labels func(int64) []string, only []switchboard.ReportSlice) ([]switchboard.ReportDelta, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	var out []switchboard.ReportDelta
	for _, f := range facts {
		var d reports.Day
		c := reports.COpened
		if f.Kind == switchboard.FactMessageIn {
			c = reports.CMessagesIn
		}
		d.Counts[c] = int64(sign) * f.N
		local := f.At.In(loc)
		day := int(time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
		add := func(slice switchboard.ReportSlice, id string) {
			if only == nil || slices.Contains(only, slice) {
				out = append(out, switchboard.ReportDelta{Zone: zone, Slice: slice, SliceID: id, Day: day, Data: d.Encode()})
			}
		}
		add(switchboard.SliceAll, "")
		add(switchboard.SliceInbox, strconv.FormatInt(f.InboxID, 10))
		for _, l := range labels(f.ConversationID) {
			add(switchboard.SliceLabel, l)
		}
	}
	return out, nil
}

func (fakeFolder) Merge(a, b []byte) ([]byte, error) { return reports.Merge(a, b) }

// follow runs the follower until it is caught up.
func follow(t testing.TB, w *world) {
	t.Helper()
	for range 10000 {
		n, err := w.db.FollowReports(w.sys, 50)
		if err != nil {
			t.Fatalf("follow reports: %v", err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("the follower never caught up")
}

// zoneRows returns every row of a zone by "slice/id/day".
func zoneRows(t testing.TB, w *world, zone string) map[string]switchboard.ReportRow {
	t.Helper()
	out := map[string]switchboard.ReportRow{}
	for _, s := range switchboard.ReportSlices {
		rows, err := w.db.ReportRows(w.adminCtx, zone, s, nil, math.MinInt32, math.MaxInt32)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			out[fmt.Sprintf("%s/%s/%d", s, r.SliceID, r.Day)] = r
		}
	}
	return out
}

// reportRows returns every row of a zone as "slice/id/day" → "opened,messages_in".
func reportRows(t testing.TB, w *world, zone string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, r := range zoneRows(t, w, zone) {
		var d reports.Day
		if err := d.Decode(r.Data); err != nil {
			t.Fatal(err)
		}
		out[k] = fmt.Sprintf("%d,%d", d.Counts[reports.COpened], d.Counts[reports.CMessagesIn])
	}
	return out
}

func wantRows(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Fatalf("%s: rows\n%v\nwant\n%v", what, got, want)
	}
}

// total sums a slice's rows of the UTC zone: opened and messages in.
func total(t testing.TB, w *world, key string) string {
	t.Helper()
	var o, m int
	for k, v := range reportRows(t, w, "UTC") {
		if len(k) > len(key) && k[:len(key)] == key && k[len(key)] == '/' {
			var a, b int
			fmt.Sscanf(v, "%d,%d", &a, &b)
			o, m = o+a, m+b
		}
	}
	return fmt.Sprintf("%d,%d", o, m)
}

func receive(t testing.TB, w *world, inbox *switchboard.Inbox, from, id string) *switchboard.Conversation {
	t.Helper()
	_, c, _, err := w.db.Receive(w.sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: from, ProviderID: id, Text: "hello " + id})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestReportsFollow(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		carla := receive(t, w, w.inbox1, "+393331112222", "r-1")
		receive(t, w, w.inbox1, "+393331112222", "r-2")
		follow(t, w)
		if got := total(t, w, "all/"); got != "1,2" {
			t.Fatalf("all = %s, want 1,2", got)
		}
		first := reportRows(t, w, "UTC")
		// Exactly once: caught up, nothing more; new events count once.
		if n, err := db.FollowReports(w.sys, 50); err != nil || n != 0 {
			t.Fatalf("follow again = %d, %v", n, err)
		}
		wantRows(t, "again", reportRows(t, w, "UTC"), first)
		receive(t, w, w.inbox2, "+393339998888", "r-3")
		follow(t, w)
		follow(t, w)
		if got := total(t, w, "all/"); got != "2,3" {
			t.Fatalf("all = %s, want 2,3", got)
		}
		if got := total(t, w, "inbox/"+strconv.FormatInt(w.inbox2.ID, 10)); got != "1,1" {
			t.Fatalf("inbox 2 = %s, want 1,1", got)
		}
		// The same rows in Europe/Rome, registered with the world's agents before any fact.
		if ready, err := db.ReportZone(w.annCtx, "Europe/Rome"); err != nil || !ready {
			t.Fatalf("Rome ready = %v, %v", ready, err)
		}
		// A zone registered now is built from the facts and reaches the rows of one that was
		// ready from the start (Berlin has Rome's offsets).
		if ready, err := db.ReportZone(w.adminCtx, "Europe/Berlin"); err != nil || ready {
			t.Fatalf("Berlin ready = %v, %v", ready, err)
		}
		_, err := db.ReportZone(w.annCtx, "Mars/Olympus")
		wantCode(t, err, switchboard.EINVALID)
		follow(t, w)
		if ready, err := db.ReportZone(w.adminCtx, "Europe/Berlin"); err != nil || !ready {
			t.Fatalf("Berlin ready after building = %v, %v", ready, err)
		}
		wantRows(t, "Berlin", reportRows(t, w, "Europe/Berlin"), reportRows(t, w, "Europe/Rome"))

		// History older than the reports: a reset refills the same rows from the tables.
		before := reportRows(t, w, "UTC")
		wantCode(t, db.ResetReports(w.annCtx), switchboard.EFORBIDDEN)
		if err := db.ResetReports(w.adminCtx); err != nil {
			t.Fatal(err)
		}
		if got := reportRows(t, w, "UTC"); len(got) != 0 {
			t.Fatalf("after reset: %v", got)
		}
		follow(t, w)
		wantRows(t, "rebuilt", reportRows(t, w, "UTC"), before)
		wantRows(t, "rebuilt Berlin", reportRows(t, w, "Europe/Berlin"), reportRows(t, w, "Europe/Rome"))
		_ = carla
	})
}

func TestReportsSubtract(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		receive(t, w, w.inbox1, "+393331112222", "s-1")
		follow(t, w)
		base := reportRows(t, w, "UTC")
		baseLive, err := db.ReportLive(w.adminCtx)
		if err != nil {
			t.Fatal(err)
		}

		// An erased contact's conversations leave the rows as they were without them.
		receive(t, w, w.inbox1, "+393339998888", "s-2")
		receive(t, w, w.inbox1, "+393339998888", "s-3")
		follow(t, w)
		if got := total(t, w, "all/"); got != "2,3" {
			t.Fatalf("all = %s", got)
		}
		if err := db.DeleteContact(w.adminCtx, w.dino.ID); err != nil {
			t.Fatal(err)
		}
		wantRows(t, "erased", reportRows(t, w, "UTC"), base)
		follow(t, w)
		wantRows(t, "erased, followed", reportRows(t, w, "UTC"), base)
		live, err := db.ReportLive(w.adminCtx)
		if err != nil {
			t.Fatal(err)
		}
		if live.Open != baseLive.Open || live.Unassigned != baseLive.Unassigned {
			t.Fatalf("live after erasure %d/%d, want %d/%d", live.Open, live.Unassigned, baseLive.Open, baseLive.Unassigned)
		}

		// A deleted inbox takes its rows with it, inbox slice included.
		extra, err := db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Extra")})
		if err != nil {
			t.Fatal(err)
		}
		receive(t, w, extra, "+393335550000", "s-4")
		follow(t, w)
		if got := total(t, w, "inbox/"+strconv.FormatInt(extra.ID, 10)); got != "1,1" {
			t.Fatalf("extra inbox = %s", got)
		}
		// Half-followed: the inbox's later events are folded after it is gone.
		receive(t, w, extra, "+393335550000", "s-5")
		if err := db.DeleteInbox(w.adminCtx, extra.ID); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		wantRows(t, "inbox deleted", reportRows(t, w, "UTC"), base)
	})
}

func TestReportsLabels(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		vip, err := db.CreateLabel(w.sys, &switchboard.LabelInput{Name: ptr("VIP")})
		if err != nil {
			t.Fatal(err)
		}
		c := receive(t, w, w.inbox1, "+393331112222", "l-1")
		receive(t, w, w.inbox1, "+393339998888", "l-2")
		follow(t, w)
		if _, err := db.AddLabels(w.adminCtx, c.ID, []string{"VIP"}); err != nil {
			t.Fatal(err)
		}
		receive(t, w, w.inbox1, "+393331112222", "l-3")
		follow(t, w)
		if got := total(t, w, "label/VIP"); got != "1,2" {
			t.Fatalf("label VIP = %s, want 1,2", got)
		}
		if _, err := db.UpdateLabel(w.adminCtx, vip.ID, &switchboard.LabelInput{Name: ptr("Gold")}); err != nil {
			t.Fatal(err)
		}
		if got, old := total(t, w, "label/Gold"), total(t, w, "label/VIP"); got != "1,2" || old != "0,0" {
			t.Fatalf("renamed: Gold %s, VIP %s", got, old)
		}
		receive(t, w, w.inbox1, "+393331112222", "l-4")
		follow(t, w)
		if got := total(t, w, "label/Gold"); got != "1,3" {
			t.Fatalf("label Gold = %s, want 1,3", got)
		}
		if _, err := db.RemoveLabels(w.adminCtx, c.ID, []string{"Gold"}); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		if got := total(t, w, "label/Gold"); got != "0,0" {
			t.Fatalf("label Gold after removal = %s", got)
		}
		if got := total(t, w, "all/"); got != "2,4" {
			t.Fatalf("all = %s", got)
		}
		// Renamed while the follower is behind: the events naming the old name are folded
		// first, so nothing is left under either name.
		if _, err := db.AddLabels(w.adminCtx, c.ID, []string{"Gold"}); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		if got := total(t, w, "label/Gold"); got != "1,3" {
			t.Fatalf("label Gold again = %s", got)
		}
		if _, err := db.RemoveLabels(w.adminCtx, c.ID, []string{"Gold"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateLabel(w.adminCtx, vip.ID, &switchboard.LabelInput{Name: ptr("Platinum")}); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		for k := range reportRows(t, w, "UTC") {
			if strings.HasPrefix(k, "label/") {
				t.Errorf("left over: %s", k)
			}
		}
		// A deleted label leaves the rows and the states (a label of the same name made later
		// starts empty).
		blue, err := db.CreateLabel(w.sys, &switchboard.LabelInput{Name: ptr("Blue")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddLabels(w.adminCtx, c.ID, []string{"Blue"}); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		if got := total(t, w, "label/Blue"); got != "1,3" {
			t.Fatalf("label Blue = %s", got)
		}
		if err := db.DeleteLabel(w.adminCtx, blue.ID); err != nil {
			t.Fatal(err)
		}
		if got := total(t, w, "label/Blue"); got != "0,0" {
			t.Fatalf("label Blue deleted = %s", got)
		}
		if _, err := db.CreateLabel(w.sys, &switchboard.LabelInput{Name: ptr("Blue")}); err != nil {
			t.Fatal(err)
		}
		receive(t, w, w.inbox1, "+393331112222", "l-5")
		follow(t, w)
		for k := range reportRows(t, w, "UTC") {
			if strings.HasPrefix(k, "label/") {
				t.Errorf("left over after deletion: %s", k)
			}
		}
		if got := total(t, w, "all/"); got != "2,5" {
			t.Fatalf("all = %s", got)
		}
	})
}

func TestReportsImport(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.CreateLabel(w.sys, &switchboard.LabelInput{Name: ptr("VIP")}); err != nil {
			t.Fatal(err)
		}
		receive(t, w, w.inbox1, "+393331112222", "i-1")
		follow(t, w)
		day := time.Date(2026, 3, 2, 23, 30, 0, 0, time.UTC)
		_, err := db.ImportConversations(w.adminCtx, w.inbox1.ID, &switchboard.ImportBatch{Conversations: []switchboard.ImportConversation{
			{ExternalID: "x-1", Contact: switchboard.ImportContact{Name: "Gina", Phone: "+39 345 777 0000"}, Labels: []string{"vip"},
				Status: switchboard.StatusResolved, CreatedAt: day, Messages: []switchboard.ImportMessage{
					{Direction: "incoming", Text: "hello", CreatedAt: day.Add(time.Minute)},
					{Direction: "outgoing", Text: "hi", CreatedAt: day.Add(2 * time.Minute), AgentID: &w.ann.ID},
					{Direction: "incoming", Text: "thanks", CreatedAt: day.Add(40 * time.Minute)},
				}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		rows := reportRows(t, w, "UTC")
		if rows["label/VIP/"+strconv.Itoa(int(day.Unix()/86400))] != "1,1" || rows["label/VIP/"+strconv.Itoa(int(day.Unix()/86400)+1)] != "0,1" {
			t.Fatalf("imported rows %v", rows)
		}
		if got := total(t, w, "all/"); got != "2,3" {
			t.Fatalf("all = %s", got)
		}
		follow(t, w)
		imported := reportRows(t, w, "UTC")
		rome := reportRows(t, w, "Europe/Rome")
		if err := db.ResetReports(w.adminCtx); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		wantRows(t, "rebuilt", reportRows(t, w, "UTC"), imported)
		wantRows(t, "rebuilt Rome", reportRows(t, w, "Europe/Rome"), rome)
	})
}

func TestReportsReadersAndLive(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ann, bob := strconv.FormatInt(w.ann.ID, 10), strconv.FormatInt(w.bob.ID, 10)
		_, err := db.ReportRows(w.annCtx, "UTC", switchboard.SliceAgent, []string{bob}, 0, 100000)
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.ReportRows(w.annCtx, "UTC", switchboard.SliceAll, nil, 0, 100000)
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.ReportRows(w.annCtx, "UTC", switchboard.SliceAgent, nil, 0, 100000)
		wantCode(t, err, switchboard.EFORBIDDEN)
		if _, err := db.ReportRows(w.annCtx, "UTC", switchboard.SliceAgent, []string{ann}, 0, 100000); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReportRows(w.superCtx, "UTC", switchboard.SliceTeam, nil, 0, 100000); err != nil {
			t.Fatal(err)
		}
		_, err = db.ReportRows(w.adminCtx, "UTC", "planet", nil, 0, 100000)
		wantCode(t, err, switchboard.EINVALID)
		_, err = db.FollowReports(w.adminCtx, 10)
		wantCode(t, err, switchboard.EFORBIDDEN)

		c1 := receive(t, w, w.inbox1, "+393331112222", "v-1")
		c2 := receive(t, w, w.inbox1, "+393339998888", "v-2")
		follow(t, w)
		live, err := db.ReportLive(w.adminCtx)
		if err != nil {
			t.Fatal(err)
		}
		if live.Open != 2 || live.Unassigned != 2 || len(live.Waiting) != 2 || live.Waiting[0].ConversationID != c1.ID {
			t.Fatalf("live %+v", live)
		}
		if _, err := db.Assign(w.adminCtx, c1.ID, switchboard.Assignment{AgentID: &w.ann.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetStatus(w.adminCtx, c2.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		follow(t, w)
		if live, err = db.ReportLive(w.adminCtx); err != nil {
			t.Fatal(err)
		}
		if live.Open != 1 || live.Unassigned != 0 || len(live.Waiting) != 1 {
			t.Fatalf("live %+v", live)
		}
		for _, a := range live.Agents {
			if want := map[bool]int{true: 1}[a.AgentID == w.ann.ID]; a.Open != want {
				t.Errorf("agent %s open %d, want %d", a.Name, a.Open, want)
			}
		}
		mine, err := db.ReportLive(w.annCtx)
		if err != nil {
			t.Fatal(err)
		}
		if mine.Open != 1 || mine.Unassigned != 0 || len(mine.Agents) != 1 || mine.Agents[0].AgentID != w.ann.ID || len(mine.Waiting) != 1 {
			t.Fatalf("ann's live %+v", mine)
		}
		if mine, err = db.ReportLive(w.bobCtx); err != nil || mine.Open != 0 || len(mine.Waiting) != 0 {
			t.Fatalf("bob's live %+v, %v", mine, err)
		}
	})
}

// TestReportsEvents: the events reports read besides the others: conversation.sla_met for each
// target met (a reply meets the first response, resolving the resolution) and
// conversation.csat_sent when a survey goes out (not when it is skipped).
func TestReportsEvents(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{SLA: automation.SLAPlanner{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		p, err := db.CreateSLAPolicy(w.adminCtx, &switchboard.SLAPolicy{Name: "Gold", FirstResponseMinutes: 60, ResolutionMinutes: 600})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetCSATSettings(w.adminCtx, &switchboard.CSATSettings{InboxID: w.inbox1.ID, Enabled: true, Scale: switchboard.CSATFive}); err != nil {
			t.Fatal(err)
		}
		c := receive(t, w, w.inbox1, "+393331112222", "e-1")
		skipped := receive(t, w, w.inbox1, "+393339998888", "e-2")
		if _, err := db.ApplySLA(w.superCtx, c.ID, &p.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(w.annCtx, c.ID, &switchboard.MessageCreate{Text: "hello"}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{c.ID, skipped.ID} {
			if _, err := db.SetStatus(w.annCtx, id, switchboard.StatusResolved); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SendCSATSurvey(w.sys, c.ID, &switchboard.CSATSurvey{Form: switchboard.SurveyText, Text: "Rate us 1-5"}); err != nil {
			t.Fatal(err)
		}
		if err := db.SkipCSATSurvey(w.sys, skipped.ID, "no reason"); err != nil {
			t.Fatal(err)
		}
		events, err := db.FindEvents(w.sys, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range events {
			if e.Type != switchboard.EventSLAMet && e.Type != switchboard.EventCSATSent {
				continue
			}
			var d struct {
				ConversationID int64  `json:"conversation_id"`
				PolicyID       *int64 `json:"policy_id"`
				Target         string `json:"target"`
				Form           string `json:"form"`
				DueAt, MetAt   *time.Time
			}
			if err := json.Unmarshal(e.Data, &d); err != nil {
				t.Fatal(err)
			}
			if d.ConversationID != c.ID || *e.ConversationID != c.ID || (e.Type == switchboard.EventSLAMet && (d.PolicyID == nil || *d.PolicyID != p.ID)) {
				t.Errorf("event %s %s", e.Type, e.Data)
			}
			got = append(got, string(e.Type)+" "+d.Target+d.Form)
		}
		want := []string{"conversation.sla_met first_response", "conversation.sla_met resolution", "conversation.csat_sent text"}
		if !slices.Equal(got, want) {
			t.Errorf("events %q, want %q", got, want)
		}
	})
}
