package sqlstore

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.CSATService = (*DB)(nil)

// The customer satisfaction surveys: an inbox's settings, the survey of a resolution (one row
// per conversation in csat_surveys), and the answers that come by choice, by text or by link.
// What to send is the automation's decision (automation.Surveyor); the store keeps the rules
// that must hold across nodes: once per resolution, one rating per conversation.

// csatSender names the survey's messages in the thread.
const csatSender = "Automation: satisfaction survey"

// CSATSettings returns an inbox's survey settings (admins, and the system).
func (db *DB) CSATSettings(ctx context.Context, inboxID int64) (*switchboard.CSATSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	return db.csatSettings(ctx, db.read, inboxID)
}

func (db *DB) csatSettings(ctx context.Context, q rowQueryer, inboxID int64) (*switchboard.CSATSettings, error) {
	var raw string
	err := q.QueryRowContext(ctx, db.q("SELECT csat FROM inboxes WHERE id = ?"), inboxID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Inbox")
	} else if err != nil {
		return nil, fmt.Errorf("find inbox %d csat settings: %w", inboxID, err)
	}
	s := &switchboard.CSATSettings{}
	if raw != "" {
		_ = json.Unmarshal([]byte(raw), s)
	}
	s.InboxID = inboxID
	if s.Validate() != nil {
		return &switchboard.CSATSettings{InboxID: inboxID, Scale: switchboard.CSATFive}, nil
	}
	return s, nil
}

// SetCSATSettings replaces an inbox's survey settings (admins).
func (db *DB) SetCSATSettings(ctx context.Context, s *switchboard.CSATSettings) (*switchboard.CSATSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec("UPDATE inboxes SET csat = ?, updated_at = ? WHERE id = ?", string(raw), micro(tx.now), s.InboxID)
		if err != nil {
			return fmt.Errorf("set inbox %d csat settings: %w", s.InboxID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("Inbox")
		}
		tx.configChanged = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// queueCSAT queues the survey of a conversation just resolved, when its inbox surveys and it
// has no rating yet. The job decides the rest (see SendCSATSurvey).
func (tx *Tx) queueCSAT(c *Conversation) error {
	if c.CSAT != nil {
		return nil
	}
	s, err := tx.db.csatSettings(tx.ctx, tx.tx, c.InboxID)
	if err != nil || !s.Enabled {
		return err
	}
	return tx.enqueue(switchboard.JobCSATSurvey, switchboard.CSATSurveyArgs{ConversationID: c.ID},
		jobOptions{uniqueKey: fmt.Sprintf("csat:%d", c.ID), maxAttempts: 5})
}

// PlanCSATSurvey says what a survey of a conversation would go with, and why none may (system).
func (db *DB) PlanCSATSurvey(ctx context.Context, conversationID int64) (*switchboard.CSATSurveyPlan, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	var p *switchboard.CSATSurveyPlan
	err := db.update(ctx, func(tx *Tx) error {
		c, err := tx.loadConversation(conversationID)
		if err != nil {
			return err
		}
		in, _, err := db.ChannelInbox(ctx, c.InboxID)
		if err != nil {
			return err
		}
		s, err := db.csatSettings(ctx, tx.tx, c.InboxID)
		if err != nil {
			return err
		}
		p = &switchboard.CSATSurveyPlan{Conversation: c, Inbox: in, Settings: s}
		_ = tx.queryRow("SELECT language FROM contacts WHERE id = ?", c.ContactID).Scan(&p.Language)
		p.Skip, err = tx.csatSkip(c, s)
		return err
	})
	return p, err
}

// csatSkip says why a conversation is not surveyed now ("" when it may be).
func (tx *Tx) csatSkip(c *Conversation, s *switchboard.CSATSettings) (string, error) {
	switch {
	case !s.Enabled:
		return "the inbox sends no surveys", nil
	case c.Status != switchboard.StatusResolved:
		return "the conversation is no longer resolved", nil
	case c.CSAT != nil:
		return "the conversation is rated already", nil
	}
	var sent int64
	err := tx.queryRow("SELECT sent_at FROM csat_surveys WHERE conversation_id = ? AND skipped = ''", c.ID).Scan(&sent)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("find survey of conversation %d: %w", c.ID, err)
	}
	if err == nil && tx.now.Sub(fromMicro(sent)) < switchboard.CSATAnswerWindow {
		return "a survey went in the last 24 hours", nil
	}
	if w := tx.db.capabilities(c.Channel).Window; w > 0 && (c.WindowClosesAt == nil || !tx.now.Before(*c.WindowClosesAt)) {
		return switchboard.CSATSkipWindowClosed, nil
	}
	return "", nil
}

// SendCSATSurvey records a conversation's survey and queues its message, once per resolution
// (system): the row in csat_surveys is claimed first, so a second job, a retry or another node
// finds it and sends nothing. A native survey (web chat's widget) records the row only.
func (db *DB) SendCSATSurvey(ctx context.Context, conversationID int64, sv *switchboard.CSATSurvey) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		c, err := tx.loadConversation(conversationID)
		if err != nil {
			return err
		}
		s, err := db.csatSettings(ctx, tx.tx, c.InboxID)
		if err != nil {
			return err
		}
		if why, err := tx.csatSkip(c, s); err != nil || why != "" {
			return err
		}
		if err := tx.checkOptOut(c); switchboard.ErrorCode(err) == switchboard.EOPTEDOUT {
			return tx.claimSurvey(c, s, "", "the customer opted out")
		} else if err != nil {
			return err
		}
		if err := tx.claimSurvey(c, s, sv.Form, ""); err != nil {
			return err
		}
		if sv.Form == switchboard.SurveyNative {
			return nil
		}
		m := &Message{ConversationID: c.ID, InboxID: c.InboxID, Direction: switchboard.DirectionOutgoing, Kind: switchboard.KindText,
			SenderType: switchboard.SenderBot, SenderName: csatSender, Text: sv.Text, Status: switchboard.MessagePending,
			Content: &switchboard.MessageContent{Automatic: true, Choices: sv.Choices}}
		if err := tx.insertMessage(m, ""); err != nil {
			return fmt.Errorf("survey conversation %d: %w", c.ID, err)
		}
		if _, err := tx.exec("UPDATE csat_surveys SET message_id = ? WHERE conversation_id = ?", m.ID, c.ID); err != nil {
			return fmt.Errorf("survey conversation %d: %w", c.ID, err)
		}
		return tx.enqueueDelivery(m.ID)
	})
}

