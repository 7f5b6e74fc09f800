package offline

// The evaluation set, testdata/eval.tsv
//
// 280 customer messages, 56 in each of English, Italian, Spanish, French and Portuguese, one a
// line: lang, sentiment, urgency, text (tab-separated, a header line first). They were written
// for this package as a support team receives them: short chat lines ("hi is the store open on
// sunday", "Brilliant, thanks!") and longer emails with greetings and sign-offs, about orders,
// delivery, refunds, double charges, invoices, login and password trouble, outages, returns and
// exchanges, pricing questions, praise and complaints, some typed without accents or in lower
// case, some with emoticons and "!!!". Each language has the same 56 situations, written the way a
// speaker of that language would put them (close to translations, but in each language's own
// idiom: "Che nervi", "Qué frustración", "C'est vraiment pénible"), so the per-language figures
// compare like with like.
//
// Every line was labelled by hand, judging the message as an agent reading it would:
//   - sentiment: negative when the customer complains or is unhappy (a fault, a wrong or damaged
//     item, a charge they dispute, waiting with no answer), positive for thanks and praise,
//     neutral for questions and requests with no feeling either way;
//   - urgency: high when the customer asks for speed, names a deadline, has asked before with no
//     answer, or something is down for them and their customers; low when nothing needs doing
//     soon (thanks, praise, an FYI); normal otherwise.
//
// The lexicons (lexicon/*.txt) were written from general vocabulary of each language and of
// customer support, not by copying sentences or phrases of this set; the set is read only here.
// But the same person wrote both and tuned the lexicons while looking at this set's misses, so
// its figures are optimistic. Two smaller sets keep the estimate honest: holdout.tsv (committed
// before any tuning; its first-run figures are recorded below) and blind.tsv (written after all
// tuning and run once, nothing changed after).
//
// A third, larger never-tuned set, blind2.tsv (300 messages, 60 per language), was written by
// someone who never read the lexicons, committed before the analysers were run on it, and run
// once; nothing was changed after.
//
// Figures (go test -run TestAccuracy -v ./assistant/offline):
//
//	set           n    language  sentiment  urgency
//	eval.tsv      280  0.993     0.986      0.982   tuned against
//	holdout.tsv   50   0.980     0.640      0.840   first run, before tuning (now 1.00/0.90/0.98)
//	blind.tsv     50   0.980     0.760      0.760   never tuned against
//	blind2.tsv    300  0.980     0.703      0.703   never tuned against, lexicons unseen by its writer
//	blind+blind2  350  0.980     0.711      0.711   the fair estimate on unseen text
//	all four      680  0.987     0.838      0.843   optimistic: includes the tuned set
//
// On blind2.tsv the misses are mostly: complaints stated as plain facts with no feeling word
// ("production is down", "it is not waterproof", "still no refund") read as neutral; a courtesy
// "thanks"/"grazie"/"merci" in a question or sign-off, or ironic thanks ("Thanks for nothing",
// "Fantastic service as always"), read as positive, which also drops urgency to low; deadlines,
// repeated follow-ups and outages without an explicit urgency word left at normal urgency; and
// very short slang lines ("ty!! u guys rock", "valeu demais") left with no language.
//
// Those kinds were then fixed as kinds, in all five languages, without reading a message of
// blind.tsv or blind2.tsv (from a description of the kinds, tested by kinds_test.go on sentences
// written for it): courtesy thanks that weigh nothing in a sign-off, beside a question or after a
// complaint; a contrast ("but", "ma", "pero", "mais", "mas") that lets what follows decide;
// problem states, outages, follow-ups, out-of-office notices and FYIs; a deadline high on its
// own; stretched letters ("grazieee") and numbers read by their shape ("for 10 days"). After:
//
//	set           n    language  sentiment  urgency
//	eval.tsv      280  0.993     0.989      0.989
//	holdout.tsv   50   1.000     0.920      1.000
//	blind.tsv     50   0.980     0.820      0.820
//	blind2.tsv    300  0.987     0.797      0.867
//	blind+blind2  350  0.986     0.800      0.860   no longer blind: the kinds came from their misses
//	all four      680  0.990     0.887      0.924
//
// The honest measure of that work is a set written after it (blind3.tsv).
//
// blind3.tsv read language 1.000, sentiment 0.692, urgency 0.796 on its first run. Its misses were
// then described as general kinds, with invented example phrases (negatives stated as plain
// facts: charges not owed, failure verbs, "no water / sin luz / plus de chauffage", hazards,
// "booked X, got Y", refusals without a reason; sarcasm; superlatives and idioms of praise;
// damping inside questions; hazards, stranded customers, vulnerable people and deadlines with a
// consequence as urgency; auto-replies and thanks as low), and those kinds were fixed in all five
// languages without reading a message of blind3.tsv (kinds_test.go, TestKindSarcasm onwards).
// After:
//
//	set           n    language  sentiment  urgency
//	eval.tsv      280  0.993     0.989      0.989
//	holdout.tsv   50   1.000     0.920      1.000
//	blind.tsv     50   0.980     0.820      0.820
//	blind2.tsv    300  0.983     0.807      0.883
//	blind3.tsv    250  1.000     0.896      0.896   no longer blind: the kinds came from its misses
//
// The honest measure of that work is blind4.tsv, written after it.
//
// blind4.tsv read language 1.000, sentiment 0.752, urgency 0.808 on its first run. Its misses were
// described as kinds the same way (applause 👏 👌 beside a complaint; pity closings after a
// contrast; counts short of what was due; defects, charges not owed, stuck orders with a
// consequence, services that did not happen, hedged disappointment; praise idioms and
// formulas; receipts, formal letters and out-of-office replies as neutral; a near moment with a
// blocker, terse demands and account takeovers as urgent; FYIs as low) and fixed in all five
// languages without reading a message of blind4.tsv (kinds_test.go, TestKindApplauseAndPity
// onwards). After round 3:
//
//	set           n    language  sentiment  urgency
//	eval.tsv      280  0.993     0.989      0.993
//	holdout.tsv   50   1.000     0.920      1.000
//	blind.tsv     50   0.980     0.820      0.860
//	blind2.tsv    300  0.983     0.810      0.917
//	blind3.tsv    250  1.000     0.896      0.904
//	blind4.tsv    250  1.000     0.884      0.880   no longer blind: the kinds came from its misses
//
// The honest measure of that work is blind5.tsv, written after it.
//
// Each test fails below floors set a margin under what the analysers reach.

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
)

