package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
)

// A contact's timeline is read from what is recorded anyway, each source by an index led by the
// contact (or its conversations), newest first, a page at a time:
//
//	conversations started        conversations_contact_created (contact_id, created_at, id)
//	their milestones             messages_milestones (conversation_id, created_at, id) WHERE kind = 'activity'
//	merges and un-merges         contact_merges_survivor, contact_merges_other
//	addresses, labels, blocks…   contact_facts_contact (contact_id, created_at, id)
//	notes                        contact_notes_contact (contact_id, id)
//
// Each source gives at most a page and one more row after the cursor; the page is the newest of
// them all. Entries sort by time, then source (the rank below), then id, which the cursor holds.
const (
	rankConversation = iota + 1
	rankMilestone
	rankMerge
	rankFact
	rankNote
)

// timelineActions are the milestones a contact's timeline shows. Merges come from
// contact_merges, address changes from contact_facts (a milestone of those is written into every
// conversation of the contact).
var timelineActions = []string{"status_changed", "labels_added", "labels_removed", "csat"}

type timelineRow struct {
	e        *switchboard.TimelineEntry
	at       int64
	rank, id int64
}

// timelineCursor is the position after an entry: its time, source and id.
type timelineCursor struct {
	at, rank, id int64
	set          bool
}

func (c timelineCursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d.%d.%d", c.at, c.rank, c.id)))
}

