package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ImportService = (*DB)(nil)

// ImportConversations writes a batch of historic conversations into an inbox in one transaction,
// with a few multi-row INSERTs per table rather than a statement per row: thousands of
// conversations a second, on both engines.
//
// It writes the rows a live conversation would have left behind, and no more: the contact and
// identities, the conversation with its summary columns computed as insertMessage would have
// moved them message by message, the messages (outgoing ones as sent, with no delivery job),
// the read state of every agent who wrote in it (writing means having read), the contact's
// customer-service window, labels, and a wake-up job for a snoozed conversation. No events are
// written, so imported history reaches no webhook, automation or open browser; lists and
// search read the tables and find it at once (search is indexed by triggers on SQLite and a
// generated column on PostgreSQL).
func (db *DB) ImportConversations(ctx context.Context, inboxID int64, b *switchboard.ImportBatch) (*switchboard.ImportResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	var kind string
	err := db.queryRow(ctx, "SELECT kind FROM inboxes WHERE id = ?", inboxID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Inbox")
	} else if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if err := b.Validate(switchboard.ChannelKind(kind), db.now()); err != nil {
		return nil, err
	}
	im := func() (*switchboard.ImportResult, error) {
		var res *switchboard.ImportResult
		err := db.update(ctx, func(tx *Tx) error {
			var err error
			res, err = (&importer{tx: tx, inboxID: inboxID, idKind: switchboard.IdentityKindFor(switchboard.ChannelKind(kind)), b: b}).run()
			return err
		})
		return res, err
	}
	res, err := im()
	if isUniqueViolation(err) || isForeignKeyViolation(err) || switchboard.ErrorCode(err) == switchboard.ECONFLICT {
		// A concurrent request wrote some of the same conversations (a client's retry), a
		// webhook recorded one of the addresses or message ids first, or a label went away. Once
		// more: this time the lookups see what changed. (On PostgreSQL each statement sees what
		// committed before it, so a concurrent import that committed between the lookup of the
		// batch's conversations and that of its messages shows as a conflict of message ids;
		// the second attempt sees the conversations too and skips them.)
		res, err = im()
	}
	if isForeignKeyViolation(err) {
		return nil, notFound("Inbox") // deleted meanwhile
	}
	switch switchboard.ErrorCode(err) {
	case "":
		return res, nil
	case switchboard.EINTERNAL:
		return nil, fmt.Errorf("import into inbox %d: %w", inboxID, err)
	}
	return nil, err
}

// importer is one batch being written inside its transaction.
type importer struct {
	tx      *Tx
	inboxID int64
	idKind  switchboard.IdentityKind // how the inbox's channel addresses contacts
	b       *switchboard.ImportBatch
	todo    []int   // indexes of the conversations not imported before
	written []int64 // the ids of the conversations written

	agentsByID    map[int64]*importAgent
	agentsByEmail map[string]*importAgent
	labels        map[string]int64 // by lower-case name
	// addresses are the identities the batch touches, existing or new, by kind and address.
	addresses  map[identityKey]*importIdentity
	contacts   []*importContact  // new contacts, in order of first use
	identities []*importIdentity // new identities, in order of first use
}

type importAgent struct {
	id      int64
	name    string
	seesAll bool // an admin or supervisor, who sees every inbox
	member  bool // belongs to the inbox, directly or through a team
}

type identityKey struct {
	kind    switchboard.IdentityKind
	address string
}

type importContact struct {
	id        int64
	name      string
	email     string
	phone     string
	created   bool  // new in this batch
	createdAt int64 // for new contacts: the earliest conversation it has in the batch
}

type importIdentity struct {
	key       identityKey
	id        int64
	contact   *importContact
	createdAt int64 // for new identities: the earliest conversation that uses it
}

func (im *importer) run() (*switchboard.ImportResult, error) {
	res, err := im.skipImported()
	if err != nil || len(im.todo) == 0 {
		return res, err
	}
	if err := im.resolveReferences(); err != nil {
		return nil, err
	}
	if err := im.checkMessageIDs(); err != nil {
		return nil, err
	}
	if err := im.resolveContacts(); err != nil {
		return nil, err
	}
	if err := im.write(res); err != nil {
		return nil, err
	}
	// The reports learn of imported history from its rows: no events tell it.
	if err := im.tx.foldImported(im.written); err != nil {
		return nil, err
	}
	return res, nil
}

