package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.BotService = (*DB)(nil)

// botStateColumn is a conversation's bot state as lists and the API show it: NULL when its
// inbox has no bot turned on, and paused for a conversation the bot never started in (one from
// before the bot, or one an agent started).
const botStateColumn = `(SELECT CASE WHEN c.bot_state IN ('active', 'handed_off') THEN c.bot_state ELSE 'paused' END
	FROM inbox_bots b WHERE b.inbox_id = c.inbox_id AND b.enabled)`

// botSecretPrefix starts every bot signing secret, so a leaked one is recognisable.
const botSecretPrefix = "botsec_"

// botSecretShown is how much of a bot's secret is shown: the prefix and six more characters.
const botSecretShown = len(botSecretPrefix) + 6

// botJobAttempts bounds a bot delivery's attempts like a webhook delivery's: the retry window
// (switchboard.WebhookRetryFor) ends them first.
const botJobAttempts = webhookJobAttempts

// botSecretAD binds a bot's sealed secret to its inbox.
func botSecretAD(inboxID int64) []byte { return fmt.Appendf(nil, "bot:%d", inboxID) }

// findInboxBot reads an inbox's bot; an inbox without one has a bot that is off. The sealed
// secret comes too, for the system.
func findInboxBot(ctx context.Context, q rowQueryer, db *DB, inboxID int64) (*switchboard.InboxBot, string, error) {
	b := &switchboard.InboxBot{InboxID: inboxID}
	var updated int64
	var sealed string
	err := q.QueryRowContext(ctx, db.q("SELECT enabled, url, name, secret, secret_prefix, updated_at FROM inbox_bots WHERE inbox_id = ?"), inboxID).
		Scan(&b.Enabled, &b.URL, &b.Name, &sealed, &b.SecretPrefix, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := q.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM inboxes WHERE id = ?"), inboxID).Scan(&n); err != nil {
			return nil, "", fmt.Errorf("find inbox %d: %w", inboxID, err)
		}
		if n == 0 {
			return nil, "", notFound("Inbox")
		}
		return b, "", nil
	} else if err != nil {
		return nil, "", fmt.Errorf("find inbox %d bot: %w", inboxID, err)
	}
	b.UpdatedAt = fromMicro(updated)
	return b, sealed, nil
}

// FindInboxBot returns an inbox's bot; admins only.
func (db *DB) FindInboxBot(ctx context.Context, inboxID int64) (*switchboard.InboxBot, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	b, _, err := findInboxBot(ctx, db.read, db, inboxID)
	return b, err
}

