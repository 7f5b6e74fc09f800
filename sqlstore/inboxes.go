package sqlstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.InboxService = (*DB)(nil)

// Inbox is a local alias that keeps scanning code short.
type Inbox = switchboard.Inbox

const inboxColumns = "id, kind, name, settings, secrets, token_hash IS NOT NULL, created_at, updated_at, assistant_off"

// scanInbox reads inboxColumns. The sealed secrets are opened only to list their names: the
// values never leave this package except through InboxSecrets.
func (db *DB) scanInbox(row scanner) (*Inbox, error) {
	in, _, err := db.scanInboxSecrets(row)
	return in, err
}

// scanInboxSecrets is scanInbox that also returns the secrets in clear, for a change to merge
// into or a channel to use.
func (db *DB) scanInboxSecrets(row scanner) (*Inbox, map[string]string, error) {
	var in Inbox
	var settings, sealed string
	var created, updated int64
	var off int
	if err := row.Scan(&in.ID, &in.Kind, &in.Name, &settings, &sealed, &in.HasToken, &created, &updated, &off); err != nil {
		return nil, nil, err
	}
	in.Assistant = inboxAssistant(off)
	secrets, err := db.openSecrets(in.ID, sealed)
	if err != nil {
		return nil, nil, err
	}
	in.Settings, in.CreatedAt, in.UpdatedAt = json.RawMessage(settings), fromMicro(created), fromMicro(updated)
	in.SecretNames = secretNames(secrets)
	return &in, secrets, nil
}

// secretsAD is the associated data that binds an inbox's sealed secrets to its row, so a sealed
// value copied to another inbox does not open there.
func secretsAD(inboxID int64) []byte { return fmt.Appendf(nil, "inbox:%d", inboxID) }

// sealSecrets seals an inbox's secrets as one JSON object; no secrets are stored as "".
func (db *DB) sealSecrets(inboxID int64, secrets map[string]string) (string, error) {
	if len(secrets) == 0 {
		return "", nil
	}
	raw, err := json.Marshal(secrets)
	if err != nil {
		return "", fmt.Errorf("seal inbox %d secrets: %w", inboxID, err)
	}
	return db.box.Seal(raw, secretsAD(inboxID)), nil
}

// openSecrets reverses sealSecrets.
func (db *DB) openSecrets(inboxID int64, sealed string) (map[string]string, error) {
	secrets := map[string]string{}
	if sealed == "" {
		return secrets, nil
	}
	raw, err := db.box.Open(sealed, secretsAD(inboxID))
	if err != nil {
		return nil, fmt.Errorf("open inbox %d secrets: %w", inboxID, err)
	}
	if err := json.Unmarshal(raw, &secrets); err != nil {
		return nil, fmt.Errorf("open inbox %d secrets: %w", inboxID, err)
	}
	return secrets, nil
}

