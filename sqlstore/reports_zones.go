package sqlstore

// Report rows: the rollups of each time zone, and the changes that move facts after they were
// kept (an erased contact, a deleted inbox, a renamed label) or add a zone.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// reportZone is a time zone rolled up: ready, or built from facts up to through so far.
type reportZone struct {
	zone    string
	through int64
	ready   bool
}

// maxReportZones caps the time zones rolled up, UTC included: each costs every new fact a
// rollup for ever, and a new one is built from every fact kept.
const maxReportZones = 24

// reportZones reads the zones rolled up (the caller holds the reports lock), but those this
// host cannot load (its zone database older than the one that registered them): they are
// skipped, so UTC and the others keep recording, and as they miss facts from now on their rows
// are dropped and they are left to be built again from every fact should a host load them.
func (tx *Tx) reportZones() ([]reportZone, error) {
	rows, err := tx.query("SELECT zone, through, ready FROM report_zones ORDER BY zone")
	if err != nil {
		return nil, fmt.Errorf("read report zones: %w", err)
	}
	var out []reportZone
	var unknown []string
	for rows.Next() {
		var z reportZone
		if err := rows.Scan(&z.zone, &z.through, &z.ready); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read report zones: %w", err)
		}
		if _, err := time.LoadLocation(z.zone); err == nil {
			out = append(out, z)
		} else if z.ready || z.through > 0 {
			unknown = append(unknown, z.zone)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read report zones: %w", err)
	}
	for _, zone := range unknown {
		for _, q := range []string{"DELETE FROM report_days WHERE zone = ?", "UPDATE report_zones SET through = 0, ready = FALSE WHERE zone = ?"} {
			if _, err := tx.exec(q, zone); err != nil {
				return nil, fmt.Errorf("drop report zone %s: %w", zone, err)
			}
		}
	}
	return out, nil
}

// applyReportFacts adds facts (sign 1) to, or takes them from (-1), the rows of every zone that
// holds them: a ready zone holds every fact kept, one being built those up to its through.
func (tx *Tx) applyReportFacts(zones []reportZone, facts []switchboard.ReportFact, sign int, labels func(int64) []string, only []switchboard.ReportSlice) error {
	if len(facts) == 0 {
		return nil
	}
	var deltas []switchboard.ReportDelta
	for _, z := range zones {
		held := facts
		if !z.ready {
			held = slices.DeleteFunc(slices.Clone(facts), func(f switchboard.ReportFact) bool { return f.ID > z.through })
		}
		if len(held) == 0 {
			continue
		}
		d, err := tx.db.reports.Rollup(z.zone, held, sign, labels, only)
		if err != nil {
			return fmt.Errorf("roll up facts in %s: %w", z.zone, err)
		}
		deltas = append(deltas, d...)
	}
	return tx.mergeReportDeltas(deltas)
}

// dayKey names one rollup row.
type dayKey struct {
	zone  string
	slice switchboard.ReportSlice
	id    string
	day   int
}