func parseTimelineCursor(s string) (timelineCursor, error) {
	if s == "" {
		return timelineCursor{}, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.Split(string(raw), ".")
	if err != nil || len(parts) != 3 {
		return timelineCursor{}, errBadCursor
	}
	var v [3]int64
	for i, p := range parts {
		if v[i], err = strconv.ParseInt(p, 10, 64); err != nil {
			return timelineCursor{}, errBadCursor
		}
	}
	return timelineCursor{at: v[0], rank: v[1], id: v[2], set: true}, nil
}

// before returns the condition that a row of source rank, at time atCol and id idCol, comes
// after the cursor (is older), with its arguments.
func (c timelineCursor) before(rank int64, atCol, idCol string) (string, []any) {
	if !c.set {
		return "1 = 1", nil
	}
	switch {
	case rank < c.rank:
		return "(" + atCol + " <= ?)", []any{c.at}
	case rank == c.rank:
		return "(" + atCol + " < ? OR (" + atCol + " = ? AND " + idCol + " < ?))", []any{c.at, c.at, c.id}
	default:
		return "(" + atCol + " < ?)", []any{c.at}
	}
}

func (c timelineCursor) after(r *timelineRow) bool {
	if !c.set {
		return true
	}
	return r.at < c.at || (r.at == c.at && (r.rank < c.rank || (r.rank == c.rank && r.id < c.id)))
}

// ContactTimeline lists what happened to a contact the actor sees, newest first. Entries of
// conversations are limited to the inboxes the actor sees.
func (db *DB) ContactTimeline(ctx context.Context, contactID int64, cursor string, limit int) (*switchboard.TimelinePage, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := db.FindContactByID(ctx, contactID); err != nil {
		return nil, err
	}
	cur, err := parseTimelineCursor(cursor)
	if err != nil {
		return nil, err
	}
	s, err := db.scope(ctx, actor)
	if err != nil {
		return nil, err
	}
	limit = pageLimit(limit)
	var rows []*timelineRow
	seesSome := s.All
	for _, in := range s.IDs {
		seesSome = seesSome || in
	}
	read := []func(context.Context, int64, timelineCursor, switchboard.InboxScope, int) ([]*timelineRow, error){
		db.timelineMerges, db.timelineFacts, db.timelineNotes,
	}
	if seesSome {
		read = append(read, db.timelineConversations, db.timelineMilestones)
	}
	for _, fn := range read {
		got, err := fn(ctx, contactID, cur, s, limit+1)
		if err != nil {
			return nil, fmt.Errorf("contact %d timeline: %w", contactID, err)
		}
		rows = append(rows, got...)
	}
	slices.SortFunc(rows, func(a, b *timelineRow) int {
		if a.at != b.at {
			return cmpDesc(a.at, b.at)
		}
		if a.rank != b.rank {
			return cmpDesc(a.rank, b.rank)
		}
		return cmpDesc(a.id, b.id)
	})
	page := &switchboard.TimelinePage{Items: []*switchboard.TimelineEntry{}}
	for i, r := range rows {
		if i == limit {
			last := rows[i-1]
			page.NextCursor = timelineCursor{at: last.at, rank: last.rank, id: last.id, set: true}.String()
			break
		}
		page.Items = append(page.Items, r.e)
	}
	return page, nil
}

func cmpDesc(a, b int64) int {
	if a > b {
		return -1
	}
	return 1
}

// convScope returns the condition that the conversation whose inbox is col is seen with s.
func convScope(col string, s switchboard.InboxScope) string {
	if s.All {
		return "1 = 1"
	}
	return inScope(col, s)
}

func (db *DB) timelineConversations(ctx context.Context, contactID int64, cur timelineCursor, s switchboard.InboxScope, n int) ([]*timelineRow, error) {
	cond, args := cur.before(rankConversation, "c.created_at", "c.id")
	rows, err := db.query(ctx, `SELECT c.id, c.inbox_id, i.name, i.kind, c.created_at FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
		WHERE c.contact_id = ? AND `+convScope("c.inbox_id", s)+" AND "+cond+" ORDER BY c.created_at DESC, c.id DESC"+limitSQL(n),
		append([]any{contactID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*timelineRow
	for rows.Next() {
		var id, inbox, at int64
		e := &switchboard.TimelineEntry{Kind: switchboard.TimelineConversationStarted}
		if err := rows.Scan(&id, &inbox, &e.InboxName, &e.Channel, &at); err != nil {
			return nil, err
		}
		e.ConversationID, e.InboxID, e.At = &id, &inbox, fromMicro(at)
		out = append(out, &timelineRow{e: e, at: at, rank: rankConversation, id: id})
	}
	return out, rows.Err()
}

func (db *DB) timelineMilestones(ctx context.Context, contactID int64, cur timelineCursor, s switchboard.InboxScope, n int) ([]*timelineRow, error) {
	cond, args := cur.before(rankMilestone, "m.created_at", "m.id")
	var actions []string
	for _, a := range timelineActions {
		actions = append(actions, `m.activity LIKE '{"action":"`+a+`"%'`)
	}
	rows, err := db.query(ctx, `SELECT m.id, m.conversation_id, m.inbox_id, i.name, i.kind, m.sender_type, m.sender_id, m.sender_name,
		m.text, m.activity, m.created_at FROM messages m JOIN inboxes i ON i.id = m.inbox_id
		WHERE m.conversation_id IN (SELECT c.id FROM conversations c WHERE c.contact_id = ? AND `+convScope("c.inbox_id", s)+`)
		AND m.kind = 'activity' AND (`+strings.Join(actions, " OR ")+") AND "+cond+" ORDER BY m.created_at DESC, m.id DESC"+limitSQL(n),
		append([]any{contactID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*timelineRow
	for rows.Next() {
		var id, conv, inbox, at int64
		var senderType, activity string
		var sender sql.NullInt64
		e := &switchboard.TimelineEntry{}
		if err := rows.Scan(&id, &conv, &inbox, &e.InboxName, &e.Channel, &senderType, &sender, &e.ActorName, &e.Text, &activity, &at); err != nil {
			return nil, err
		}
		var act switchboard.Activity
		if err := json.Unmarshal([]byte(activity), &act); err != nil {
			return nil, fmt.Errorf("milestone %d: %w", id, err)
		}
		e.Kind, e.Status, e.Labels, e.Rating = act.Action, act.Status, act.Labels, act.Rating
		if act.Action == "csat" {
			e.Text = act.Note
		}
		if senderType == string(switchboard.SenderAgent) && sender.Valid {
			e.ActorID = &sender.Int64
		}
		e.ConversationID, e.InboxID, e.At = &conv, &inbox, fromMicro(at)
		out = append(out, &timelineRow{e: e, at: at, rank: rankMilestone, id: id})
	}
	return out, rows.Err()
}

// timelineMerges reads the merges into or of the contact: each a merge and, if undone, an
// un-merge. A contact has few; they are filtered here.
func (db *DB) timelineMerges(ctx context.Context, contactID int64, cur timelineCursor, _ switchboard.InboxScope, _ int) ([]*timelineRow, error) {
	rows, err := db.query(ctx, `SELECT m.id, m.survivor_id, s.name, o.name, m.actor_id, m.actor_name, m.merged_at, m.undone_at, m.undone_by,
		COALESCE(a.name, '') FROM contact_merges m JOIN contacts s ON s.id = m.survivor_id JOIN contacts o ON o.id = m.other_id
		LEFT JOIN agents a ON a.id = m.undone_by WHERE m.survivor_id = ? OR m.other_id = ?`, contactID, contactID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*timelineRow
	for rows.Next() {
		var id, surv, merged int64
		var survName, otherName, actorName, undoerName string
		var actor, undone, undoer sql.NullInt64
		if err := rows.Scan(&id, &surv, &survName, &otherName, &actor, &actorName, &merged, &undone, &undoer, &undoerName); err != nil {
			return nil, err
		}
		name := otherName
		if surv != contactID {
			name = survName
		}
		m := &switchboard.TimelineEntry{Kind: switchboard.TimelineMerged, At: fromMicro(merged), ActorName: actorName, MergeID: &id, OtherName: displayName(name)}
		if actor.Valid {
			m.ActorID = &actor.Int64
		}
		out = append(out, &timelineRow{e: m, at: merged, rank: rankMerge, id: 2 * id})
		if undone.Valid {
			u := &switchboard.TimelineEntry{Kind: switchboard.TimelineUnmerged, At: fromMicro(undone.Int64), ActorName: undoerName, MergeID: &id, OtherName: displayName(name)}
			if undoer.Valid {
				u.ActorID = &undoer.Int64
			}
			out = append(out, &timelineRow{e: u, at: undone.Int64, rank: rankMerge, id: 2*id + 1})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out = slices.DeleteFunc(out, func(r *timelineRow) bool { return !cur.after(r) })
	return out, nil
}

func (db *DB) timelineFacts(ctx context.Context, contactID int64, cur timelineCursor, _ switchboard.InboxScope, n int) ([]*timelineRow, error) {
	cond, args := cur.before(rankFact, "created_at", "id")
	// A contact merged into this one brought its story along; an un-merge takes it back.
	rows, err := db.query(ctx, "SELECT id, kind, actor_id, actor_name, detail, created_at FROM contact_facts WHERE (contact_id = ? OR contact_id IN "+
		"(SELECT other_id FROM contact_merges WHERE survivor_id = ? AND undone_at IS NULL)) AND "+cond+
		" ORDER BY created_at DESC, id DESC"+limitSQL(n), append([]any{contactID, contactID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*timelineRow
	for rows.Next() {
		var id, at int64
		var actor sql.NullInt64
		var detail string
		e := &switchboard.TimelineEntry{}
		if err := rows.Scan(&id, &e.Kind, &actor, &e.ActorName, &detail, &at); err != nil {
			return nil, err
		}
		if actor.Valid {
			e.ActorID = &actor.Int64
		}
		if detail != "" {
			var d factDetail
			if err := json.Unmarshal([]byte(detail), &d); err != nil {
				return nil, fmt.Errorf("fact %d: %w", id, err)
			}
			e.Identity, e.Labels, e.Text = d.Identity, d.Labels, d.Text
		}
		e.At = fromMicro(at)
		out = append(out, &timelineRow{e: e, at: at, rank: rankFact, id: id})
	}
	return out, rows.Err()
}

// factDetail is what a contact fact keeps besides its kind.
type factDetail struct {
	Identity *switchboard.Identity `json:"identity,omitempty"`
	Labels   []string              `json:"labels,omitempty"`
	Text     string                `json:"text,omitempty"`
}

// noteExcerpt is the start of a note, as the timeline quotes it.
const noteExcerpt = 200

func (db *DB) timelineNotes(ctx context.Context, contactID int64, cur timelineCursor, _ switchboard.InboxScope, n int) ([]*timelineRow, error) {
	cond, args := cur.before(rankNote, "created_at", "id")
	rows, err := db.query(ctx, "SELECT "+noteColumns+" FROM contact_notes WHERE contact_id = ? AND "+cond+
		" ORDER BY created_at DESC, id DESC"+limitSQL(n), append([]any{contactID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*timelineRow
	for rows.Next() {
		note, err := scanNote(rows)
		if err != nil {
			return nil, err
		}
		text := note.Body
		if utf8.RuneCountInString(text) > noteExcerpt {
			text = string([]rune(text)[:noteExcerpt]) + "…"
		}
		e := &switchboard.TimelineEntry{Kind: switchboard.TimelineNoteAdded, At: note.CreatedAt, ActorID: note.AuthorID,
			ActorName: note.AuthorName, NoteID: &note.ID, Text: text}
		out = append(out, &timelineRow{e: e, at: micro(note.CreatedAt), rank: rankNote, id: note.ID})
	}
	return out, rows.Err()
}