func secretNames(secrets map[string]string) []string {
	names := make([]string, 0, len(secrets))
	for name := range secrets {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// compactJSON stores a validated JSON object without insignificant white space; empty is "{}".
func compactJSON(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "{}", nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return "", err
	}
	return b.String(), nil
}

// CreateInbox connects a channel account; admins only. Secrets whose value is "" are not set.
func (db *DB) CreateInbox(ctx context.Context, in *switchboard.InboxInput) (*Inbox, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(true); err != nil {
		return nil, err
	}
	settings, err := compactJSON(in.Settings)
	if err != nil {
		return nil, fmt.Errorf("create inbox: %w", err)
	}
	if err := db.validateSettings(in.Kind, json.RawMessage(settings)); err != nil {
		return nil, err
	}
	var inbox *Inbox
	err = db.update(ctx, func(tx *Tx) error {
		now := micro(tx.now)
		tx.configChanged = true
		assistant := switchboard.DefaultInboxAssistant
		if in.Assistant != nil {
			assistant = *in.Assistant
		}
		id, err := tx.insert("INSERT INTO inboxes (kind, name, settings, assistant_off, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			string(in.Kind), *in.Name, settings, assistantOff(assistant), now, now)
		if err != nil {
			return fmt.Errorf("create inbox: %w", err)
		}
		// The sealed value is bound to the row's id, which exists only now.
		secrets := map[string]string{}
		for k, v := range in.Secrets {
			if v != "" {
				secrets[k] = v
			}
		}
		// Secrets the server makes for the kind (a web chat's identity secret) when none is given.
		if g, ok := db.channels.(secretGenerator); ok {
			for _, name := range g.GeneratedSecrets(in.Kind) {
				if secrets[name] == "" {
					secrets[name] = rand.Text() + rand.Text()
				}
			}
		}
		sealed, err := db.sealSecrets(id, secrets)
		if err != nil {
			return err
		}
		if sealed != "" {
			if _, err := tx.exec("UPDATE inboxes SET secrets = ? WHERE id = ?", sealed, id); err != nil {
				return fmt.Errorf("create inbox: %w", err)
			}
		}
		inbox = &Inbox{ID: id, Kind: in.Kind, Name: *in.Name, Settings: json.RawMessage(settings),
			SecretNames: secretNames(secrets), Assistant: assistant, CreatedAt: fromMicro(now), UpdatedAt: fromMicro(now)}
		tx.emit(switchboard.EventInboxChanged, &id, nil, nil, inbox)
		return tx.checkCredentials(inbox)
	})
	if err != nil {
		return nil, err
	}
	return inbox, nil
}

// secretGenerator is the part of the channel rules that names the secrets the server makes for
// an inbox as it is created (see channel.SecretGenerator).
type secretGenerator interface {
	GeneratedSecrets(kind switchboard.ChannelKind) []string
}

// FindInboxByID returns an inbox the actor may see; an agent asking for an inbox they do not
// belong to is told it does not exist.
func (db *DB) FindInboxByID(ctx context.Context, id int64) (*Inbox, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	scope, err := db.scope(ctx, actor)
	if err != nil {
		return nil, err
	}
	if !scope.Has(id) {
		return nil, notFound("Inbox")
	}
	return db.findInbox(ctx, db.read, id)
}

// FindInboxes lists the inboxes the actor may see, by name.
func (db *DB) FindInboxes(ctx context.Context) ([]*Inbox, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	scope, err := db.scope(ctx, actor)
	if err != nil {
		return nil, err
	}
	inboxes := []*Inbox{}
	var w where
	if !scope.All {
		if len(scope.IDs) == 0 {
			return inboxes, nil
		}
		w.in("id", scopeArgs(scope))
	}
	rows, err := db.query(ctx, "SELECT "+inboxColumns+" FROM inboxes"+w.sql()+" ORDER BY lower(name), id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("find inboxes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		in, err := db.scanInbox(rows)
		if err != nil {
			return nil, fmt.Errorf("find inboxes: %w", err)
		}
		inboxes = append(inboxes, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find inboxes: %w", err)
	}
	return inboxes, nil
}

// UpdateInbox renames an inbox, replaces its settings when given and merges its secrets: each
// entry sets that secret, or deletes it when its value is ""; admins only.
func (db *DB) UpdateInbox(ctx context.Context, id int64, in *switchboard.InboxInput) (*Inbox, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(false); err != nil {
		return nil, err
	}
	var settings string
	if len(in.Settings) > 0 {
		var err error
		if settings, err = compactJSON(in.Settings); err != nil {
			return nil, fmt.Errorf("update inbox %d: %w", id, err)
		}
	}
	var inbox *Inbox
	err := db.update(ctx, func(tx *Tx) error {
		cur, secrets, err := db.scanInboxSecrets(tx.queryRow("SELECT "+inboxColumns+" FROM inboxes WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Inbox")
		} else if err != nil {
			return fmt.Errorf("update inbox %d: %w", id, err)
		}
		before := maps.Clone(secrets)
		if in.Name != nil {
			cur.Name = *in.Name
		}
		if settings != "" {
			if err := db.validateSettings(cur.Kind, json.RawMessage(settings)); err != nil {
				return err
			}
			// A secret is never read back, so it is not sent to a new place unless entered again.
			forget, err := switchboard.SecretsMoved(db.destinations(cur.Kind, cur.Settings),
				db.destinations(cur.Kind, json.RawMessage(settings)), secrets, in.Secrets)
			if err != nil {
				return err
			}
			for _, k := range forget {
				delete(secrets, k)
			}
			cur.Settings = json.RawMessage(settings)
			cur.SecretNames = secretNames(secrets)
		}
		if len(in.Secrets) > 0 {
			for k, v := range in.Secrets {
				if v == "" {
					delete(secrets, k)
				} else {
					secrets[k] = v
				}
			}
			cur.SecretNames = secretNames(secrets)
		}
		if in.Assistant != nil {
			cur.Assistant = *in.Assistant
		}
		sealed, err := db.sealSecrets(id, secrets)
		if err != nil {
			return err
		}
		cur.UpdatedAt = tx.now
		tx.configChanged = true
		if _, err := tx.exec("UPDATE inboxes SET name = ?, settings = ?, secrets = ?, assistant_off = ?, updated_at = ? WHERE id = ?",
			cur.Name, string(cur.Settings), sealed, assistantOff(cur.Assistant), micro(tx.now), id); err != nil {
			return fmt.Errorf("update inbox %d: %w", id, err)
		}
		if err := tx.forgetIssuedToken(id, before, secrets); err != nil {
			return err
		}
		inbox = cur
		tx.emit(switchboard.EventInboxChanged, &id, nil, nil, inbox)
		return tx.checkCredentials(inbox)
	})
	if err != nil {
		return nil, err
	}
	return inbox, nil
}

// checkCredentials queues the check of an inbox's credentials as they were saved, where its
// channel can check them.
func (tx *Tx) checkCredentials(in *Inbox) error {
	if tx.db.channels == nil || !tx.db.channels.ChecksCredentials(in.Kind) {
		return nil
	}
	return tx.enqueue(switchboard.JobCheckCredentials, switchboard.CheckCredentialsArgs{InboxID: in.ID},
		jobOptions{maxAttempts: 3, uniqueKey: fmt.Sprintf("credentials:%d", in.ID)})
}

// DeleteInbox removes an inbox with its conversations, their messages and its memberships (the
// foreign keys cascade); admins only.
//
// By the time anyone reads the event the memberships are gone, so it goes to each agent who
// belonged to the inbox by name (see leftInbox) and, through the inbox, to those who see every
// inbox; agents of other inboxes do not hear of it.
func (db *DB) DeleteInbox(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		tx.configChanged = true
		members, err := tx.memberAgents(id)
		if err != nil {
			return err
		}
		if tx.db.reports != nil {
			convs, err := tx.ids("SELECT id FROM conversations WHERE inbox_id = ?", id)
			if err != nil {
				return fmt.Errorf("delete inbox %d: %w", id, err)
			}
			if err := tx.forgetReports(convs); err != nil {
				return err
			}
		}
		// Notifications of its conversations go with them; any others of the inbox here.
		if _, err := tx.exec("DELETE FROM notifications WHERE inbox_id = ?", id); err != nil {
			return fmt.Errorf("delete inbox %d: %w", id, err)
		}
		res, err := tx.exec("DELETE FROM inboxes WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete inbox %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("delete inbox %d: %w", id, err)
		} else if n == 0 {
			return notFound("Inbox")
		}
		gone := map[string]any{"id": id, "deleted": true}
		tx.emit(switchboard.EventInboxChanged, &id, nil, nil, gone)
		tx.leftInbox(id, members, nil, gone)
		return nil
	})
}

// memberAgentsSQL lists the agents who belong to an inbox, directly or through a team; its two
// arguments are the inbox's id.
const memberAgentsSQL = `SELECT agent_id FROM inbox_members WHERE inbox_id = ?
	UNION SELECT tm.agent_id FROM inbox_teams it JOIN team_members tm ON tm.team_id = it.team_id WHERE it.inbox_id = ?`

// memberAgents returns the agents who belong to an inbox, directly or through a team, as the
// transaction sees them.
func (tx *Tx) memberAgents(inboxID int64) ([]int64, error) {
	var ids []int64
	if err := collectIDs(tx.ctx, tx.tx, tx.db.q(memberAgentsSQL), &ids, inboxID, inboxID); err != nil {
		return nil, fmt.Errorf("find inbox %d members: %w", inboxID, err)
	}
	return ids, nil
}

// leftInbox tells each agent of before who is not in after that the inbox changed, by name: an
// inbox's events reach only those who see it, and these agents no longer do, yet their clients
// must drop it from their lists. data is what they are told; never the members who stay.
func (tx *Tx) leftInbox(inboxID int64, before, after []int64, data any) {
	for _, agentID := range before {
		if !slices.Contains(after, agentID) {
			tx.emit(switchboard.EventInboxChanged, &inboxID, nil, &agentID, data)
		}
	}
}

// channelInbox is an inbox with its secrets in clear, as remembered for its channel.
type channelInbox struct {
	inbox      Inbox
	secrets    map[string]string
	automation inboxAutomation
	// bot says whether the inbox's bot is turned on: customer messages then go to it.
	bot bool
}

// ChannelInbox returns an inbox and its secrets in clear, for its channel: only the system (a
// connector sending or verifying a webhook) may read them; no agent, not even an admin, gets
// them back once saved. Both are remembered (see rememberFor): a busy number's webhooks arrive
// hundreds a second, and each needs them. The secrets' map is shared and must not be changed.
func (db *DB) ChannelInbox(ctx context.Context, id int64) (*Inbox, map[string]string, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !actor.System {
		return nil, nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Secrets are only readable by channels.")
	}
	c, err := db.channelInboxOf(ctx, db.read, id, false)
	if err != nil {
		return nil, nil, err
	}
	in := c.inbox
	return &in, c.secrets, nil
}

// InboxSecrets is ChannelInbox's secrets, in a map of the caller's own.
func (db *DB) InboxSecrets(ctx context.Context, id int64) (map[string]string, error) {
	_, secrets, err := db.ChannelInbox(ctx, id)
	return maps.Clone(secrets), err
}

// channelInboxOf returns an inbox with its secrets, remembered, else read through q (the pool,
// or a transaction; fresh: see remembered.read).
func (db *DB) channelInboxOf(ctx context.Context, q rowQueryer, id int64, fresh bool) (*channelInbox, error) {
	return db.channelInboxes.read(id, fresh, func() (*channelInbox, error) {
		var auto string
		var bot int
		row := q.QueryRowContext(ctx, db.q("SELECT "+inboxColumns+", automation, "+
			"(SELECT COUNT(*) FROM inbox_bots b WHERE b.inbox_id = inboxes.id AND b.enabled) FROM inboxes WHERE id = ?"), id)
		in, secrets, err := db.scanInboxSecrets(scanAlso{row, []any{&auto, &bot}})
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("Inbox")
		} else if err != nil {
			return nil, fmt.Errorf("find inbox %d: %w", id, err)
		}
		return &channelInbox{inbox: *in, secrets: secrets, automation: parseAutomation(auto), bot: bot > 0}, nil
	})
}