// mergeReportDeltas adds deltas to their rows: the rows a batch touches are read with one
// statement per zone (and few hundred rows), summed with the deltas by the folder's Merge, and
// written back with one upsert; a row whose sum holds nothing is deleted.
func (tx *Tx) mergeReportDeltas(deltas []switchboard.ReportDelta) error {
	if len(deltas) == 0 {
		return nil
	}
	merge := tx.db.reports.Merge
	sum := map[dayKey][]byte{}
	var order []dayKey
	for _, d := range deltas {
		k := dayKey{d.Zone, d.Slice, d.SliceID, d.Day}
		prev, ok := sum[k]
		if !ok {
			order = append(order, k)
			sum[k] = d.Data
			continue
		}
		m, err := merge(prev, d.Data)
		if err != nil {
			return fmt.Errorf("merge report rows: %w", err)
		}
		sum[k] = m
	}
	existing, err := tx.reportDays(order)
	if err != nil {
		return err
	}
	var upserts [][]any
	var deletes []dayKey
	for _, k := range order {
		old, had := existing[k]
		row, err := merge(old, sum[k])
		if err != nil {
			return fmt.Errorf("merge report row: %w", err)
		}
		switch {
		case row != nil:
			upserts = append(upserts, []any{k.zone, string(k.slice), k.id, k.day, tx.blob(row)})
		case had:
			deletes = append(deletes, k)
		}
	}
	if err := tx.insertRows("report_days (zone, slice, slice_id, day, data)", upserts,
		" ON CONFLICT (zone, slice, slice_id, day) DO UPDATE SET data = excluded.data"); err != nil {
		return fmt.Errorf("write report rows: %w", err)
	}
	for _, k := range deletes {
		if _, err := tx.exec("DELETE FROM report_days WHERE zone = ? AND slice = ? AND slice_id = ? AND day = ?",
			k.zone, string(k.slice), k.id, k.day); err != nil {
			return fmt.Errorf("delete report row: %w", err)
		}
	}
	return nil
}

// blob is a row's data as insertRows takes it: bytes on SQLite, PostgreSQL's hex form of bytea
// (its rows travel as JSON; see insertJSON).
func (tx *Tx) blob(b []byte) any {
	if tx.db.dialect.name != "postgres" {
		return b
	}
	return fmt.Sprintf("\\x%x", b)
}

// reportDayBatch bounds the keys read by one statement (three arguments each).
const reportDayBatch = 256

// reportDays reads the existing rows of keys, one statement per zone and reportDayBatch keys,
// padded to a power of two so the statement texts are few.
func (tx *Tx) reportDays(keys []dayKey) (map[dayKey][]byte, error) {
	byZone := map[string][]dayKey{}
	var zones []string
	for _, k := range keys {
		if byZone[k.zone] == nil {
			zones = append(zones, k.zone)
		}
		byZone[k.zone] = append(byZone[k.zone], k)
	}
	out := map[dayKey][]byte{}
	for _, zone := range zones {
		for chunk := range slices.Chunk(byZone[zone], reportDayBatch) {
			size := 1
			for size < len(chunk) {
				size *= 2
			}
			args := make([]any, 0, 3*size+1)
			for i := range size {
				k := chunk[min(i, len(chunk)-1)]
				args = append(args, string(k.slice), k.id, k.day)
			}
			args = append(args, zone)
			values := strings.TrimSuffix(strings.Repeat("(?, ?, CAST(? AS INTEGER)), ", size), ", ")
			rows, err := tx.query(`SELECT d.slice, d.slice_id, d.day, d.data FROM (VALUES `+values+`) AS v CROSS JOIN report_days d
				WHERE d.zone = ? AND d.slice = v.column1 AND d.slice_id = v.column2 AND d.day = v.column3`, args...)
			if err != nil {
				return nil, fmt.Errorf("read report rows: %w", err)
			}
			for rows.Next() {
				k := dayKey{zone: zone}
				var data []byte
				if err := rows.Scan(&k.slice, &k.id, &k.day, &data); err != nil {
					rows.Close()
					return nil, fmt.Errorf("read report rows: %w", err)
				}
				out[k] = data
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, fmt.Errorf("read report rows: %w", err)
			}
		}
	}
	return out, nil
}