// changeInboxBot runs change on an inbox's bot as it is (with its sealed secret, "" when the
// bot was never saved) in a write transaction, for an admin; change returns the secret it made.
func (db *DB) changeInboxBot(ctx context.Context, inboxID int64, change func(tx *Tx, cur *switchboard.InboxBot, sealed string) (string, error)) (*switchboard.InboxBot, string, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, "", err
	}
	var out *switchboard.InboxBot
	var secret string
	err := db.update(ctx, func(tx *Tx) error {
		cur, sealed, err := findInboxBot(tx.ctx, tx.tx, db, inboxID)
		if err != nil {
			return err
		}
		if secret, err = change(tx, cur, sealed); err != nil {
			return err
		}
		cur.UpdatedAt, out = tx.now, cur
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return out, secret, nil
}

// SetInboxBot changes an inbox's bot; admins only. The first save makes the signing secret.
func (db *DB) SetInboxBot(ctx context.Context, inboxID int64, in *switchboard.InboxBotInput) (*switchboard.InboxBot, string, error) {
	return db.changeInboxBot(ctx, inboxID, func(tx *Tx, cur *switchboard.InboxBot, sealed string) (secret string, err error) {
		if err := in.Validate(cur); err != nil {
			return "", err
		}
		was := cur.Enabled
		if in.Enabled != nil {
			cur.Enabled = *in.Enabled
		}
		if in.URL != nil {
			cur.URL = *in.URL
		}
		if in.Name != nil {
			cur.Name = *in.Name
		}
		if _, err := tx.exec(`INSERT INTO inbox_bots (inbox_id, enabled, url, name, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (inbox_id) DO UPDATE SET enabled = excluded.enabled, url = excluded.url, name = excluded.name, updated_at = excluded.updated_at`,
			inboxID, cur.Enabled, cur.URL, cur.Name, micro(tx.now)); err != nil {
			return "", fmt.Errorf("save inbox %d bot: %w", inboxID, err)
		}
		if sealed == "" {
			if secret, cur.SecretPrefix, err = tx.setBotSecret(inboxID); err != nil {
				return "", err
			}
		}
		tx.configChanged = true // the inbox cache says whether its bot is on
		if was && !cur.Enabled {
			// The conversations the bot held wait for people now.
			if err := tx.queueAutoAssign(inboxID); err != nil {
				return "", err
			}
		}
		tx.emit(switchboard.EventInboxChanged, &inboxID, nil, nil, map[string]any{"id": inboxID, "bot": cur.Enabled})
		return secret, nil
	})
}

// RotateInboxBotSecret replaces a bot's signing secret; admins only.
func (db *DB) RotateInboxBotSecret(ctx context.Context, inboxID int64) (*switchboard.InboxBot, string, error) {
	return db.changeInboxBot(ctx, inboxID, func(tx *Tx, cur *switchboard.InboxBot, sealed string) (secret string, err error) {
		if sealed == "" {
			return "", notFound("Bot")
		}
		if secret, cur.SecretPrefix, err = tx.setBotSecret(inboxID); err != nil {
			return "", err
		}
		tx.emit(switchboard.EventInboxChanged, &inboxID, nil, nil, map[string]any{"id": inboxID, "bot": "rotated"})
		return secret, nil
	})
}

// setBotSecret makes a new secret for an inbox's (saved) bot and stores it sealed.
func (tx *Tx) setBotSecret(inboxID int64) (secret, prefix string, err error) {
	secret = newSecret(botSecretPrefix)
	prefix = secret[:botSecretShown]
	sealed := tx.db.box.Seal([]byte(secret), botSecretAD(inboxID))
	if _, err := tx.exec("UPDATE inbox_bots SET secret = ?, secret_prefix = ?, updated_at = ? WHERE inbox_id = ?",
		sealed, prefix, micro(tx.now), inboxID); err != nil {
		return "", "", fmt.Errorf("set inbox %d bot secret: %w", inboxID, err)
	}
	return secret, prefix, nil
}

// ControlBot pauses, resumes or runs a conversation's bot for an agent who sees it, or for the
// system (a rule's start_bot and pause_bot), with a milestone crediting them.
func (db *DB) ControlBot(ctx context.Context, conversationID int64, action switchboard.BotAction) (*Conversation, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if actor.Agent == nil && !actor.System {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents and automations control the bot.")
	}
	ctl := switchboard.BotControl{Action: action}
	if err := ctl.Validate(); err != nil {
		return nil, err
	}
	return db.changeConversation(ctx, conversationID, func(tx *Tx, c *Conversation) error { return tx.controlBot(c, action) })
}

// controlBot pauses, resumes or runs the bot of conversation c (loaded in tx, so c.Bot says
// whether its inbox has a bot turned on), with the milestone crediting tx's actor: the entry
// point of the rules engine's start_bot (BotRun) and pause_bot (BotPause), inside the
// transaction of its run.
func (tx *Tx) controlBot(c *Conversation, action switchboard.BotAction) error {
	if c.Bot == nil {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "This conversation's inbox has no bot turned on.",
			Fields: map[string]string{"action": "Turn the inbox's bot on first (Settings › Inboxes › Bot)."}}
	}
	state, verb := switchboard.BotActive, "resumed"
	switch {
	case action == switchboard.BotPause:
		state, verb = switchboard.BotPaused, "paused"
	case action == switchboard.BotRun:
		verb = "ran"
	}
	if c.Bot.State == state && action != switchboard.BotRun {
		return nil // already so: nothing to record
	}
	if _, err := tx.exec("UPDATE conversations SET bot_state = ?, updated_at = ? WHERE id = ?", string(state), micro(tx.now), c.ID); err != nil {
		return fmt.Errorf("set conversation %d bot state: %w", c.ID, err)
	}
	if state == switchboard.BotPaused {
		// Nobody answers for the bot now: the inbox's assignment finds it a person.
		if err := tx.queueAutoAssign(c.InboxID); err != nil {
			return err
		}
	}
	if action == switchboard.BotRun {
		var newest int64
		err := tx.queryRow(`SELECT id FROM messages WHERE conversation_id = ? AND sender_type = 'contact' AND direction = 'incoming'
			ORDER BY id DESC LIMIT 1`, c.ID).Scan(&newest)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("run the bot: newest customer message: %w", err)
		}
		if err := tx.enqueue(switchboard.JobDeliverBot, switchboard.DeliverBotArgs{ConversationID: c.ID, MessageID: newest, Event: switchboard.BotEventRun},
			jobOptions{maxAttempts: botJobAttempts, uniqueKey: fmt.Sprintf("bot_run:%d", c.ID)}); err != nil {
			return err
		}
	}
	if err := tx.addActivity(c, &switchboard.Activity{Action: "bot_" + string(action)}, tx.actorName()+" "+verb+" the bot"); err != nil {
		return err
	}
	tx.emit(switchboard.EventConversationUpdated, &c.InboxID, &c.ID, nil,
		map[string]any{"id": c.ID, "bot": switchboard.ConversationBot{State: state}})
	return nil
}

// startBot is the state a new conversation of an inbox starts its bot in: active when the
// inbox's bot is on ("" otherwise).
func (tx *Tx) startBot(inboxID int64) (string, error) {
	c, err := tx.db.channelInboxOf(tx.ctx, tx.tx, inboxID, tx.configChanged)
	if err != nil || !c.bot {
		return "", err
	}
	return string(switchboard.BotActive), nil
}