type evalCase struct {
	lang      string
	sentiment switchboard.Sentiment
	urgency   switchboard.Urgency
	text      string
}

func readEval(t testing.TB, path string) []evalCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []evalCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue
		}
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 4 {
			t.Fatalf("%s:%d: %d columns, want 4", path, n, len(p))
		}
		c := evalCase{p[0], switchboard.Sentiment(p[1]), switchboard.Urgency(p[2]), p[3]}
		if !c.sentiment.Valid() || !c.urgency.Valid() || lexicons[c.lang] == nil {
			t.Fatalf("%s:%d: bad labels %q", path, n, p[:3])
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

type tally struct{ n, lang, sentiment, urgency int }

func (t tally) rate(k int) float64 { return float64(k) / float64(t.n) }

// row is the tally as a line of the accuracy table.
func (t tally) row(name string) string {
	return fmt.Sprintf("%-8s %5d %9.3f %10.3f %8.3f\n",
		name, t.n, t.rate(t.lang), t.rate(t.sentiment), t.rate(t.urgency))
}

func TestAccuracy(t *testing.T) {
	cases := readEval(t, "testdata/eval.tsv")
	if len(cases) < 250 {
		t.Fatalf("%d cases, want at least 250", len(cases))
	}
	per, all := evaluate(t, "eval.tsv", cases)
	const langFloor, sentimentFloor, urgencyFloor = 0.97, 0.93, 0.93
	checkFloors(t, per, all, langFloor, sentimentFloor, urgencyFloor)
}

// TestAccuracyHoldout reads testdata/holdout.tsv: 50 messages (10 per language) on situations
// the main set does not have, written and labelled as it was and committed before the lexicons
// were tuned. Its first run, before any tuning, read language 0.98, sentiment 0.64, urgency
// 0.84; its misses were then looked at (negation crossing a comma, "manca", "senza avvisare",
// "va bene" in a question), so its figures now (1.00, 0.90, 0.98) are no longer blind.
func TestAccuracyHoldout(t *testing.T) {
	per, all := evaluate(t, "holdout.tsv", readEval(t, "testdata/holdout.tsv"))
	checkFloors(t, per, all, 0.9, 0.8, 0.8)
}

// TestAccuracyBlind reads testdata/blind.tsv: 50 more messages (10 per language, new situations:
// expired vouchers, store pick-up, payroll exports, merged accounts, texting shorthand like "do u
// have"), written and committed after all tuning and run once; nothing was changed after seeing
// its result. It is the honest estimate of how the analysers fare on unseen text.
func TestAccuracyBlind(t *testing.T) {
	per, all := evaluate(t, "blind.tsv", readEval(t, "testdata/blind.tsv"))
	checkFloors(t, per, all, 0.9, 0.6, 0.6)
}

// TestAccuracyBlind2 reads testdata/blind2.tsv: 300 messages (60 per language) written by a
// different hand from the lexicons, without ever reading them, labelled by the same rules as
// eval.tsv and committed (its own commit) before the analysers were first run on it. It covers
// chat lines with typos, missing accents and emoji ("mi e arrivato il pacco tutto ammaccato",
// "c bon ça marche merci !!"), long emails with greetings and signatures, sarcasm ("Fantastic
// service as always"), mixed feelings ("works great overall, but the export keeps crashing"),
// follow-ups, deadlines, outages, FYIs, order numbers and amounts. Its figures were measured
// once and nothing was changed after: the floors are those figures minus 0.05 (language) and
// 0.08 (sentiment, urgency), so the test fails if the analysers get worse on unseen text.
func TestAccuracyBlind2(t *testing.T) {
	// Measured on the first run: language 0.980, sentiment 0.703, urgency 0.703.
	blindSet(t, "blind2.tsv", 0.93, 0.62, 0.62)
}

// TestAccuracyBlind3 reads testdata/blind3.tsv: 250 messages (50 per language) written by
// another hand after the tuning of the failure kinds found in blind and blind2, without reading
// the analysers, the lexicons or any other set; each language's situations are its own
// (telecom, banks, airlines, shops, SaaS, utilities, clinics, hotels, insurers, schools). It was
// committed before the analysers were first run on it, once. That run was the honest figure
// after the first tuning; the kinds of its misses (described without its sentences) then drove
// the second, so it is no longer blind. Floors: first run minus 0.05 / 0.08.
func TestAccuracyBlind3(t *testing.T) {
	// Measured on the first run: language 1.000, sentiment 0.692, urgency 0.796 (negatives read
	// neutral are most of the sentiment misses: 52 of 101).
	blindSet(t, "blind3.tsv", 0.95, 0.61, 0.71)
}

// TestAccuracyBlind4 reads testdata/blind4.tsv: 250 messages (50 per language) written by a
// fourth hand after the second round of tuning (on blind3's kinds of failure), without reading
// the analysers, the lexicons or any other set, across other businesses (pharmacies, car
// rental, gyms, couriers, marketplaces, games, public transport, tickets, municipal services,
// vets) and channels. It was committed before the analysers were first run on it, once, and
// nothing was changed after: the honest figure for the analysers as they are now. Floors: first
// run minus 0.05 (language) and 0.08 (sentiment, urgency).
func TestAccuracyBlind4(t *testing.T) {
	// Measured on the first run: language 1.000, sentiment 0.752, urgency 0.808 (negatives read
	// neutral are still most of the sentiment misses: 35 of 105).
	blindSet(t, "blind4.tsv", 0.95, 0.67, 0.72)
}

// TestAccuracyBlind5 reads testdata/blind5.tsv: 250 messages (50 per language) written by a
// fifth hand after the third round of tuning (on blind4's kinds of failure), without reading
// the analysers, the lexicons, the kinds or any other set, across businesses none of the others
// used (dental clinics, co-working, solar installers, bike repair, wedding venues, crypto
// exchanges, libraries, movers, pet insurance, print shops, recruiters, e-scooters, cinemas,
// plumbers) and channels. It was committed before the analysers were first run on it, once, and
// nothing was changed after: the honest figure for the analysers as they are now. Floors: first
// run minus 0.05 (language) and 0.08 (sentiment, urgency).
func TestAccuracyBlind5(t *testing.T) {
	// Measured on the first run: language 1.000, sentiment 0.768, urgency 0.836 (negatives read
	// neutral are still most of the sentiment misses: 31 of 100; 11 read positive).
	blindSet(t, "blind5.tsv", 0.95, 0.68, 0.75)
}

// blindSet evaluates a blind set of at least 250 messages and holds it to its floors.
func blindSet(t *testing.T, name string, language, sentiment, urgency float64) {
	t.Helper()
	cases := readEval(t, "testdata/"+name)
	if len(cases) < 250 {
		t.Fatalf("%s: %d cases, want at least 250", name, len(cases))
	}
	per, all := evaluate(t, name, cases)
	checkFloors(t, per, all, language, sentiment, urgency)
}

// TestAccuracyCombined logs the figures over the first four sets together (eval, holdout, blind,
// blind2: 680 messages) and over blind and blind2 alone (350), which were never tuned against
// until the kinds of their misses drove the first tuning; the newest blind set is the figure to
// quote as the analysers' accuracy on unseen text.
func TestAccuracyCombined(t *testing.T) {
	var every, never []evalCase
	for _, name := range []string{"eval.tsv", "holdout.tsv", "blind.tsv", "blind2.tsv"} {
		cases := readEval(t, "testdata/"+name)
		every = append(every, cases...)
		if name == "blind.tsv" || name == "blind2.tsv" {
			never = append(never, cases...)
		}
	}
	evaluate(t, "all sets (eval+holdout+blind+blind2)", every)
	per, all := evaluate(t, "never tuned against (blind+blind2)", never)
	// Measured when blind2.tsv was first run: language 0.980, sentiment 0.711, urgency 0.711.
	checkFloors(t, per, all, 0.93, 0.63, 0.63)
}

// evaluate runs the analysers over cases as the analysis job does (sentiment and urgency in the
// detected language), logs a table of accuracy per language and overall, and returns the tallies.
func evaluate(t *testing.T, name string, cases []evalCase) (map[string]*tally, tally) {
	per := map[string]*tally{}
	var all tally
	// Confusion counts of sentiment and urgency: want -> got -> n.
	sconf := map[string]map[string]int{}
	uconf := map[string]map[string]int{}
	verbose := os.Getenv("OFFLINE_EVAL_MISSES") != ""
	for _, c := range cases {
		tl := per[c.lang]
		if tl == nil {
			tl = &tally{}
			per[c.lang] = tl
		}
		lang, _ := DetectLanguage(c.text)
		// Sentiment and urgency read the detected language, as the analysis job does.
		s, score := SentimentOf(c.text, lang)
		u := UrgencyOf(c.text, lang, s)
		tl.n++
		all.n++
		if lang == c.lang {
			tl.lang++
			all.lang++
		} else if verbose {
			t.Logf("lang %s got %q: %s", c.lang, lang, c.text)
		}
		if s == c.sentiment {
			tl.sentiment++
			all.sentiment++
		} else if verbose {
			t.Logf("sentiment %s got %s (%.2f) [%s]: %s", c.sentiment, s, score, c.lang, c.text)
		}
		if u == c.urgency {
			tl.urgency++
			all.urgency++
		} else if verbose {
			t.Logf("urgency %s got %s [%s]: %s", c.urgency, u, c.lang, c.text)
		}
		countPair(sconf, string(c.sentiment), string(s))
		countPair(uconf, string(c.urgency), string(u))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%-8s %5s %9s %10s %8s\n",
		name, "lang", "n", "language", "sentiment", "urgency")
	langsSorted := make([]string, 0, len(per))
	for l := range per {
		langsSorted = append(langsSorted, l)
	}
	sort.Strings(langsSorted)
	for _, l := range langsSorted {
		b.WriteString(per[l].row(l))
	}
	b.WriteString(all.row("all"))
	fmt.Fprintf(&b, "sentiment want->got: %v\nurgency want->got: %v\n", sconf, uconf)
	t.Log(b.String())
	return per, all
}

// checkFloors fails the test when overall accuracy is below a floor, or a language's is more than
// a margin below it.
func checkFloors(t *testing.T, per map[string]*tally, all tally,
	langFloor, sentimentFloor, urgencyFloor float64) {
	t.Helper()
	if r := all.rate(all.lang); r < langFloor {
		t.Errorf("language accuracy %.3f, want at least %.2f", r, langFloor)
	}
	if r := all.rate(all.sentiment); r < sentimentFloor {
		t.Errorf("sentiment accuracy %.3f, want at least %.2f", r, sentimentFloor)
	}
	if r := all.rate(all.urgency); r < urgencyFloor {
		t.Errorf("urgency accuracy %.3f, want at least %.2f", r, urgencyFloor)
	}
	for l, tl := range per {
		if r := tl.rate(tl.lang); r < langFloor-0.05 {
			t.Errorf("%s: language accuracy %.3f, want at least %.2f", l, r, langFloor-0.05)
		}
		if r := tl.rate(tl.sentiment); r < sentimentFloor-0.1 {
			t.Errorf("%s: sentiment accuracy %.3f, want at least %.2f", l, r, sentimentFloor-0.1)
		}
		if r := tl.rate(tl.urgency); r < urgencyFloor-0.1 {
			t.Errorf("%s: urgency accuracy %.3f, want at least %.2f", l, r, urgencyFloor-0.1)
		}
	}
}

func countPair(m map[string]map[string]int, want, got string) {
	if m[want] == nil {
		m[want] = map[string]int{}
	}
	m[want][got]++
}

// BenchmarkAnalyse is the cost of the offline analysis of one message: DetectLanguage, then
// SentimentOf and UrgencyOf in the detected language, over the evaluation set.
func BenchmarkAnalyse(b *testing.B) {
	cases := readEval(b, "testdata/eval.tsv")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := cases[i%len(cases)]
		lang, _ := DetectLanguage(c.text)
		s, _ := SentimentOf(c.text, lang)
		UrgencyOf(c.text, lang, s)
	}
}
