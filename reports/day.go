// Package reports records how well the team serves customers and answers the dashboard: it
// folds the event log into facts (fold.go), rolls facts up into one row per time zone, slice and
// local day (rollup.go), and reads figures from those rows only (query.go). The store persists
// facts and rows; this package decides what they are.
package reports

import (
	"encoding/binary"
	"errors"
	"slices"
)

// Counter indexes Day.Counts.
type Counter int

// The counters of a day.
const (
	COpened Counter = iota
	CReopened
	CResolved
	CResolvedNoReply
	CMessagesIn
	CMessagesOut
	CAssigned
	CHandled
	CSLAMet
	CSLABreached
	CCSATSent
	CCSATRated
	CCSATSum // the sum of ratings, for the mean
	COnline  // seconds
	CAway    // seconds
	// Appended: rows encoded before them read as zero transfers.
	CTransferIn
	CTransferOut
	nCounters
)

// Heat indexes Day.Heat: what is counted by local hour.
const (
	HeatOpened = iota
	HeatMessages
	nHeat
)

// Hist indexes Day.Hists: the durations kept as histograms.
const (
	HFirstResponseCal = iota
	HFirstResponseBiz
	HReplyCal
	HReplyBiz
	HResolutionCal
	HResolutionBiz
	nHists
)

// Day is one rollup row's figures: counters, heat by hour and duration histograms. Every part
// adds, and subtracts exactly (an erased conversation, a label taken off), so a row is always
// the sum of the facts that fall in it, whatever order they came in.
type Day struct {
	Counts [nCounters]int64
	Heat   [nHeat][24]int64
	Hists  [nHists]Hist
}

// Hist counts durations by their value in seconds rounded to two significant figures (exact
// below 100 s), so a day's histogram holds at most a few hundred entries and a percentile read
// from it is at most 5 % off. A map, so adding is cheap; entries that reach zero are removed.
type Hist map[int64]int64

// Round keeps two significant figures of a duration in seconds (negative ones count as 0).
func Round(s int64) int64 {
	if s < 100 {
		return max(s, 0)
	}
	p := int64(1)
	for v := s; v >= 100; v /= 10 {
		p *= 10
	}
	return (s + p/2) / p * p
}

// Add counts n durations of s seconds (n may be negative).
func (d *Day) Add(h int, s, n int64) {
	if d.Hists[h] == nil {
		d.Hists[h] = Hist{}
	}
	k := Round(s)
	if v := d.Hists[h][k] + n; v != 0 {
		d.Hists[h][k] = v
	} else {
		delete(d.Hists[h], k)
	}
}

// Merge adds o into d.
func (d *Day) Merge(o *Day) {
	for i, v := range o.Counts {
		d.Counts[i] += v
	}
	for i := range o.Heat {
		for h, v := range o.Heat[i] {
			d.Heat[i][h] += v
		}
	}
	for i, hist := range o.Hists {
		for k, n := range hist {
			d.Add(i, k, n)
		}
	}
}

// Empty reports whether the day holds nothing (a row that may be deleted).
func (d *Day) Empty() bool {
	for _, v := range d.Counts {
		if v != 0 {
			return false
		}
	}
	for i := range d.Heat {
		for _, v := range d.Heat[i] {
			if v != 0 {
				return false
			}
		}
	}
	for _, h := range d.Hists {
		if len(h) > 0 {
			return false
		}
	}
	return true
}

// Percentile returns the nearest-rank q-quantile (0 < q ≤ 1) of the histogram and the count;
// 0, 0 when empty. Negative counts (a row caught between a subtraction and its addition) count
// as none.
func (h Hist) Percentile(q float64) (value, count int64) {
	keys := make([]int64, 0, len(h))
	for k, n := range h {
		if n > 0 {
			keys = append(keys, k)
			count += n
		}
	}
	if count == 0 {
		return 0, 0
	}
	slices.Sort(keys)
	rank := int64(q*float64(count) + 0.999999999)
	rank = min(max(rank, 1), count)
	var seen int64
	for _, k := range keys {
		seen += h[k]
		if seen >= rank {
			return k, count
		}
	}
	return keys[len(keys)-1], count
}

// encodingVersion starts every encoded day, so the format can change with a rebuild.
const encodingVersion = 1

// Encode writes the day compactly: signed varints of the counters, the heat and the
// histograms' sorted keys (as differences) and counts, zeros left out.
func (d *Day) Encode() []byte {
	b := make([]byte, 0, 64)
	b = append(b, encodingVersion)
	b = sparse(b, d.Counts[:])
	for i := range d.Heat {
		b = sparse(b, d.Heat[i][:])
	}
	for _, h := range d.Hists {
		keys := make([]int64, 0, len(h))
		for k, n := range h {
			if n != 0 {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		b = binary.AppendUvarint(b, uint64(len(keys)))
		prev := int64(0)
		for _, k := range keys {
			b = binary.AppendVarint(b, k-prev)
			b = binary.AppendVarint(b, h[k])
			prev = k
		}
	}
	return b
}

// sparse appends the nonzero entries of vs as (index, value) pairs after their number.
func sparse(b []byte, vs []int64) []byte {
	n := 0
	for _, v := range vs {
		if v != 0 {
			n++
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	for i, v := range vs {
		if v != 0 {
			b = binary.AppendUvarint(b, uint64(i))
			b = binary.AppendVarint(b, v)
		}
	}
	return b
}

// errEncoding is returned for bytes Encode did not write.
var errEncoding = errors.New("reports: malformed rollup row")

// Decode reads what Encode wrote into d, adding to what d holds (so rows can be summed by
// decoding them one after another into one Day).
func (d *Day) Decode(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if b[0] != encodingVersion {
		return errEncoding
	}
	r := reader{b: b[1:]}
	r.sparse(d.Counts[:])
	for i := range d.Heat {
		r.sparse(d.Heat[i][:])
	}
	for i := range d.Hists {
		n := r.uvarint()
		if n > uint64(len(r.b)) {
			return errEncoding
		}
		k := int64(0)
		for range n {
			k += r.varint()
			d.Add(i, k, r.varint())
		}
	}
	if r.err || len(r.b) != 0 {
		return errEncoding
	}
	return nil
}

// reader reads varints, remembering whether any was malformed.
type reader struct {
	b   []byte
	err bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// sparse adds the (index, value) pairs Encode wrote into vs.
func (r *reader) sparse(vs []int64) {
	n := r.uvarint()
	for range n {
		i := r.uvarint()
		v := r.varint()
		if r.err || i >= uint64(len(vs)) {
			r.err, r.b = true, nil
			return
		}
		vs[i] += v
	}
}

// Merge adds two encoded rows; it is the store's way of adding a delta to a row. It returns nil
// when the sum holds nothing, so the store deletes the row.
func Merge(a, b []byte) ([]byte, error) {
	var d Day
	if err := d.Decode(a); err != nil {
		return nil, err
	}
	if err := d.Decode(b); err != nil {
		return nil, err
	}
	if d.Empty() {
		return nil, nil
	}
	return d.Encode(), nil
}