// skipImported finds the conversations imported before under the same external ids; the rest
// are left to do.
func (im *importer) skipImported() (*switchboard.ImportResult, error) {
	convs := im.b.Conversations
	ext := make([]any, len(convs))
	for i, c := range convs {
		ext[i] = c.ExternalID
	}
	done, err := im.tx.idsBy(`SELECT c.external_id, c.id FROM (VALUES %s) AS v CROSS JOIN conversations c
		WHERE c.inbox_id = ? AND c.external_id IS NOT NULL AND c.external_id = v.column1`, ext, im.inboxID)
	if err != nil {
		return nil, fmt.Errorf("find imported conversations: %w", err)
	}
	res := &switchboard.ImportResult{Conversations: make([]switchboard.ImportedConversation, len(convs))}
	for i, c := range convs {
		res.Conversations[i].ExternalID = c.ExternalID
		if id, ok := done[c.ExternalID]; ok {
			res.Conversations[i].ID = id
			res.Skipped++
		} else {
			im.todo = append(im.todo, i)
		}
	}
	return res, nil
}

// resolveReferences looks up the agents and labels the batch names, and rejects it, naming each
// field, when one does not exist or an assignee does not belong to the inbox.
func (im *importer) resolveReferences() error {
	var refs agentRefs
	var labels []any
	seenLabel := map[string]bool{}
	for _, i := range im.todo {
		c := &im.b.Conversations[i]
		refs.add(c.AssigneeID, c.AssigneeEmail)
		for _, m := range c.Messages {
			refs.add(m.AgentID, m.AgentEmail)
		}
		for _, l := range c.Labels {
			if k := strings.ToLower(l); !seenLabel[k] {
				seenLabel[k] = true
				labels = append(labels, k)
			}
		}
	}
	im.agentsByID, im.agentsByEmail = map[int64]*importAgent{}, map[string]*importAgent{}
	scanAgent := func(rows *sql.Rows) error {
		var a importAgent
		var email, role string
		if err := rows.Scan(&a.id, &a.name, &email, &role); err != nil {
			return err
		}
		a.seesAll = role == string(switchboard.RoleAdmin) || role == string(switchboard.RoleSupervisor)
		im.agentsByID[a.id], im.agentsByEmail[email] = &a, &a
		return nil
	}
	const agentQuery = "SELECT id, name, email, role FROM agents WHERE deleted_at IS NULL AND "
	if err := im.tx.queryIn(agentQuery+"id IN (%s)", placeholders, refs.ids, nil, scanAgent); err != nil {
		return fmt.Errorf("find agents: %w", err)
	}
	if err := im.tx.queryIn(agentQuery+"email IN (%s)", placeholders, refs.emails, nil, scanAgent); err != nil {
		return fmt.Errorf("find agents: %w", err)
	}
	if len(im.agentsByID) > 0 {
		rows, err := im.tx.query(memberAgentsSQL, im.inboxID, im.inboxID)
		if err != nil {
			return fmt.Errorf("find inbox members: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return fmt.Errorf("find inbox members: %w", err)
			}
			if a := im.agentsByID[id]; a != nil {
				a.member = true
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find inbox members: %w", err)
		}
	}
	var err error
	im.labels, err = im.tx.idsBy("SELECT l.name_key, l.id FROM (VALUES %s) AS v CROSS JOIN labels l WHERE l.name_key = v.column1", labels)
	if err != nil {
		return fmt.Errorf("find labels: %w", err)
	}

	var v switchboard.Validator
	for _, i := range im.todo {
		c := &im.b.Conversations[i]
		at := fmt.Sprintf("conversations[%d]", i)
		if a, by := im.agent(c.AssigneeID, c.AssigneeEmail); by != "" {
			v.Check(a != nil, at+".assignee_"+by, "No such agent.")
			v.Check(a == nil || a.seesAll || a.member, at+".assignee_"+by, fmt.Sprintf("%s is not a member of this inbox.", nameOf(a)))
		}
		for _, l := range c.Labels {
			_, ok := im.labels[strings.ToLower(l)]
			v.Check(ok, at+".labels", fmt.Sprintf("There is no label %q; create it first.", l))
		}
		for j, m := range c.Messages {
			if a, by := im.agent(m.AgentID, m.AgentEmail); by != "" {
				v.Check(a != nil, fmt.Sprintf("%s.messages[%d].agent_%s", at, j, by), "No such agent.")
			}
		}
	}
	return v.Err()
}

// agentRefs collects the agents a batch names, each once.
type agentRefs struct {
	ids, emails []any
	seen        map[any]bool
}

func (r *agentRefs) add(id *int64, email string) {
	if r.seen == nil {
		r.seen = map[any]bool{}
	}
	if id != nil && !r.seen[*id] {
		r.seen[*id] = true
		r.ids = append(r.ids, *id)
	}
	if email != "" && !r.seen[email] {
		r.seen[email] = true
		r.emails = append(r.emails, email)
	}
}

func nameOf(a *importAgent) string {
	if a == nil {
		return ""
	}
	return a.name
}

// agent returns the agent named by id or email (nil if there is none), and which named it: "id",
// "email", or "" for neither.
func (im *importer) agent(id *int64, email string) (*importAgent, string) {
	switch {
	case id != nil:
		return im.agentsByID[*id], "id"
	case email != "":
		return im.agentsByEmail[email], "email"
	}
	return nil, ""
}

// checkMessageIDs refuses a batch with a message whose external id the inbox already has: it is
// a message recorded before (received live, or imported in another conversation), and would
// otherwise be recorded twice.
func (im *importer) checkMessageIDs() error {
	var ext []any
	where := map[string]string{}
	for _, i := range im.todo {
		for j, m := range im.b.Conversations[i].Messages {
			if m.ExternalID != "" {
				ext = append(ext, m.ExternalID)
				where[m.ExternalID] = fmt.Sprintf("conversations[%d].messages[%d].external_id", i, j)
			}
		}
	}
	recorded, err := im.tx.idsBy(`SELECT m.provider_id, m.conversation_id FROM (VALUES %s) AS v CROSS JOIN messages m
		WHERE m.inbox_id = ? AND m.provider_id IS NOT NULL AND m.provider_id = v.column1`, ext, im.inboxID)
	if err != nil {
		return fmt.Errorf("find recorded messages: %w", err)
	}
	fields := map[string]string{}
	for p, conv := range recorded {
		fields[where[p]] = fmt.Sprintf("The inbox has this message already, in conversation %d.", conv)
	}
	if len(fields) > 0 {
		return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "Some messages were recorded in this inbox before.", Fields: fields}
	}
	return nil
}