// reportZoneStep builds the next facts of a zone that is not ready: the next limit facts after
// its through, rolled up in it; it is ready once it holds them all.
func (tx *Tx) reportZoneStep(limit int) (int, error) {
	zones, err := tx.reportZones()
	if err != nil {
		return 0, err
	}
	i := slices.IndexFunc(zones, func(z reportZone) bool { return !z.ready })
	if i < 0 {
		return 0, nil
	}
	z := zones[i]
	facts, err := tx.readReportFacts("id > ?", limit, z.through)
	if err != nil {
		return 0, fmt.Errorf("build report zone %s: %w", z.zone, err)
	}
	b := tx.newReportBatch()
	var convs []int64
	for _, f := range facts {
		if f.ConversationID != 0 {
			convs = append(convs, f.ConversationID)
		}
	}
	if err := b.load(convs, nil); err != nil {
		return 0, err
	}
	labels := func(id int64) []string {
		if r := b.old[id]; r != nil {
			return r.labels
		}
		return nil
	}
	if err := tx.applyReportFacts([]reportZone{{zone: z.zone, ready: true}}, facts, 1, labels, nil); err != nil {
		return 0, err
	}
	ready := len(facts) < limit
	if len(facts) > 0 {
		z.through = facts[len(facts)-1].ID
	}
	if _, err := tx.exec("UPDATE report_zones SET through = ?, ready = ? WHERE zone = ?", z.through, ready, z.zone); err != nil {
		return 0, fmt.Errorf("build report zone %s: %w", z.zone, err)
	}
	return max(1, len(facts)), nil
}

// registerReportZone adds an agent's time zone to those rolled up (see addReportZone), when
// there is room: an agent is created or moves all the same.
func (tx *Tx) registerReportZone(zone string) error {
	_, err := tx.addReportZone(zone)
	return err
}

// addReportZone adds a time zone to those rolled up: ready at once while there are no facts,
// else built by the follower (see reportZoneStep). It returns false, adding nothing, when
// maxReportZones are rolled up already (the zone's figures then answer in UTC).
func (tx *Tx) addReportZone(zone string) (bool, error) {
	if tx.db.reports == nil || zone == "" {
		return true, nil
	}
	if _, err := tx.lockReportRows(false); err != nil {
		return false, err
	}
	var known bool
	var n int
	if err := tx.queryRow("SELECT EXISTS (SELECT 1 FROM report_zones WHERE zone = ?), (SELECT COUNT(*) FROM report_zones)", zone).Scan(&known, &n); err != nil {
		return false, fmt.Errorf("register report zone %s: %w", zone, err)
	}
	if known {
		return true, nil
	}
	if n >= maxReportZones {
		return false, nil
	}
	if _, err := tx.exec(`INSERT INTO report_zones (zone, through, ready) SELECT ?, 0, NOT EXISTS (SELECT 1 FROM report_facts)
		WHERE TRUE ON CONFLICT (zone) DO NOTHING`, zone); err != nil {
		return false, fmt.Errorf("register report zone %s: %w", zone, err)
	}
	return true, nil
}

// forgetReports takes conversations out of the reports, in the transaction that deletes them
// (a contact's erasure, an inbox's deletion): their facts are subtracted from every zone that
// holds them and deleted with their states and their part of the live counts.
func (tx *Tx) forgetReports(convs []int64) error {
	if tx.db.reports == nil || len(convs) == 0 {
		return nil
	}
	if _, err := tx.lockReportRows(false); err != nil {
		return err
	}
	zones, err := tx.reportZones()
	if err != nil {
		return err
	}
	for chunk := range slices.Chunk(convs, 500) {
		b := tx.newReportBatch()
		if err := b.load(chunk, nil); err != nil {
			return err
		}
		facts, err := tx.reportFactsOf(chunk)
		if err != nil {
			return err
		}
		labels := func(id int64) []string {
			if r := b.old[id]; r != nil {
				return r.labels
			}
			return nil
		}
		if err := tx.applyReportFacts(zones, facts, -1, labels, nil); err != nil {
			return err
		}
		in, args := inIDs("conversation_id", chunk)
		for _, table := range []string{"report_facts", "report_conversations"} {
			if _, err := tx.exec("DELETE FROM "+table+" WHERE "+in, args...); err != nil {
				return fmt.Errorf("forget reports of conversations: %w", err)
			}
		}
		load := map[int64]int64{}
		for _, r := range b.old {
			countLoad(load, r.status, r.agent, -1)
		}
		if err := tx.addLoad(load); err != nil {
			return err
		}
	}
	return nil
}
