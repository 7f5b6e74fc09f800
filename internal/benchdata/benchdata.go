// Package benchdata generates the standard benchmark data set of BENCHMARK.md ("bench-100k"),
// the same every time, so the store's seed, the import through the public API and every peer
// measured hold identical data. Its rules, for n conversations:
//   - conversation i = 1..n belongs to contact ((i-1) mod n/2)+1 of n/2 contacts
//     (contact%05d@customers.test);
//   - 5 messages each, customer and agent alternating, from the customer first; 8–25 words, 30 %
//     from a list of support words and 70 % from 5,000 pseudo-words drawn with an x² skew; the first
//     message starts "Hello, about order ORD-<100000+i>:";
//   - 20 agents (agent01@bench.test … agent20; agent01 is the admin); i mod 10 ∈ {0,1,2} is
//     unassigned, else assigned to agent (i mod 20)+1, so agent 4 ("me") has n/20 conversations;
//   - status by (i div 10) mod 10: 0–4 open, 5–9 resolved (9 is "resolved and archived" in
//     BENCHMARK.md; Switchboard keeps resolved conversations searchable and has no separate
//     archive, so it is resolved too);
//   - conversation i is created at 2026-01-01 + i×25 s, and its message j at +3 min × j.
package benchdata

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

const (
	// Agents is how many agents the data set has; agent 1 is the admin.
	Agents = 20
	// MessagesPer is how many messages each conversation has.
	MessagesPer = 5
	// Me is the measuring agent of BENCHMARK.md.
	Me = 4
	// Password is every agent's password.
	Password = "bench password"
)

// Start is when conversation 0 would have been created.
var Start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Conversation is one generated conversation.
type Conversation struct {
	ID        int // i, 1..n
	Contact   int // 1..n/2
	Status    string
	Assignee  int // 0 when unassigned
	CreatedAt time.Time
	Messages  [MessagesPer]Message
}

// Message is one generated message.
type Message struct {
	Incoming  bool // from the customer; otherwise from Agent
	Agent     int
	Text      string
	CreatedAt time.Time
}

// AgentEmail and AgentName name agent a (1-based).
func AgentEmail(a int) string { return fmt.Sprintf("agent%02d@bench.test", a) }
func AgentName(a int) string  { return fmt.Sprintf("Agent %02d", a) }

// ContactEmail, ContactName and ContactRef name contact c (1-based); ContactRef is the id the
// contact has on the API channel.
func ContactEmail(c int) string { return fmt.Sprintf("contact%05d@customers.test", c) }
func ContactName(c int) string  { return fmt.Sprintf("Customer %05d", c) }
func ContactRef(c int) string   { return fmt.Sprintf("customer-%05d", c) }

// OrderToken is the unique searchable token in conversation i's first message.
func OrderToken(i int) string { return fmt.Sprintf("ORD-%d", 100000+i) }

// Generator yields the conversations of a data set in order.
type Generator struct {
	n, next int
	rng     *rand.Rand
	words   []string
}

// New returns a generator of n conversations (n even, at least 20).
func New(n int) (*Generator, error) {
	if n < 20 || n%2 != 0 {
		return nil, errors.New("benchmark data: want an even number of conversations, at least 20")
	}
	return &Generator{n: n, next: 1, rng: rand.New(rand.NewPCG(2026, 1)), words: pseudoWords()}, nil
}

// Contacts is how many contacts the data set has.
func (g *Generator) Contacts() int { return g.n / 2 }

// Next returns the next conversation, and false after the last.
func (g *Generator) Next() (Conversation, bool) {
	i := g.next
	if i > g.n {
		return Conversation{}, false
	}
	g.next++
	c := Conversation{ID: i, Contact: (i-1)%g.Contacts() + 1, Status: "open",
		CreatedAt: Start.Add(time.Duration(i) * 25 * time.Second)}
	if i%10 > 2 {
		c.Assignee = i%20 + 1
	}
	if (i/10)%10 >= 5 {
		c.Status = "resolved"
	}
	for j := range c.Messages {
		m := &c.Messages[j]
		m.CreatedAt = c.CreatedAt.Add(time.Duration(j) * 3 * time.Minute)
		m.Text = g.text()
		if j == 0 {
			m.Text = "Hello, about order " + OrderToken(i) + ": " + m.Text
		}
		m.Incoming = j%2 == 0
		if !m.Incoming {
			m.Agent = c.Assignee
			if m.Agent == 0 {
				m.Agent = (i+j)%Agents + 1
			}
		}
	}
	return c, true
}

// text draws one message's words.
func (g *Generator) text() string {
	k := 8 + g.rng.IntN(18)
	w := make([]string, k)
	for i := range w {
		if g.rng.Float64() < 0.3 {
			w[i] = supportWords[g.rng.IntN(len(supportWords))]
		} else {
			x := g.rng.Float64()
			w[i] = g.words[int(x*x*float64(len(g.words)))]
		}
	}
	return strings.Join(w, " ")
}

var supportWords = strings.Fields(`refund invoice order delivery shipping parcel package tracking return exchange
payment card charge charged billing receipt account password login reset email phone address
cancel cancellation subscription plan upgrade downgrade price discount coupon code voucher offer
stock available size colour color damaged broken missing late delay delayed courier driver
warehouse store shop online app website error problem issue help support agent manager urgent
today tomorrow week month thanks thank please sorry hello hi question answer reply call back
number reference confirmation confirm booking reservation appointment schedule time date
product item quantity wrong right replacement warranty guarantee repair service technician
install installation setup configure settings update version bug crash slow fast battery
screen charger cable device laptop printer router internet connection signal network wifi
balance credit debit transfer bank statement fee fees tax vat total amount paid unpaid due
overdue reminder notice letter document form contract terms policy privacy data delete
export download upload file photo picture video label size shoes shirt dress jacket gift`)

// pseudoWords builds the 5,000 pseudo-words from syllables.
func pseudoWords() []string {
	syl := strings.Fields("ka lo mi ne su ra ti po va de fi gu ho ja ke lu ma ni ro sa te vi zo be ci da fe ga hi")
	out := make([]string, 0, 5000)
	for i := 0; len(out) < 5000; i++ {
		a, b, c := syl[i%len(syl)], syl[(i/len(syl))%len(syl)], syl[(i/(len(syl)*len(syl)))%len(syl)]
		out = append(out, a+b+c)
	}
	return out
}
