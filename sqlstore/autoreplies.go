package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

// inboxAutomation is an inbox's stored automation document as the inbox cache keeps it, parsed
// once per load: a customer's message then costs a map lookup, not a query or a parse.
type inboxAutomation struct {
	config   *switchboard.Automation
	schedule *switchboard.HoursSchedule
}

// parseAutomation reads the stored document; one that no longer validates (a time zone this
// build lacks) sends nothing rather than failing every message of the inbox.
func parseAutomation(raw string) inboxAutomation {
	c, s, err := switchboard.ParseAutomation([]byte(raw))
	if err != nil {
		return inboxAutomation{}
	}
	return inboxAutomation{config: c, schedule: s}
}

// InboxAutomation returns an inbox's business hours and automatic replies (admins only).
func (db *DB) InboxAutomation(ctx context.Context, id int64) (*switchboard.Automation, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	var raw string
	err := db.read.QueryRowContext(ctx, db.q("SELECT automation FROM inboxes WHERE id = ?"), id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Inbox")
	} else if err != nil {
		return nil, fmt.Errorf("find inbox %d automation: %w", id, err)
	}
	c, _, err := switchboard.ParseAutomation([]byte(raw))
	if err != nil {
		return &switchboard.Automation{}, nil
	}
	return c, nil
}

