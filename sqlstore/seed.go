package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/switchboardhq/switchboard"
)

// The standard benchmark data set ("bench-100k" in BENCHMARK.md), written straight into the
// tables in large batches: far faster than the services, and the same on both engines. Its rules:
//   - n conversations, i = 1..n, and n/2 contacts (contact%05d@customers.test); conversation i
//     belongs to contact ((i-1) mod n/2)+1.
//   - 5 messages each, customer and agent alternating, from the customer first; 8–25 words, 30 % from a
//     list of support words and 70 % from 5,000 pseudo-words drawn with an x² skew. The first
//     message starts "Hello, about order ORD-<100000+i>:".
//   - 20 agents (agent01@bench.test … agent20; agent01 is the admin). i mod 10 ∈ {0,1,2} is
//     unassigned, else assigned to agent (i mod 20)+1; agent 4 ("me") has n/20 conversations.
//   - Status by (i div 10) mod 10: 0–4 open, 5–9 resolved.
//   - Conversation i is created at 2026-01-01 + i×25 s; message j at +3 min × j.
const (
	// BenchPassword is the password of every seeded agent.
	BenchPassword = "bench password"
	benchAgents   = 20
	benchMessages = 5
	benchBatch    = 500 // rows per INSERT
)

var benchStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

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

// benchWords builds the 5,000 pseudo-words from syllables, the same every time.
func benchWords() []string {
	syl := strings.Fields("ka lo mi ne su ra ti po va de fi gu ho ja ke lu ma ni ro sa te vi zo be ci da fe ga hi")
	out := make([]string, 0, 5000)
	for i := 0; len(out) < 5000; i++ {
		a, b, c := syl[i%len(syl)], syl[(i/len(syl))%len(syl)], syl[(i/(len(syl)*len(syl)))%len(syl)]
		out = append(out, a+b+c)
	}
	return out
}