// scanAlso scans a row's first columns as its caller asks and the ones after into extra.
type scanAlso struct {
	row   scanner
	extra []any
}

func (s scanAlso) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }

// FindInboxMembers returns who belongs to an inbox the actor may see.
func (db *DB) FindInboxMembers(ctx context.Context, id int64) (*switchboard.InboxMembers, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	scope, err := db.scope(ctx, actor)
	if err != nil {
		return nil, err
	}
	if !scope.Has(id) {
		return nil, notFound("Inbox")
	}
	return db.findInboxMembers(ctx, db.read, id)
}

// SetInboxMembers replaces who belongs to an inbox: agents directly and teams; admins only.
// Unknown (or deleted) agents and unknown teams are EINVALID and change nothing.
//
// The event, with the new members, goes to those who see the inbox once it is committed (its
// members, new ones included, and those who see every inbox); agents it took the inbox from
// hear of it by name, without the members (see leftInbox), so that their clients drop it.
// Agents of other inboxes do not hear of it.
func (db *DB) SetInboxMembers(ctx context.Context, id int64, m *switchboard.InboxMembers) (*switchboard.InboxMembers, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Send agent_ids and team_ids.")
	}
	agents, teams := uniqueIDs(m.AgentIDs), uniqueIDs(m.TeamIDs)
	var out *switchboard.InboxMembers
	err := db.update(ctx, func(tx *Tx) error {
		var one int
		err := tx.queryRow("SELECT 1 FROM inboxes WHERE id = ?", id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Inbox")
		} else if err != nil {
			return fmt.Errorf("set inbox %d members: %w", id, err)
		}
		var v switchboard.Validator
		ok, err := tx.allExist("agents", "deleted_at IS NULL", agents)
		if err != nil {
			return fmt.Errorf("set inbox %d members: %w", id, err)
		}
		v.Check(ok, "agent_ids", "Some agents do not exist.")
		ok, err = tx.allExist("teams", "", teams)
		if err != nil {
			return fmt.Errorf("set inbox %d members: %w", id, err)
		}
		v.Check(ok, "team_ids", "Some teams do not exist.")
		if err := v.Err(); err != nil {
			return err
		}
		tx.configChanged = true
		before, err := tx.memberAgents(id)
		if err != nil {
			return err
		}
		if err := tx.replaceMembers("inbox_members", "agent_id", id, agents); err != nil {
			return err
		}
		if err := tx.replaceMembers("inbox_teams", "team_id", id, teams); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE inboxes SET updated_at = ? WHERE id = ?", micro(tx.now), id); err != nil {
			return fmt.Errorf("set inbox %d members: %w", id, err)
		}
		if out, err = db.findInboxMembers(tx.ctx, tx.tx, id); err != nil {
			return err
		}
		after, err := tx.memberAgents(id)
		if err != nil {
			return err
		}
		tx.emit(switchboard.EventInboxChanged, &id, nil, nil, map[string]any{"id": id, "members": out})
		tx.leftInbox(id, before, after, map[string]any{"id": id, "removed": true})
		for _, agentID := range notIn(after, before) {
			if err := tx.queueForNewcomer(agentID); err != nil {
				return err
			}
		}
		return tx.returnUnseen(notIn(before, after), []int64{id})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// replaceMembers replaces the rows of one membership table of an inbox (inbox_members or
// inbox_teams, whose other column is col) with ids, which must be distinct.
func (tx *Tx) replaceMembers(table, col string, inboxID int64, ids []int64) error {
	if _, err := tx.exec("DELETE FROM "+table+" WHERE inbox_id = ?", inboxID); err != nil {
		return fmt.Errorf("set inbox %d members: %w", inboxID, err)
	}
	for _, x := range ids {
		_, err := tx.exec("INSERT INTO "+table+" (inbox_id, "+col+") VALUES (?, ?)", inboxID, x)
		if isForeignKeyViolation(err) { // deleted since allExist looked
			return errUnknownIDs(col+"s", "members")
		} else if err != nil {
			return fmt.Errorf("set inbox %d members: %w", inboxID, err)
		}
	}
	return nil
}

// findInboxMembers reads an inbox's direct agents and teams through q.
func (db *DB) findInboxMembers(ctx context.Context, q queryer, id int64) (*switchboard.InboxMembers, error) {
	m := &switchboard.InboxMembers{AgentIDs: []int64{}, TeamIDs: []int64{}}
	for _, s := range []struct {
		q   string
		dst *[]int64
	}{
		{"SELECT agent_id FROM inbox_members WHERE inbox_id = ? ORDER BY agent_id", &m.AgentIDs},
		{"SELECT team_id FROM inbox_teams WHERE inbox_id = ? ORDER BY team_id", &m.TeamIDs},
	} {
		if err := collectIDs(ctx, q, db.q(s.q), s.dst, id); err != nil {
			return nil, fmt.Errorf("find inbox %d members: %w", id, err)
		}
	}
	return m, nil
}

// collectIDs appends the single int64 column of a query's rows to dst.
func collectIDs(ctx context.Context, q queryer, query string, dst *[]int64, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		*dst = append(*dst, id)
	}
	return rows.Err()
}

// findInbox reads one inbox through q, with no visibility check.
func (db *DB) findInbox(ctx context.Context, q rowQueryer, id int64) (*Inbox, error) {
	in, err := db.scanInbox(q.QueryRowContext(ctx, db.q("SELECT "+inboxColumns+" FROM inboxes WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Inbox")
	} else if err != nil {
		return nil, fmt.Errorf("find inbox %d: %w", id, err)
	}
	return in, nil
}

// destinations says where an inbox's settings send its secrets, as its channel has it.
func (db *DB) destinations(kind switchboard.ChannelKind, settings json.RawMessage) []switchboard.Destination {
	if db.channels == nil {
		return nil
	}
	return db.channels.Destinations(kind, settings)
}

// validateSettings checks settings against the channel's own rules, if it has any.
func (db *DB) validateSettings(kind switchboard.ChannelKind, settings json.RawMessage) error {
	if db.channels == nil {
		return nil
	}
	return db.channels.ValidateSettings(kind, settings)
}