// SetInboxAutomation replaces an inbox's business hours and automatic replies (admins only);
// an invalid configuration is EINVALID with a field per problem and changes nothing.
func (db *DB) SetInboxAutomation(ctx context.Context, id int64, c *switchboard.Automation) (*switchboard.Automation, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if c == nil {
		c = &switchboard.Automation{}
	}
	if _, err := c.Validate(); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		if err := tx.checkAutoReplyTemplates(id, c); err != nil {
			return err
		}
		res, err := tx.exec("UPDATE inboxes SET automation = ?, updated_at = ? WHERE id = ?", string(raw), micro(tx.now), id)
		if err != nil {
			return fmt.Errorf("set inbox %d automation: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("Inbox")
		}
		tx.configChanged = true // the inbox cache holds the configuration
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// autoReplies sends the inbox's automatic replies that a customer's message m in conv calls for
// (see switchboard.Automation.Replies), inside the transaction that records m. Each is claimed first
// in auto_replies by (conversation, kind, period): a second webhook racing this one, a replay,
// or another node finds the claim (on PostgreSQL after waiting for this transaction) and sends
// nothing. The replies are automatic messages, sent by "Auto-reply", through the delivery job;
// a customer who opted out gets none. Replies to one message go out in order: only the first
// one's delivery is queued now, each next one's once the one before is sent or has failed (see
// releaseNextAutoReply). One that finds the customer's window closed when its delivery runs (a
// message delivered late, a backlog) goes as the template chosen for it, or not at all (see
// LateAutoReply).
func (tx *Tx) autoReplies(conv *Conversation, kind switchboard.ChannelKind, contactID int64, m *Message) error {
	c, err := tx.db.channelInboxOf(tx.ctx, tx.tx, conv.InboxID, tx.configChanged)
	if err != nil {
		return err
	}
	auto := c.automation
	if auto.config.Empty() {
		return nil
	}
	replies := auto.config.Replies(auto.schedule, conv.CreatedAt.Equal(tx.now), tx.now)
	if len(replies) == 0 {
		return nil
	}
	// (A conversation that goes on is known here by little more than its id.)
	to := Conversation{ID: conv.ID, InboxID: conv.InboxID, ContactID: contactID, Channel: kind}
	if err := tx.checkOptOut(&to); switchboard.ErrorCode(err) == switchboard.EOPTEDOUT {
		return nil
	} else if err != nil {
		return err
	}
	var previous int64 // the reply before, which this one waits for
	for _, r := range replies {
		res, err := tx.exec("INSERT INTO auto_replies (conversation_id, kind, period, message_id, after_message_id) VALUES (?, ?, ?, 0, ?) ON CONFLICT DO NOTHING",
			conv.ID, r.Kind, r.Period, previous)
		if err != nil {
			return fmt.Errorf("receive: claim the %s reply: %w", r.Kind, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			continue // sent already
		}
		reply := &Message{ConversationID: conv.ID, InboxID: conv.InboxID, Direction: switchboard.DirectionOutgoing, Kind: switchboard.KindText,
			SenderType: switchboard.SenderBot, SenderName: autoReplySender, Text: r.Text, Status: switchboard.MessagePending,
			ReplyToID: &m.ID, Content: &switchboard.MessageContent{Automatic: true, AutoReply: r.Kind}}
		if err := tx.insertMessage(reply, ""); err != nil {
			return fmt.Errorf("receive: %s reply: %w", r.Kind, err)
		}
		if _, err := tx.exec("UPDATE auto_replies SET message_id = ? WHERE conversation_id = ? AND kind = ? AND period = ?",
			reply.ID, conv.ID, r.Kind, r.Period); err != nil {
			return fmt.Errorf("receive: %s reply: %w", r.Kind, err)
		}
		if previous == 0 {
			if err := tx.enqueueDelivery(reply.ID); err != nil {
				return err
			}
		}
		previous = reply.ID
	}
	return nil
}

// releaseNextAutoReply queues the delivery of the automatic reply that waits for message id (see
// autoReplies), now that id is sent or has failed.
func (tx *Tx) releaseNextAutoReply(id int64) error {
	next, err := tx.ids("SELECT message_id FROM auto_replies WHERE after_message_id = ? AND message_id <> 0", id)
	if err != nil {
		return fmt.Errorf("release the next automatic reply: %w", err)
	}
	for _, n := range next {
		if err := tx.enqueueDelivery(n); err != nil {
			return err
		}
	}
	return nil
}

// autoReplySender is the sender name of automatic replies: the thread shows them by
// "Auto-reply" (in the agent's language, from content.auto_reply), the API and exports by this.
const autoReplySender = "Auto-reply"

// autoReplyActor is whom the automatic replies' milestones credit.
var autoReplyActor = &switchboard.AutomationActor{Kind: switchboard.AutomationAutoReply, Name: "Auto-reply"}

// inboxClosed reports whether the inbox has business hours and is outside them now (read from
// the inbox cache): the web chat then says the team is away, whoever is online.
func (db *DB) inboxClosed(ctx context.Context, inboxID int64) (bool, error) {
	c, err := db.channelInboxOf(ctx, db.read, inboxID, false)
	if err != nil {
		return false, err
	}
	s := c.automation.schedule
	return s != nil && !s.IsOpen(db.now()), nil
}

// LateAutoReply prepares an automatic reply whose customer's window closed before its delivery
// ran (system; see switchboard.OutboundService): it becomes the template the inbox chose for its
// kind, rendered, or, with none chosen or usable, is marked failed with a milestone crediting
// the auto-reply that says why; the SendError returned then says so (nil: send the template).
func (db *DB) LateAutoReply(ctx context.Context, messageID int64) (*switchboard.SendError, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	var refused *switchboard.SendError
	err := db.update(ctx, func(tx *Tx) error {
		refused = nil
		m, err := scanMessage(tx.queryRow("SELECT "+messageColumns+" FROM messages WHERE id = ?"+tx.db.dialect.forUpdate, messageID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Message")
		} else if err != nil {
			return fmt.Errorf("late auto-reply %d: %w", messageID, err)
		}
		c := m.Content
		if m.Status != switchboard.MessagePending || c == nil || c.AutoReply == "" || c.Template != nil {
			return nil // sent, failed or prepared meanwhile
		}
		ci, err := tx.db.channelInboxOf(tx.ctx, tx.tx, m.InboxID, tx.configChanged)
		if err != nil {
			return err
		}
		var why string
		if auto := ci.automation.config; auto == nil || auto.Templates[c.AutoReply] == nil {
			why = "no template is chosen for it"
		} else {
			choice := auto.Templates[c.AutoReply]
			t, err := tx.db.findTemplate(tx.ctx, tx.tx, m.InboxID, choice.Name, choice.Language)
			switch {
			case switchboard.ErrorCode(err) == switchboard.EINVALID: // not among them
				why = fmt.Sprintf("its template %s (%s) is no longer among the inbox's templates", choice.Name, choice.Language)
			case err != nil:
				return err
			case t.Status != "approved":
				why = fmt.Sprintf("its template %s is %s, not approved", t.Name, t.Status)
			case t.Params != 0:
				why = fmt.Sprintf("its template %s takes parameters", t.Name)
			default:
				c.Template = &switchboard.TemplateSend{Name: t.Name, Language: t.Language, ProviderID: t.ProviderID}
				text := t.Render(nil)
				b, _ := json.Marshal(c)
				if _, err := tx.exec("UPDATE messages SET kind = ?, text = ?, content = ?, updated_at = ? WHERE id = ?",
					string(switchboard.KindTemplate), text, string(b), micro(tx.now), m.ID); err != nil {
					return fmt.Errorf("late auto-reply %d: %w", m.ID, err)
				}
				tx.emit(switchboard.EventMessageUpdated, &m.InboxID, &m.ConversationID, nil,
					map[string]any{"id": m.ID, "conversation_id": m.ConversationID, "kind": switchboard.KindTemplate, "text": text, "content": c})
				return nil
			}
		}
		reason := fmt.Sprintf("The customer's window had closed before the %s could go out, and %s.", autoReplyNames[c.AutoReply], why)
		refused = &switchboard.SendError{Code: switchboard.EWINDOWCLOSED, Reason: reason}
		if _, _, err := tx.recordDelivery(m.ID, "", switchboard.MessageFailed, refused.Code, reason); err != nil {
			return err
		}
		conv, err := tx.loadConversation(m.ConversationID)
		if err != nil {
			return err
		}
		return tx.addActivity(conv, &switchboard.Activity{Action: "auto_reply_not_sent", TargetID: &m.ID, Note: c.AutoReply, Automation: autoReplyActor},
			"Auto-reply: not sent. "+reason)
	})
	return refused, err
}

// autoReplyNames are the automatic replies' names in the English texts of milestones.
var autoReplyNames = map[string]string{
	switchboard.AutoReplyWelcome:     "welcome message",
	switchboard.AutoReplyOutOfHours:  "out-of-hours reply",
	switchboard.AutoReplyAcknowledge: "acknowledgement",
}

// checkAutoReplyTemplates checks the templates an inbox's automation chooses: the channel must
// have templates, and each must be one of the inbox's synced ones, approved, without parameters.
func (tx *Tx) checkAutoReplyTemplates(inboxID int64, c *switchboard.Automation) error {
	if len(c.Templates) == 0 {
		return nil
	}
	var kind string
	if err := tx.queryRow("SELECT kind FROM inboxes WHERE id = ?", inboxID).Scan(&kind); errors.Is(err, sql.ErrNoRows) {
		return notFound("Inbox")
	} else if err != nil {
		return fmt.Errorf("check auto-reply templates: %w", err)
	}
	var v switchboard.Validator
	if !tx.db.capabilities(switchboard.ChannelKind(kind)).Templates {
		v.Check(false, "templates", "This channel has no templates.")
		return v.Err()
	}
	for k, choice := range c.Templates {
		t, err := tx.db.findTemplate(tx.ctx, tx.tx, inboxID, choice.Name, choice.Language)
		if switchboard.ErrorCode(err) == switchboard.EINVALID { // not among them
			v.Check(false, "templates."+k, "Choose one of the inbox's templates.")
			continue
		} else if err != nil {
			return err
		}
		v.Check(t.Status == "approved", "templates."+k, "Choose an approved template.")
		v.Check(t.Params == 0, "templates."+k, "Choose a template without parameters: nothing fills them in.")
	}
	return v.Err()
}