// SeedBenchmark fills an empty store with the benchmark data set of n conversations (n even, at
// least 20). progress, if set, is called after each batch with the conversations written so far.
func (db *DB) SeedBenchmark(ctx context.Context, n int, progress func(done int)) error {
	if n < 20 || n%2 != 0 {
		return errors.New("seed: want an even number of conversations, at least 20")
	}
	var count int
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM agents").Scan(&count); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if count > 0 {
		return errors.New("seed: the store is not empty; seed a fresh database")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(BenchPassword), db.cost)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	now := micro(benchStart)
	// Agents, one API inbox they all belong to.
	var agents [][]any
	for a := 1; a <= benchAgents; a++ {
		role := "agent"
		if a == 1 {
			role = "admin"
		}
		agents = append(agents, []any{a, fmt.Sprintf("Agent %02d", a), fmt.Sprintf("agent%02d@bench.test", a), role, string(hash), now, now})
	}
	if err := db.bulk(ctx, "agents (id, name, email, role, password_hash, created_at, updated_at)", agents); err != nil {
		return err
	}
	if err := db.bulk(ctx, "inboxes (id, kind, name, settings, created_at, updated_at)", [][]any{{1, "api", "Bench", "{}", now, now}}); err != nil {
		return err
	}
	var members [][]any
	for a := 1; a <= benchAgents; a++ {
		members = append(members, []any{1, a})
	}
	if err := db.bulk(ctx, "inbox_members (inbox_id, agent_id)", members); err != nil {
		return err
	}
	// Contacts with their identities.
	contacts := n / 2
	var rows, ids [][]any
	flush := func() error {
		if err := db.bulk(ctx, "contacts (id, name, email, created_at, updated_at)", rows); err != nil {
			return err
		}
		rows = rows[:0]
		if err := db.bulk(ctx, "identities (id, contact_id, kind, external_id, created_at)", ids); err != nil {
			return err
		}
		ids = ids[:0]
		return nil
	}
	for c := 1; c <= contacts; c++ {
		rows = append(rows, []any{c, fmt.Sprintf("Customer %05d", c), fmt.Sprintf("contact%05d@customers.test", c), now, now})
		ids = append(ids, []any{c, c, string(switchboard.IdentityKindFor(switchboard.ChannelAPI)), fmt.Sprintf("customer-%05d", c), now})
		if len(rows) == benchBatch*4 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	// Conversations and their messages.
	words := benchWords()
	rng := rand.New(rand.NewPCG(2026, 1))
	text := func() string {
		k := 8 + rng.IntN(18)
		w := make([]string, k)
		for i := range w {
			if rng.Float64() < 0.3 {
				w[i] = supportWords[rng.IntN(len(supportWords))]
			} else {
				x := rng.Float64()
				w[i] = words[int(x*x*float64(len(words)))]
			}
		}
		return strings.Join(w, " ")
	}
	var convs, msgs [][]any
	flushConvs := func(done int) error {
		if err := db.bulk(ctx, "conversations (id, inbox_id, contact_id, status, assignee_id, last_activity_at, last_message_at, "+
			"last_customer_msg_at, waiting_since, last_replier, last_message_preview, created_at, updated_at)", convs); err != nil {
			return err
		}
		convs = convs[:0]
		if err := db.bulk(ctx, "messages (id, conversation_id, inbox_id, direction, kind, sender_type, sender_id, sender_name, text, "+
			"status, created_at, updated_at)", msgs); err != nil {
			return err
		}
		msgs = msgs[:0]
		if progress != nil {
			progress(done)
		}
		return nil
	}
	for i := 1; i <= n; i++ {
		contact := (i-1)%contacts + 1
		created := benchStart.Add(time.Duration(i) * 25 * time.Second)
		var assignee any
		if m := i % 10; m > 2 {
			assignee = i%20 + 1
		}
		status := "open"
		if (i/10)%10 >= 5 {
			status = "resolved"
		}
		var last string
		for j := range benchMessages {
			at := micro(created.Add(time.Duration(j) * 3 * time.Minute))
			body := text()
			if j == 0 {
				body = fmt.Sprintf("Hello, about order ORD-%d: %s", 100000+i, body)
			}
			last = body
			id := (i-1)*benchMessages + j + 1
			if j%2 == 0 {
				msgs = append(msgs, []any{id, i, 1, "incoming", "text", "contact", contact, fmt.Sprintf("Customer %05d", contact), body, "", at, at})
			} else {
				agent := (i+j)%benchAgents + 1
				if a, ok := assignee.(int); ok {
					agent = a
				}
				msgs = append(msgs, []any{id, i, 1, "outgoing", "text", "agent", agent, fmt.Sprintf("Agent %02d", agent), body, "read", at, at})
			}
		}
		lastAt := micro(created.Add(time.Duration(benchMessages-1) * 3 * time.Minute))
		var waiting any
		if status == "open" {
			waiting = lastAt
		}
		convs = append(convs, []any{i, 1, contact, status, assignee, lastAt, lastAt, lastAt, waiting, "customer", preview(last), micro(created), lastAt})
		if len(convs) == benchBatch*2 {
			if err := flushConvs(i); err != nil {
				return err
			}
		}
	}
	if err := flushConvs(n); err != nil {
		return err
	}
	if db.dialect.name == "postgres" {
		// Explicit ids leave the identity sequences behind; move them past the data.
		for _, table := range []string{"agents", "inboxes", "contacts", "identities", "conversations", "messages"} {
			if _, err := db.write.ExecContext(ctx, fmt.Sprintf(
				"SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", table, table)); err != nil {
				return fmt.Errorf("seed: sequence of %s: %w", table, err)
			}
		}
		if _, err := db.write.ExecContext(ctx, "ANALYZE"); err != nil {
			return fmt.Errorf("seed: analyze: %w", err)
		}
	} else if _, err := db.write.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("seed: analyze: %w", err)
	}
	return nil
}

// bulk inserts rows into "table (columns)" in transactions of multi-row INSERTs.
func (db *DB) bulk(ctx context.Context, into string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("seed %s: %w", into, err)
	}
	defer func() { _ = tx.Rollback() }()
	width := len(rows[0])
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	for start := 0; start < len(rows); start += benchBatch {
		end := min(start+benchBatch, len(rows))
		args := make([]any, 0, (end-start)*width)
		for _, r := range rows[start:end] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + into + " VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", end-start), ", ")
		if _, err := tx.ExecContext(ctx, db.q(q), args...); err != nil {
			return fmt.Errorf("seed %s: %w", into, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("seed %s: %w", into, err)
	}
	return nil
}
