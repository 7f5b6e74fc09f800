package offline

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// The label model suggests labels for a conversation from what the team has labelled before:
// a multinomial naive Bayes over binary term features (each term counted once a text), with
// Laplace smoothing. It is small enough to be kept as one JSON document in the database and
// shared by every node, and retrained from scratch by a job as labels are applied.

// LabelledText is a text the team labelled: a customer's turn and the labels its conversation
// carries.
type LabelledText struct {
	Text   string
	Labels []string
}

// The model's bounds and thresholds.
const (
	// MaxLabelFeatures caps the vocabulary: the most frequent terms (by the number of texts
	// they appear in) are kept.
	MaxLabelFeatures = 20000
	// minLabelDocs is how many texts a label needs before it is ever suggested.
	minLabelDocs = 3
	// minSuggestScore is the lowest score a suggestion is made with.
	minSuggestScore = 0.35
	// smoothing is the Laplace smoothing of the term counts.
	smoothing = 0.5
)

// LabelModel is a trained label model. The zero value and nil suggest nothing.
type LabelModel struct {
	vocab  []string       // the features, in order of index
	index  map[string]int // feature -> index in vocab
	labels []labelStats   // sorted by name
	total  []int          // texts each feature appears in, over all texts
	docs   int            // texts trained on
	sum    int            // Σ total
}

type labelStats struct {
	name   string
	docs   int         // texts with the label
	counts map[int]int // feature -> texts with the label it appears in
	sum    int         // Σ counts
}

// features returns the distinct terms of text, in order of first appearance, each term longer
// than four letters followed by its four-letter prefix marked "~" as a back-off that meets the
// same root across the five languages ("subscr", "suscri", "subscr~"… "abonne", "abonna").
func features(text string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, t := range terms(text) {
		add(t)
		if r := []rune(t); len(r) > 4 {
			add(string(r[:4]) + "~")
		}
	}
	return out
}

// TrainLabels learns a label model from labelled texts. Texts without labels count as evidence
// of no label; labels are compared trimmed, as written.
func TrainLabels(docs []LabelledText) *LabelModel {
	feats := make([][]string, len(docs))
	df := map[string]int{}
	for i, d := range docs {
		feats[i] = features(d.Text)
		for _, f := range feats[i] {
			df[f]++
		}
	}
	vocab := make([]string, 0, len(df))
	for f := range df {
		vocab = append(vocab, f)
	}
	sort.Slice(vocab, func(i, j int) bool {
		if df[vocab[i]] != df[vocab[j]] {
			return df[vocab[i]] > df[vocab[j]]
		}
		return vocab[i] < vocab[j]
	})
	if len(vocab) > MaxLabelFeatures {
		vocab = vocab[:MaxLabelFeatures]
	}
	m := &LabelModel{vocab: vocab, total: make([]int, len(vocab)), docs: len(docs)}
	m.buildIndex()
	byName := map[string]*labelStats{}
	for i, d := range docs {
		var idx []int
		for _, f := range feats[i] {
			if j, ok := m.index[f]; ok {
				idx = append(idx, j)
				m.total[j]++
				m.sum++
			}
		}
		seen := map[string]bool{}
		for _, l := range d.Labels {
			l = strings.TrimSpace(l)
			if l == "" || seen[l] {
				continue
			}
			seen[l] = true
			s := byName[l]
			if s == nil {
				s = &labelStats{name: l, counts: map[int]int{}}
				byName[l] = s
			}
			s.docs++
			for _, j := range idx {
				s.counts[j]++
				s.sum++
			}
		}
	}
	for _, s := range byName {
		m.labels = append(m.labels, *s)
	}
	sort.Slice(m.labels, func(i, j int) bool { return m.labels[i].name < m.labels[j].name })
	return m
}

func (m *LabelModel) buildIndex() {
	m.index = make(map[string]int, len(m.vocab))
	for i, f := range m.vocab {
		m.index[f] = i
	}
}

// Docs is how many texts the model was trained on.
func (m *LabelModel) Docs() int {
	if m == nil {
		return 0
	}
	return m.docs
}