// SkipCSATSurvey records why a conversation was not surveyed (system).
func (db *DB) SkipCSATSurvey(ctx context.Context, conversationID int64, why string) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		c, err := tx.loadConversation(conversationID)
		if err != nil {
			return err
		}
		s, err := db.csatSettings(ctx, tx.tx, c.InboxID)
		if err != nil {
			return err
		}
		return tx.claimSurvey(c, s, "", why)
	})
}

// claimSurvey writes the survey row of a resolution (form "" with skipped for none).
func (tx *Tx) claimSurvey(c *Conversation, s *switchboard.CSATSettings, form, skipped string) error {
	expires := tx.now.Add(switchboard.CSATAnswerWindow)
	if form == switchboard.SurveyLink {
		expires = tx.now.Add(switchboard.CSATLinkValidity)
	}
	_, err := tx.exec(`INSERT INTO csat_surveys (conversation_id, inbox_id, contact_id, form, scale, skipped, sent_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET form = excluded.form, scale = excluded.scale,
		skipped = excluded.skipped, sent_at = excluded.sent_at, expires_at = excluded.expires_at, message_id = NULL,
		answered_at = NULL, closed_at = NULL`,
		c.ID, c.InboxID, c.ContactID, form, string(s.Scale), skipped, micro(tx.now), micro(expires))
	if err != nil {
		return fmt.Errorf("claim survey of conversation %d: %w", c.ID, err)
	}
	if form != "" && skipped == "" {
		tx.emit(switchboard.EventCSATSent, &c.InboxID, &c.ID, nil, map[string]any{"conversation_id": c.ID, "form": form})
	}
	return nil
}

