package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/benchdata"
)

// benchBatch sizes the seed's transactions: each writes a few multiples of it.
const benchBatch = 500

// SeedBenchmark fills an empty store with the benchmark data set of n conversations (see package
// benchdata for its rules), written straight into the tables in large batches: far faster than
// the services, and the same on both engines. Every agent's password is benchdata.Password; all
// conversations are in one API inbox every agent belongs to. progress, if set, is called after
// each batch with the conversations written so far.
func (db *DB) SeedBenchmark(ctx context.Context, n int, progress func(done int)) error {
	gen, err := benchdata.New(n)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	var count int
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM agents").Scan(&count); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if count > 0 {
		return errors.New("seed: the store is not empty; seed a fresh database")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(benchdata.Password), db.cost)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	now := micro(benchdata.Start)
	// Agents, one API inbox they all belong to.
	var agents, members [][]any
	for a := 1; a <= benchdata.Agents; a++ {
		role := "agent"
		if a == 1 {
			role = "admin"
		}
		agents = append(agents, []any{a, benchdata.AgentName(a), benchdata.AgentEmail(a), role, string(hash), now, now})
		members = append(members, []any{1, a})
	}
	if err := db.bulk(ctx, "agents (id, name, email, role, password_hash, created_at, updated_at)", agents); err != nil {
		return err
	}
	if err := db.bulk(ctx, "inboxes (id, kind, name, settings, created_at, updated_at)", [][]any{{1, "api", "Bench", "{}", now, now}}); err != nil {
		return err
	}
	if err := db.bulk(ctx, "inbox_members (inbox_id, agent_id)", members); err != nil {
		return err
	}
	// Contacts with their identities.
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
	apiIdentity := string(switchboard.IdentityKindFor(switchboard.ChannelAPI))
	for c := 1; c <= gen.Contacts(); c++ {
		rows = append(rows, []any{c, benchdata.ContactName(c), benchdata.ContactEmail(c), now, now})
		ids = append(ids, []any{c, c, apiIdentity, benchdata.ContactRef(c), now})
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
	var convs, msgs [][]any
	flushConvs := func(done int) error {
		if err := db.bulk(ctx, "conversations (id, inbox_id, contact_id, status, assignee_id, last_activity_at, last_message_at, "+
			"last_customer_msg_at, waiting_since, last_replier, last_message_preview, created_at, updated_at)", convs); err != nil {
			return err
		}
		convs = convs[:0]
		if len(msgs) > 0 {
			first, last := int64(msgs[0][0].(int)), int64(msgs[len(msgs)-1][0].(int))
			if err := db.update(ctx, func(tx *Tx) error {
				if err := tx.insertRows("messages (id, conversation_id, inbox_id, direction, kind, sender_type, sender_id, sender_name, text, "+
					"status, created_at, updated_at)", msgs, ""); err != nil {
					return err
				}
				return tx.indexRange(first, last)
			}); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
		}
		msgs = msgs[:0]
		if progress != nil {
			progress(done)
		}
		return nil
	}
	for c, ok := gen.Next(); ok; c, ok = gen.Next() {
		var assignee any
		if c.Assignee != 0 {
			assignee = c.Assignee
		}
		for j, m := range c.Messages {
			at := micro(m.CreatedAt)
			id := (c.ID-1)*benchdata.MessagesPer + j + 1
			if m.Incoming {
				msgs = append(msgs, []any{id, c.ID, 1, "incoming", "text", "contact", c.Contact, benchdata.ContactName(c.Contact), m.Text, "", at, at})
			} else {
				msgs = append(msgs, []any{id, c.ID, 1, "outgoing", "text", "agent", m.Agent, benchdata.AgentName(m.Agent), m.Text, "read", at, at})
			}
		}
		last := c.Messages[benchdata.MessagesPer-1]
		lastAt := micro(last.CreatedAt)
		var waiting any
		if c.Status == "open" {
			waiting = lastAt
		}
		convs = append(convs, []any{c.ID, 1, c.Contact, c.Status, assignee, lastAt, lastAt, lastAt, waiting, "customer",
			preview(last.Text), micro(c.CreatedAt), lastAt})
		if len(convs) == benchBatch*2 {
			if err := flushConvs(c.ID); err != nil {
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
		// A bulk load leaves the new full-text entries in the GIN indexes' pending lists, which
		// every search scans until autovacuum merges them; a store that has been running is
		// past that, so the seed vacuums.
		if _, err := db.write.ExecContext(ctx, "VACUUM"); err != nil {
			return fmt.Errorf("seed: vacuum: %w", err)
		}
	} else {
		// The load left the full-text index in a few big segments, the next four of which would
		// be merged a little after each of the next thousands of writes (see mergeText): work a
		// store that has been running has done long before. The seed merges them all now (1.3 s
		// at 100,000 conversations).
		if _, err := db.write.ExecContext(ctx, "INSERT INTO messages_fts (messages_fts) VALUES ('optimize')"); err != nil {
			return fmt.Errorf("seed: merge the text index: %w", err)
		}
	}
	if err := db.Analyze(ctx); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if db.dialect.name == "postgres" {
		// The load left its data in dirty buffers and unsynced files, which PostgreSQL's
		// checkpointer would write out over the next minutes, alongside whatever runs next (a
		// benchmark's first operations). Written now, they are behind us. Only a superuser or a
		// member of pg_checkpoint may ask; for anyone else the checkpointer does it in its time.
		_, _ = db.write.ExecContext(ctx, "CHECKPOINT")
	}
	return nil
}

// bulk inserts rows into "table (columns)" with multi-row INSERTs, in a transaction of its own.
func (db *DB) bulk(ctx context.Context, into string, rows [][]any) error {
	if err := db.update(ctx, func(tx *Tx) error { return tx.insertRows(into, rows, "") }); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}