// Suggest returns at most n labels for text, best first, with scores from 0 to 1: the model's
// posterior over the labels it knows, tempered by the number of terms (naive Bayes is
// overconfident on long texts). It suggests nothing when it knows too little — fewer than two
// labels seen on minLabelDocs texts each, or no term of text ever seen — and nothing whose
// terms are no likelier under the label than over all texts, or whose score is below
// minSuggestScore.
func (m *LabelModel) Suggest(text string, n int) []switchboard.LabelSuggestion {
	if m == nil || n <= 0 {
		return nil
	}
	var known []*labelStats
	labelled := 0
	for i := range m.labels {
		if m.labels[i].docs >= minLabelDocs {
			known = append(known, &m.labels[i])
			labelled += m.labels[i].docs
		}
	}
	if len(known) < 2 {
		return nil
	}
	var idx []int
	for _, f := range features(text) {
		if j, ok := m.index[f]; ok {
			idx = append(idx, j)
		}
	}
	if len(idx) == 0 {
		return nil
	}
	v := float64(len(m.vocab))
	bg := make([]float64, len(idx))
	for k, j := range idx {
		bg[k] = math.Log((float64(m.total[j]) + smoothing) / (float64(m.sum) + smoothing*v))
	}
	temper := math.Sqrt(float64(len(idx)))
	logp := make([]float64, len(known))
	lift := make([]float64, len(known))
	best := math.Inf(-1)
	for i, s := range known {
		lp := math.Log(float64(s.docs) / float64(labelled))
		for k, j := range idx {
			l := math.Log((float64(s.counts[j]) + smoothing) / (float64(s.sum) + smoothing*v))
			lp += l
			lift[i] += l - bg[k]
		}
		logp[i] = lp / temper
		best = math.Max(best, logp[i])
	}
	var z float64
	for i := range logp {
		z += math.Exp(logp[i] - best)
	}
	var out []switchboard.LabelSuggestion
	for i, s := range known {
		score := math.Exp(logp[i]-best) / z
		if score >= minSuggestScore && lift[i] > 0 {
			out = append(out, switchboard.LabelSuggestion{Label: s.name, Score: math.Round(score*1000) / 1000})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// labelModelJSON is the stored form of a LabelModel.
type labelModelJSON struct {
	Version int         `json:"version"`
	Docs    int         `json:"docs"`
	Vocab   []string    `json:"vocab"`
	Total   []int       `json:"total"`
	Labels  []labelJSON `json:"labels"`
}

// labelJSON is one label's counts, sparse: Features[i] (an index in Vocab) appears in Counts[i]
// of the label's texts.
type labelJSON struct {
	Name     string `json:"name"`
	Docs     int    `json:"docs"`
	Features []int  `json:"features"`
	Counts   []int  `json:"counts"`
}

// MarshalJSON stores the model as one JSON document.
func (m *LabelModel) MarshalJSON() ([]byte, error) {
	out := labelModelJSON{Version: 1, Vocab: []string{}, Total: []int{}, Labels: []labelJSON{}}
	if m != nil {
		out.Docs, out.Vocab, out.Total = m.docs, m.vocab, m.total
		for _, s := range m.labels {
			l := labelJSON{Name: s.name, Docs: s.docs, Features: make([]int, 0, len(s.counts)), Counts: make([]int, 0, len(s.counts))}
			for j := range s.counts {
				l.Features = append(l.Features, j)
			}
			sort.Ints(l.Features)
			for _, j := range l.Features {
				l.Counts = append(l.Counts, s.counts[j])
			}
			out.Labels = append(out.Labels, l)
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON loads a model MarshalJSON stored, checking that it holds together.
func (m *LabelModel) UnmarshalJSON(data []byte) error {
	var in labelModelJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	if in.Version != 1 {
		return fmt.Errorf("label model: unknown version %d", in.Version)
	}
	if len(in.Vocab) > MaxLabelFeatures || len(in.Total) != len(in.Vocab) || in.Docs < 0 {
		return fmt.Errorf("label model: %d features, %d totals", len(in.Vocab), len(in.Total))
	}
	*m = LabelModel{vocab: in.Vocab, total: in.Total, docs: in.Docs}
	for _, t := range in.Total {
		if t < 0 {
			return fmt.Errorf("label model: negative count")
		}
		m.sum += t
	}
	for _, l := range in.Labels {
		if len(l.Features) != len(l.Counts) || l.Docs < 0 {
			return fmt.Errorf("label model: label %q malformed", l.Name)
		}
		s := labelStats{name: l.Name, docs: l.Docs, counts: make(map[int]int, len(l.Features))}
		for i, j := range l.Features {
			if j < 0 || j >= len(in.Vocab) || l.Counts[i] < 0 {
				return fmt.Errorf("label model: label %q has a feature out of range", l.Name)
			}
			s.counts[j] = l.Counts[i]
			s.sum += l.Counts[i]
		}
		m.labels = append(m.labels, s)
	}
	sort.Slice(m.labels, func(i, j int) bool { return m.labels[i].name < m.labels[j].name })
	m.buildIndex()
	return nil
}