// csatAnswer reads a customer's message to a resolved conversation that has a survey waiting
// for its answer (choices or text): the rating it gives, or 0 when it is no answer, which
// closes the survey (only the next message counts).
func (tx *Tx) csatAnswer(convID int64, in *switchboard.InboundMessage) (int, error) {
	var scale string
	err := tx.queryRow(`SELECT scale FROM csat_surveys WHERE conversation_id = ? AND form IN ('choices', 'text') AND skipped = ''
		AND answered_at IS NULL AND closed_at IS NULL AND expires_at > ?`, convID, micro(tx.now)).Scan(&scale)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("receive: find survey: %w", err)
	}
	rating := 0
	if in.Content != nil && strings.HasPrefix(in.Content.Choice, switchboard.CSATChoicePrefix) {
		rest := strings.TrimPrefix(in.Content.Choice, switchboard.CSATChoicePrefix)
		if id, r, ok := strings.Cut(rest, ":"); ok && id == strconv.FormatInt(convID, 10) {
			if n, err := strconv.Atoi(r); err == nil && n >= 1 && n <= 5 {
				rating = n
			}
		}
	} else if len(in.Files) == 0 {
		rating, _ = switchboard.CSATScale(scale).ParseReply(in.Text)
	}
	if rating == 0 {
		if _, err := tx.exec("UPDATE csat_surveys SET closed_at = ? WHERE conversation_id = ?", micro(tx.now), convID); err != nil {
			return 0, fmt.Errorf("receive: close survey: %w", err)
		}
	}
	return rating, nil
}

// How a rating came (see rate).
const (
	ratedInWidget  = iota // web chat's own form
	ratedByMessage        // a survey's answer: a choice tapped or a number texted
	ratedByLink           // an emailed survey's rating page
)

// rate records a customer's rating of a conversation, once: the csat columns, the milestone
// and the event, and closes its survey. The milestone of a survey's answer credits the survey;
// one answered by message gets the thank-you text.
func (tx *Tx) rate(c *Conversation, r *switchboard.CSAT, via int) (*switchboard.CSAT, error) {
	if c.CSAT != nil {
		return nil, &switchboard.Error{Code: switchboard.ECONFLICT, Message: "This conversation was rated already.",
			Fields: map[string]string{"rating": "You rated this conversation already."}}
	}
	out := &switchboard.CSAT{Rating: r.Rating, Comment: r.Comment, At: fromMicro(micro(tx.now))}
	if _, err := tx.exec("UPDATE conversations SET csat_rating = ?, csat_comment = ?, csat_at = ?, updated_at = ? WHERE id = ?",
		r.Rating, r.Comment, micro(tx.now), micro(tx.now), c.ID); err != nil {
		return nil, fmt.Errorf("rate conversation %d: %w", c.ID, err)
	}
	if _, err := tx.exec("UPDATE csat_surveys SET answered_at = ? WHERE conversation_id = ?", micro(tx.now), c.ID); err != nil {
		return nil, fmt.Errorf("rate conversation %d: %w", c.ID, err)
	}
	text := fmt.Sprintf("The customer rated the conversation %d/5", r.Rating)
	if r.Comment != "" {
		text += ": " + r.Comment
	}
	act := &switchboard.Activity{Action: "csat", Rating: r.Rating, Note: r.Comment}
	if via != ratedInWidget {
		act.Automation = switchboard.CSATActor()
	}
	if err := tx.addActivity(c, act, text); err != nil {
		return nil, err
	}
	tx.emit(switchboard.EventConversationUpdated, &c.InboxID, &c.ID, nil, map[string]any{"id": c.ID, "csat": out})
	if via != ratedByMessage {
		return out, nil
	}
	s, err := tx.db.csatSettings(tx.ctx, tx.tx, c.InboxID)
	if err != nil || s.ThankYou == "" {
		return out, err
	}
	m := &Message{ConversationID: c.ID, InboxID: c.InboxID, Direction: switchboard.DirectionOutgoing, Kind: switchboard.KindText,
		SenderType: switchboard.SenderBot, SenderName: csatSender, Text: s.ThankYou, Status: switchboard.MessagePending,
		Content: &switchboard.MessageContent{Automatic: true}}
	if err := tx.insertMessage(m, ""); err != nil {
		return nil, fmt.Errorf("thank the customer: %w", err)
	}
	return out, tx.enqueueDelivery(m.ID)
}

