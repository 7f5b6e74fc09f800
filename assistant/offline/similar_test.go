package offline

import "testing"

func ids(cs []Candidate) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestRankAnswers(t *testing.T) {
	cands := []Candidate{
		{ID: 1, Source: "resolved", Query: "My parcel never arrived, the tracking shows nothing", Answer: "We reshipped your parcel."},
		{ID: 2, Source: "resolved", Query: "I was charged twice for the same invoice", Answer: "We refunded the double charge."},
		{ID: 3, Source: "canned", Title: "Reset password", Query: "how to reset the password of the account", Answer: "Use the 'forgot password' link."},
		{ID: 4, Source: "resolved", Query: "Il pacco non è mai arrivato, il tracciamento non mostra nulla", Answer: "Abbiamo rispedito il pacco."},
		{ID: 5, Source: "resolved", Query: "charged twice on my card for one invoice", Answer: "We refunded the double charge."},
		{ID: 6, Source: "canned", Title: "Return label", Query: "send a return label", Answer: "Here is your return label."},
	}
	for _, tc := range []struct {
		query string
		n     int
		want  []int64
	}{
		{"the tracking of my parcel shows nothing", 2, []int64{1}},
		{"Il mio pacco non è arrivato", 3, []int64{4}},
		{"I forgot my password", 3, []int64{3}},
		{"charged twice on the invoice", 3, []int64{2}}, // 5 has the same answer as 2
		{"how do I get a return label?", 1, []int64{6}},
		{"hello, thanks a lot!", 3, nil},   // nothing meaningful shared
		{"quantum chromodynamics", 3, nil}, // nothing shared at all
		{"", 3, nil},
	} {
		got := ids(RankAnswers(tc.query, cands, tc.n))
		if len(got) != len(tc.want) {
			t.Errorf("RankAnswers(%q) = %v, want %v", tc.query, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("RankAnswers(%q) = %v, want %v", tc.query, got, tc.want)
			}
		}
	}
	if got := RankAnswers("parcel", cands, 0); got != nil {
		t.Errorf("n=0: %v", got)
	}
}
