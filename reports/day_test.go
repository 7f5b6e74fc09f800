package reports

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRound(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want int64 }{
		{-5, 0}, {0, 0}, {7, 7}, {99, 99}, {100, 100}, {104, 100}, {105, 110}, {149, 150},
		{994, 990}, {995, 1000}, {1234, 1200}, {3600, 3600}, {4500, 4500}, {10800, 11000},
		{321300, 320000}, {327600, 330000},
	} {
		if got := Round(tc.in); got != tc.want {
			t.Errorf("Round(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	ten := Hist{}
	for i := int64(1); i <= 10; i++ {
		ten[i*10] = 1
	}
	for _, tc := range []struct {
		name        string
		h           Hist
		q           float64
		want, wantN int64
	}{
		{"empty", Hist{}, 0.5, 0, 0},
		{"nil", nil, 0.9, 0, 0},
		{"one", Hist{42: 1}, 0.5, 42, 1},
		{"median of ten is the 5th", ten, 0.5, 50, 10},
		{"p90 of ten is the 9th", ten, 0.9, 90, 10},
		{"max", ten, 1, 100, 10},
		{"tiny q is the first", ten, 0.01, 10, 10},
		{"median of four is the 2nd", Hist{10: 1, 20: 1, 30: 1, 40: 1}, 0.5, 20, 4},
		{"weights", Hist{10: 3, 20: 1}, 0.75, 10, 4},
		{"weights above", Hist{10: 3, 20: 1}, 0.9, 20, 4},
		{"negative counts count as none", Hist{10: -2, 20: 1, 30: 1}, 0.5, 20, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, n := tc.h.Percentile(tc.q)
			if v != tc.want || n != tc.wantN {
				t.Errorf("Percentile(%v) = %d, %d; want %d, %d", tc.q, v, n, tc.want, tc.wantN)
			}
		})
	}
}

// sampleDay is a day with something in every part.
func sampleDay() *Day {
	var d Day
	d.Counts[COpened] = 3
	d.Counts[CCSATSum] = -4
	d.Counts[CAway] = 1 << 40
	d.Heat[HeatOpened][0] = 1
	d.Heat[HeatMessages][23] = 7
	d.Add(HFirstResponseCal, 4500, 2)
	d.Add(HFirstResponseCal, 321300, 1)
	d.Add(HResolutionBiz, 10800, -1)
	d.Add(HReplyCal, 0, 5)
	return &d
}

func TestEncodeDecode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		day  *Day
	}{
		{"empty", &Day{}},
		{"full", sampleDay()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got Day
			if err := got.Decode(tc.day.Encode()); err != nil {
				t.Fatal(err)
			}
			if !sameDay(&got, tc.day) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, *tc.day)
			}
			// Decoding adds: twice is double.
			if err := got.Decode(tc.day.Encode()); err != nil {
				t.Fatal(err)
			}
			var want Day
			want.Merge(tc.day)
			want.Merge(tc.day)
			if !sameDay(&got, &want) {
				t.Errorf("decoded twice:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestDecodeRefuses(t *testing.T) {
	t.Parallel()
	good := sampleDay().Encode()
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"version", append([]byte{9}, good[1:]...)},
		{"cut short", good[:len(good)-1]},
		{"trailing", append(append([]byte{}, good...), 0)},
		{"counter out of range", []byte{encodingVersion, 1, 99, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d Day
			if err := d.Decode(tc.b); err == nil {
				t.Errorf("Decode(%v) = nil, want an error", tc.b)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	t.Parallel()
	a := sampleDay()
	var neg Day
	for i, v := range a.Counts {
		neg.Counts[i] = -v
	}
	for i := range a.Heat {
		for h, v := range a.Heat[i] {
			neg.Heat[i][h] = -v
		}
	}
	for i, h := range a.Hists {
		for k, n := range h {
			neg.Add(i, k, -n)
		}
	}
	if got, err := Merge(a.Encode(), neg.Encode()); err != nil || got != nil {
		t.Errorf("a + -a = %v, %v; want nil, nil", got, err)
	}
	if got, err := Merge(nil, nil); err != nil || got != nil {
		t.Errorf("nil + nil = %v, %v; want nil, nil", got, err)
	}
	got, err := Merge(nil, a.Encode())
	if err != nil {
		t.Fatal(err)
	}
	var d Day
	if err := d.Decode(got); err != nil || !sameDay(&d, a) {
		t.Errorf("nil + a = %+v (%v), want a", d, err)
	}
	if _, err := Merge([]byte{7}, nil); err == nil {
		t.Error("Merge of a malformed row: no error")
	}
}

// sameDay compares days, an empty histogram equal to none.
func sameDay(a, b *Day) bool {
	return cmp.Equal(a, b, cmp.Transformer("hist", func(h Hist) map[int64]int64 {
		if len(h) == 0 {
			return nil
		}
		return h
	}))
}

func FuzzDecode(f *testing.F) {
	f.Add(sampleDay().Encode())
	f.Add((&Day{}).Encode())
	f.Add([]byte{})
	f.Add([]byte{encodingVersion, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Day
		if err := d.Decode(b); err != nil {
			return
		}
		// What decodes re-encodes to bytes that decode to the same day.
		var again Day
		if err := again.Decode(d.Encode()); err != nil {
			t.Fatalf("re-encoded day does not decode: %v", err)
		}
		if !sameDay(&d, &again) {
			t.Fatalf("re-encoding changed the day")
		}
	})
}