// resolveContacts finds or makes the contact of every conversation, by the rules of a live
// message: the address the inbox's channel knows them by finds them; failing that, their email
// or phone finds a contact to add that address to; failing that, a new contact gets every
// address given. Conversations of one person in the batch share one contact.
func (im *importer) resolveContacts() error {
	im.addresses = map[identityKey]*importIdentity{}
	want := map[switchboard.IdentityKind][]any{}
	seen := map[identityKey]bool{}
	for _, i := range im.todo {
		for _, k := range im.keys(&im.b.Conversations[i].Contact) {
			if !seen[k] {
				seen[k] = true
				want[k.kind] = append(want[k.kind], k.address)
			}
		}
	}
	byID := map[int64]*importContact{}
	for kind, addrs := range want {
		err := im.tx.queryIn(`SELECT i.id, i.external_id, c.id, c.name FROM (VALUES %s) AS v CROSS JOIN identities i
			JOIN contacts c ON c.id = i.contact_id WHERE i.kind = ? AND i.external_id = v.column1`, valueRows, addrs, []any{string(kind)},
			func(rows *sql.Rows) error {
				var ident importIdentity
				var contactID int64
				var name string
				if err := rows.Scan(&ident.id, &ident.key.address, &contactID, &name); err != nil {
					return err
				}
				ident.key.kind = kind
				if byID[contactID] == nil {
					byID[contactID] = &importContact{id: contactID, name: name}
				}
				ident.contact = byID[contactID]
				im.addresses[ident.key] = &ident
				return nil
			})
		if err != nil {
			return fmt.Errorf("find contacts: %w", err)
		}
	}
	for _, i := range im.todo {
		c := &im.b.Conversations[i]
		keys := im.keys(&c.Contact)
		created := micro(c.CreatedAt)
		ident := im.addresses[keys[0]]
		if ident == nil {
			var owner *importContact
			for _, k := range keys[1:] {
				if other := im.addresses[k]; other != nil {
					owner = other.contact
					break
				}
			}
			if owner == nil {
				owner = &importContact{name: c.Contact.Name, email: c.Contact.Email, phone: c.Contact.Phone, created: true, createdAt: created}
				im.contacts = append(im.contacts, owner)
			}
			for n, k := range keys {
				if n == 0 || (owner.created && im.addresses[k] == nil) {
					ident := &importIdentity{key: k, contact: owner, createdAt: created}
					im.addresses[k] = ident
					im.identities = append(im.identities, ident)
				}
			}
			ident = im.addresses[keys[0]]
		}
		ident.createdAt = min(ident.createdAt, created)
		if owner := ident.contact; owner.created {
			owner.createdAt = min(owner.createdAt, created)
		}
	}
	return nil
}

