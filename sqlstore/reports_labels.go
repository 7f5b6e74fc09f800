package sqlstore

// Labels in the reports: a conversation's facts count under each label it has now, by name.
// Adding and removing labels reach the reports as events (see reportBatch.moveLabels); renaming
// and deleting a label change no conversation's events, so the store moves the rows itself.

import (
	"fmt"
	"slices"

	"github.com/switchboardhq/switchboard"
)

// labelReports prepares a change of a label's reports, in the transaction that makes it:
// holding the reports lock, with the events not yet folded folded first (they name the label as
// it was; the follower is rarely behind by more than a few steps), it returns the states that
// name the label exactly and the zones. It reads only the states of the conversations that
// carry the label and of those with events still to fold (one of which may be its removal),
// never every state: its cost is the label's conversations plus the follower's backlog.
func (tx *Tx) labelReports(labelID int64, name string) (*reportBatch, []reportZone, error) {
	if _, err := tx.lockReportRows(false); err != nil {
		return nil, nil, err
	}
	m, err := tx.reportMeta()
	if err != nil {
		return nil, nil, err
	}
	for step := 0; step < 20; step++ {
		n, err := tx.reportEventsStep(m, defaultReportStep)
		if err != nil {
			return nil, nil, err
		}
		if n == 0 {
			break
		}
		if m, err = tx.reportMeta(); err != nil {
			return nil, nil, err
		}
	}
	zones, err := tx.reportZones()
	if err != nil {
		return nil, nil, err
	}
	convs, err := tx.labelCandidates(labelID, m.cursor)
	if err != nil {
		return nil, nil, err
	}
	b := tx.newReportBatch()
	if err := b.load(convs, nil); err != nil {
		return nil, nil, err
	}
	for id, s := range b.st.Conversations {
		if !slices.Contains(s.Labels, name) {
			delete(b.st.Conversations, id)
		}
	}
	return b, zones, nil
}

// labelCandidates lists the conversations whose states may name a label: those that carry it,
// and those with events after the cursor (a state still naming a label removed since has its
// removal among them). A state names the label only if its Labels hold the name, which the
// caller checks on the states themselves.
func (tx *Tx) labelCandidates(labelID, cursor int64) ([]int64, error) {
	convs, err := tx.ids(`SELECT conversation_id FROM conversation_labels WHERE label_id = ?
		UNION SELECT conversation_id FROM events WHERE id > ? AND conversation_id IS NOT NULL`, labelID, cursor)
	if err != nil {
		return nil, fmt.Errorf("label %d in reports: %w", labelID, err)
	}
	return convs, nil
}

// saveLabelStates writes the states whose labels a rename or deletion changed.
func (b *reportBatch) saveLabelStates() error {
	var rows [][]any
	for id, s := range b.st.Conversations {
		raw, err := jsonText(s)
		if err != nil {
			return err
		}
		rows = append(rows, []any{id, string(s.Status), s.AgentID, raw})
	}
	if err := b.tx.insertRows("report_conversations (conversation_id, status, agent_id, state)", rows,
		" ON CONFLICT (conversation_id) DO UPDATE SET state = excluded.state"); err != nil {
		return fmt.Errorf("save report states: %w", err)
	}
	return nil
}

// renameReportLabel moves a renamed label's rows to its new name, in every zone, and renames it
// in the states that name it.
func (tx *Tx) renameReportLabel(labelID int64, from, to string) error {
	if tx.db.reports == nil || from == to {
		return nil
	}
	b, zones, err := tx.labelReports(labelID, from)
	if err != nil {
		return err
	}
	var deltas []switchboard.ReportDelta
	for _, z := range zones {
		rows, err := tx.query("SELECT day, data FROM report_days WHERE zone = ? AND slice = 'label' AND slice_id = ?", z.zone, from)
		if err != nil {
			return fmt.Errorf("rename label in reports: %w", err)
		}
		for rows.Next() {
			d := switchboard.ReportDelta{Zone: z.zone, Slice: switchboard.SliceLabel, SliceID: to}
			if err := rows.Scan(&d.Day, &d.Data); err != nil {
				rows.Close()
				return fmt.Errorf("rename label in reports: %w", err)
			}
			deltas = append(deltas, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rename label in reports: %w", err)
		}
		if _, err := tx.exec("DELETE FROM report_days WHERE zone = ? AND slice = 'label' AND slice_id = ?", z.zone, from); err != nil {
			return fmt.Errorf("rename label in reports: %w", err)
		}
	}
	if err := tx.mergeReportDeltas(deltas); err != nil {
		return err
	}
	for _, s := range b.st.Conversations {
		s.Labels[slices.Index(s.Labels, from)] = to
	}
	return b.saveLabelStates()
}

// deleteReportLabel takes a deleted label off the reports: the facts of the conversations that
// carried it leave its rows, and it leaves their states.
func (tx *Tx) deleteReportLabel(labelID int64) error {
	if tx.db.reports == nil {
		return nil
	}
	var name string
	if err := tx.queryRow("SELECT name FROM labels WHERE id = ?", labelID).Scan(&name); err != nil {
		return nil // none: DeleteLabel answers
	}
	b, zones, err := tx.labelReports(labelID, name)
	if err != nil {
		return err
	}
	var convs []int64
	for id, s := range b.st.Conversations {
		convs = append(convs, id)
		s.Labels = slices.DeleteFunc(s.Labels, func(l string) bool { return l == name })
	}
	facts, err := tx.reportFactsOf(convs)
	if err != nil {
		return err
	}
	only := []switchboard.ReportSlice{switchboard.SliceLabel}
	if err := tx.applyReportFacts(zones, facts, -1, func(int64) []string { return []string{name} }, only); err != nil {
		return err
	}
	return b.saveLabelStates()
}