// toBot queues the delivery of a customer's message to the conversation's bot, when the inbox
// has one turned on and it is active in the conversation. Inboxes without a bot pay one look-up
// of the remembered inbox.
func (tx *Tx) toBot(inboxID, conversationID, messageID int64, created bool) error {
	c, err := tx.db.channelInboxOf(tx.ctx, tx.tx, inboxID, tx.configChanged)
	if err != nil || !c.bot {
		return err
	}
	event := switchboard.BotEventConversationCreated
	if !created {
		var state string
		if err := tx.queryRow("SELECT bot_state FROM conversations WHERE id = ?", conversationID).Scan(&state); err != nil {
			return fmt.Errorf("receive: bot state: %w", err)
		}
		if state != string(switchboard.BotActive) {
			return nil
		}
		event = switchboard.BotEventMessageCreated
	}
	return tx.enqueue(switchboard.JobDeliverBot, switchboard.DeliverBotArgs{ConversationID: conversationID, MessageID: messageID, Event: event},
		jobOptions{maxAttempts: botJobAttempts, uniqueKey: fmt.Sprintf("bot:%d", messageID)})
}

// BotDeliveryFor loads what an attempt of a bot delivery sends; system only. The state is read
// now, so a delivery queued before the bot was paused finds it paused.
func (db *DB) BotDeliveryFor(ctx context.Context, a switchboard.DeliverBotArgs) (*switchboard.BotDelivery, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !actor.System {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only the system delivers to bots.")
	}
	conv, err := db.FindConversationByID(ctx, a.ConversationID)
	if err != nil {
		return nil, err
	}
	bot, sealed, err := findInboxBot(ctx, db.read, db, conv.InboxID)
	if err != nil {
		return nil, err
	}
	d := &switchboard.BotDelivery{Bot: bot, Payload: &switchboard.BotPayload{Event: a.Event, Conversation: conv}}
	if conv.Bot != nil {
		d.State = conv.Bot.State
	}
	if sealed != "" {
		raw, err := db.box.Open(sealed, botSecretAD(conv.InboxID))
		if err != nil {
			return nil, fmt.Errorf("open inbox %d bot secret: %w", conv.InboxID, err)
		}
		d.Secret = string(raw)
	}
	if a.MessageID != 0 {
		if d.Payload.Message, err = db.FindMessageByID(ctx, a.MessageID); err != nil {
			return nil, err
		}
	}
	if d.Payload.Contact, err = db.FindContactByID(ctx, conv.ContactID); err != nil {
		return nil, err
	}
	return d, nil
}

// createBotMessage writes a reply of an inbox's bot (it acts with the inbox's integration
// token), queued for delivery through the channel like an agent's: sender_type bot, named as
// the inbox's bot is. A bot writes no notes, mentions nobody and sends no uploads; it neither
// takes the conversation nor changes its bot state. An idempotency key already used by the
// bot in the conversation returns the first message.
func (db *DB) createBotMessage(ctx context.Context, inboxID, conversationID int64, c *switchboard.MessageCreate) (*Message, bool, error) {
	var v switchboard.Validator
	v.Check(!c.Note, "note", "A bot writes replies, not notes.")
	v.Check(len(c.Mentions) == 0, "mentions", "A bot mentions nobody.")
	v.Check(len(c.AttachmentIDs) == 0, "attachment_ids", "A bot sends no uploads.")
	if err := v.Err(); err != nil {
		return nil, false, err
	}
	if err := c.Validate(); err != nil {
		return nil, false, err
	}
	byKey := func() (*Message, error) {
		m, err := scanMessage(db.queryRow(ctx, "SELECT "+messageColumns+" FROM messages WHERE conversation_id = ? AND idempotency_key = ? AND sender_type = 'bot'",
			conversationID, c.IdempotencyKey))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		} else if err != nil {
			return nil, fmt.Errorf("find bot message by idempotency key: %w", err)
		}
		return m, db.loadParts(ctx, []*Message{m})
	}
	if c.IdempotencyKey != "" {
		if m, err := byKey(); err != nil || m != nil {
			return m, false, err
		}
	}
	var m *Message
	_, err := db.changeConversation(switchboard.NewSystemContext(ctx), conversationID, func(tx *Tx, conv *Conversation) error {
		if conv.InboxID != inboxID {
			return notFound("Conversation") // another inbox's: as if it did not exist
		}
		name := ""
		if err := tx.queryRow("SELECT name FROM inbox_bots WHERE inbox_id = ?", inboxID).Scan(&name); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("bot name: %w", err)
		}
		if name == "" {
			name = switchboard.DefaultBotName
		}
		var err error
		m, err = tx.addAgentMessage(conv, c, name)
		return err
	})
	if errors.Is(err, errDuplicateKey) {
		if m, err = byKey(); err == nil && m == nil {
			err = fmt.Errorf("create bot message: idempotent message vanished")
		}
		return m, false, err
	}
	if err != nil {
		return nil, false, err
	}
	return m, true, nil
}