// keys returns the addresses of an imported contact: first the one the inbox's channel knows,
// then the email and phone given besides.
func (im *importer) keys(c *switchboard.ImportContact) []identityKey {
	var first string
	switch im.idKind {
	case switchboard.IdentityPhone:
		first = c.Phone
	case switchboard.IdentityEmail:
		first = c.Email
	default:
		first = c.ExternalID
	}
	keys := []identityKey{{im.idKind, first}}
	if c.Email != "" && im.idKind != switchboard.IdentityEmail {
		keys = append(keys, identityKey{switchboard.IdentityEmail, c.Email})
	}
	if c.Phone != "" && im.idKind != switchboard.IdentityPhone {
		keys = append(keys, identityKey{switchboard.IdentityPhone, c.Phone})
	}
	return keys
}

// write reserves the ids and writes every row of the batch.
func (im *importer) write(res *switchboard.ImportResult) error {
	tx := im.tx
	nMessages := 0
	for _, i := range im.todo {
		nMessages += len(im.b.Conversations[i].Messages)
	}
	contactIDs, err := tx.reserveIDs("contacts", len(im.contacts))
	if err != nil {
		return err
	}
	identityIDs, err := tx.reserveIDs("identities", len(im.identities))
	if err != nil {
		return err
	}
	convIDs, err := tx.reserveIDs("conversations", len(im.todo))
	if err != nil {
		return err
	}
	im.written = convIDs
	msgIDs, err := tx.reserveIDs("messages", nMessages)
	if err != nil {
		return err
	}

	contacts := make([][]any, len(im.contacts))
	for n, c := range im.contacts {
		c.id = contactIDs[n]
		contacts[n] = []any{c.id, c.name, c.email, c.phone, c.createdAt, c.createdAt}
	}
	identities := make([][]any, len(im.identities))
	for n, ident := range im.identities {
		ident.id = identityIDs[n]
		identities[n] = []any{ident.id, ident.contact.id, string(ident.key.kind), ident.key.address, ident.createdAt}
	}

	convs := make([][]any, 0, len(im.todo))
	msgs := make([][]any, 0, nMessages)
	var labels, reads, windows [][]any
	window := map[*importIdentity]int64{}
	var windowOrder []*importIdentity
	next := 0
	for n, i := range im.todo {
		c := &im.b.Conversations[i]
		convID := convIDs[n]
		ident := im.addresses[im.keys(&c.Contact)[0]]
		contact := ident.contact
		// The summary, moved by each message exactly as insertMessage moves it.
		created := micro(c.CreatedAt)
		activity := created
		var lastMsg, lastCustomer, waiting any
		var replier, last string
		read := map[int64]int64{}
		var readOrder []int64
		for _, m := range c.Messages {
			at := micro(m.CreatedAt)
			activity = at
			var provider any
			if m.ExternalID != "" {
				provider = m.ExternalID
			}
			if m.Direction == switchboard.ImportIncoming {
				msgs = append(msgs, []any{msgIDs[next], convID, im.inboxID, string(switchboard.DirectionIncoming), string(switchboard.KindText),
					string(switchboard.SenderContact), contact.id, contact.name, m.Text, provider, "", at, at})
				next++
				lastMsg, lastCustomer, replier, last = at, at, string(switchboard.ReplierCustomer), m.Text
				if waiting == nil {
					waiting = at
				}
				if _, ok := window[ident]; !ok {
					windowOrder = append(windowOrder, ident)
				}
				window[ident] = max(window[ident], at)
				continue
			}
			dir, kind, status := switchboard.DirectionOutgoing, switchboard.KindText, switchboard.MessageSent
			if m.Direction == switchboard.ImportNote {
				dir, kind, status = switchboard.DirectionInternal, switchboard.KindNote, ""
			}
			senderType, senderName := switchboard.SenderExternal, m.SenderName
			var senderID any
			if a, _ := im.agent(m.AgentID, m.AgentEmail); a != nil {
				senderType, senderID, senderName = switchboard.SenderAgent, a.id, a.name
				// Writing in a conversation means having read it (see addAgentMessage).
				if _, ok := read[a.id]; !ok {
					readOrder = append(readOrder, a.id)
				}
				read[a.id] = at
			}
			msgs = append(msgs, []any{msgIDs[next], convID, im.inboxID, string(dir), string(kind), string(senderType), senderID, senderName,
				m.Text, provider, string(status), at, at})
			next++
			if dir == switchboard.DirectionOutgoing {
				lastMsg, replier, waiting, last = at, string(switchboard.ReplierAgent), nil, m.Text
			}
		}
		var assignee, snoozed any
		if a, _ := im.agent(c.AssigneeID, c.AssigneeEmail); a != nil {
			assignee = a.id
		}
		if c.SnoozedUntil != nil {
			snoozed = micro(*c.SnoozedUntil)
		}
		convs = append(convs, []any{convID, im.inboxID, contact.id, string(c.Status), assignee, c.Subject, snoozed,
			activity, lastMsg, lastCustomer, waiting, replier, preview(last), c.ExternalID, created, activity})
		for _, agentID := range readOrder {
			reads = append(reads, []any{agentID, convID, read[agentID], false})
		}
		seen := map[int64]bool{}
		for _, l := range c.Labels {
			if id := im.labels[strings.ToLower(l)]; !seen[id] {
				seen[id] = true
				labels = append(labels, []any{convID, id})
			}
		}
		res.Conversations[i].ID, res.Conversations[i].Created = convID, true
		res.Imported++
	}
	for _, ident := range windowOrder {
		windows = append(windows, []any{im.inboxID, ident.id, ident.contact.id, window[ident]})
	}

	for _, t := range []struct {
		into   string
		rows   [][]any
		suffix string
	}{
		{"contacts (id, name, email, phone, created_at, updated_at)", contacts, ""},
		{"identities (id, contact_id, kind, external_id, created_at)", identities, ""},
		{"conversations (id, inbox_id, contact_id, status, assignee_id, subject, snoozed_until, last_activity_at, last_message_at, " +
			"last_customer_msg_at, waiting_since, last_replier, last_message_preview, external_id, created_at, updated_at)", convs, ""},
		{"messages (id, conversation_id, inbox_id, direction, kind, sender_type, sender_id, sender_name, text, provider_id, status, " +
			"created_at, updated_at)", msgs, ""},
		{"conversation_labels (conversation_id, label_id)", labels, ""},
		{"conversation_reads (agent_id, conversation_id, read_at, marked_unread)", reads, ""},
		// As openWindow: a window only moves forward.
		{"customer_windows (inbox_id, identity_id, contact_id, last_inbound_at)", windows,
			` ON CONFLICT (inbox_id, identity_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at, contact_id = excluded.contact_id
			WHERE customer_windows.last_inbound_at < excluded.last_inbound_at`},
	} {
		if err := tx.insertRows(t.into, t.rows, t.suffix); err != nil {
			return err
		}
	}
	if len(msgIDs) > 0 {
		if err := tx.indexRange(msgIDs[0], msgIDs[len(msgIDs)-1]); err != nil { // ids reserved in one run
			return err
		}
	}
	for n, i := range im.todo {
		c := &im.b.Conversations[i]
		if c.Status != switchboard.StatusSnoozed {
			continue
		}
		// Like setStatus: one wake-up per snoozed conversation.
		if err := tx.enqueue(switchboard.JobWakeConversation, switchboard.WakeConversationArgs{ConversationID: convIDs[n]},
			jobOptions{uniqueKey: fmt.Sprintf("wake:%d", convIDs[n]), runAt: *c.SnoozedUntil}); err != nil {
			return err
		}
	}
	return nil
}