// csatToken signs a rating link: conversation, rating, expiry (Unix seconds), MAC.
func (db *DB) csatToken(conversationID int64, rating int, exp int64) string {
	body := fmt.Sprintf("%d.%d.%d", conversationID, rating, exp)
	return body + "." + hex.EncodeToString(db.box.MAC([]byte("csat:" + body)))[:32]
}

// CSATLink returns the signed token of a rating link, valid for CSATLinkValidity.
func (db *DB) CSATLink(conversationID int64, rating int) string {
	return db.csatToken(conversationID, rating, db.now().Add(switchboard.CSATLinkValidity).Unix())
}

// readCSATToken checks a rating link's token: EINVALID when it was tampered with or expired.
func (db *DB) readCSATToken(token string) (conversationID int64, rating int, err error) {
	bad := &switchboard.Error{Code: switchboard.EINVALID, Message: "This rating link is not valid.", Fields: map[string]string{"token": "invalid"}}
	parts := strings.Split(token, ".")
	if len(parts) != 4 {
		return 0, 0, bad
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	r, err2 := strconv.Atoi(parts[1])
	exp, err3 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || !hmac.Equal([]byte(token), []byte(db.csatToken(id, r, exp))) || r < 1 || r > 5 {
		return 0, 0, bad
	}
	if db.now().Unix() > exp {
		return 0, 0, &switchboard.Error{Code: switchboard.EINVALID, Message: "This rating link has expired.", Fields: map[string]string{"token": "expired"}}
	}
	return id, r, nil
}

// CSATPage reads a rating link's token and what its page shows.
func (db *DB) CSATPage(ctx context.Context, token string) (*switchboard.CSATPage, error) {
	id, r, err := db.readCSATToken(token)
	if err != nil {
		return nil, err
	}
	var p *switchboard.CSATPage
	err = db.update(switchboard.NewSystemContext(ctx), func(tx *Tx) error {
		p, _, err = tx.csatPage(id, r)
		return err
	})
	return p, err
}

func (tx *Tx) csatPage(id int64, r int) (*switchboard.CSATPage, *Conversation, error) {
	c, err := tx.loadConversation(id)
	if err != nil {
		return nil, nil, err
	}
	s, err := tx.db.csatSettings(tx.ctx, tx.tx, c.InboxID)
	if err != nil {
		return nil, nil, err
	}
	p := &switchboard.CSATPage{ConversationID: id, Rating: r, Scale: s.Scale, Question: s.AskText(), AskComment: s.AskComment,
		ThankYou: s.ThankYou, Rated: c.CSAT}
	_ = tx.queryRow("SELECT language FROM contacts WHERE id = ?", c.ContactID).Scan(&p.Language)
	return p, c, nil
}

// RateByLink records the rating a link stands for, with an optional comment, once.
func (db *DB) RateByLink(ctx context.Context, token, comment string) (*switchboard.CSATPage, error) {
	id, r, err := db.readCSATToken(token)
	if err != nil {
		return nil, err
	}
	in := &switchboard.CSAT{Rating: r, Comment: comment}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	ctx = switchboard.NewAutomationContext(ctx, switchboard.CSATActor())
	var p *switchboard.CSATPage
	err = db.update(ctx, func(tx *Tx) error {
		var c *Conversation
		if p, c, err = tx.csatPage(id, r); err != nil {
			return err
		}
		p.Rated, err = tx.rate(c, in, ratedByLink)
		return err
	})
	return p, err
}
