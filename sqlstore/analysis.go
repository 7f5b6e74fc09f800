package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// assistantSwitch is what the ingest path and the thread's read need of the assistant's settings:
// whether analysis and translation are on for the workspace. It is remembered (see rememberFor),
// so a workspace with them off pays a map lookup per message or thread.
type assistantSwitch struct{ analysis, translation bool }

// assistantSwitchOf returns the remembered switch; fresh reads it again (a transaction that
// changed the configuration).
func (db *DB) assistantSwitchOf(ctx context.Context, q rowQueryer, fresh bool) (assistantSwitch, error) {
	return db.liveAssistant.read(struct{}{}, fresh, func() (assistantSwitch, error) {
		var s assistantSwitch
		err := q.QueryRowContext(ctx, db.q("SELECT analysis, translation FROM assistant_settings WHERE id = 1")).Scan(&s.analysis, &s.translation)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return s, fmt.Errorf("assistant switch: %w", err)
		}
		return s, nil
	})
}

// TranslationOn reports whether the workspace translates, as remembered (a map lookup between
// configuration changes): the thread's read asks it before telling messages' languages.
func (db *DB) TranslationOn(ctx context.Context) (bool, error) {
	sw, err := db.assistantSwitchOf(ctx, db.read, false)
	return sw.translation, err
}

// dispatchAnalysis queues the analysis of the conversations whose customer wrote in the
// transaction, when analysis is on for the workspace and the message's inbox (a blocked
// contact's messages emit no events, see receiveMessage, so they are never analysed): one live
// job per conversation (a newer message moves it), due after the configured delay so that a
// customer's burst of messages is read as one turn. A change of a conversation's labels queues
// the retraining of the label model. Nothing is read of the messages here: the job does that.
func (tx *Tx) dispatchAnalysis() error {
	sw, err := tx.db.assistantSwitchOf(tx.ctx, tx.tx, tx.configChanged)
	if err != nil || !sw.analysis {
		return err
	}
	var queued []int64
	train := false
	for _, e := range tx.events {
		if e.ConversationID == nil || tx.copies[e] {
			continue
		}
		switch e.Type {
		case switchboard.EventConversationLabels:
			train = true
		case switchboard.EventMessageCreated:
			if slices.Contains(queued, *e.ConversationID) {
				continue
			}
			var m ruleMessage
			if err := json.Unmarshal(e.Data, &m); err != nil {
				return fmt.Errorf("dispatch message %d to analysis: %w", e.ID, err)
			}
			if m.Direction != switchboard.DirectionIncoming || m.SenderType != switchboard.SenderContact {
				continue
			}
			c, err := tx.db.channelInboxOf(tx.ctx, tx.tx, m.InboxID, tx.configChanged)
			if err != nil {
				return err
			}
			if !c.inbox.Assistant.Analysis {
				continue
			}
			queued = append(queued, m.ConversationID)
			if err := tx.enqueue(switchboard.JobAnalyseTurn, switchboard.AnalyseTurnArgs{ConversationID: m.ConversationID},
				jobOptions{runAt: tx.now.Add(tx.db.analysisDelay), uniqueKey: fmt.Sprintf(switchboard.AnalysisJobKeyF, m.ConversationID)}); err != nil {
				return err
			}
		}
	}
	if train {
		return tx.enqueue(switchboard.JobTrainLabels, switchboard.TrainLabelsArgs{},
			jobOptions{runAt: tx.now.Add(tx.db.trainDelay), uniqueKey: switchboard.TrainLabelsKey})
	}
	return nil
}

// lastAgentReplySQL and turnMessagesSQL are the statements that find a conversation's current customer turn: the
// customer's messages after the last reply of an agent.
const (
	lastAgentReplySQL = `SELECT COALESCE(MAX(id), 0) FROM messages WHERE conversation_id = ? AND direction = 'outgoing' AND sender_type = 'agent'`
	turnMessagesSQL   = `SELECT id, text FROM messages WHERE conversation_id = ? AND id > ? AND direction = 'incoming'
		AND sender_type = 'contact' AND deleted_at IS NULL ORDER BY id DESC LIMIT 50` // the newest 50
)

// readTurn reads the current turn's messages, oldest first, through query (the read pool's or
// a transaction's), and the turn's boundary: the id of the agent's reply it follows, 0 for none.
// The boundary names the turn however many messages it has and whichever of them are deleted.
func readTurn(query queryFunc, rowQuery func(string, ...any) *sql.Row, conversationID int64) (int64, []switchboard.TurnMessage, error) {
	var after int64
	if err := rowQuery(lastAgentReplySQL, conversationID).Scan(&after); err != nil {
		return 0, nil, fmt.Errorf("turn of conversation %d: %w", conversationID, err)
	}
	rows, err := query(turnMessagesSQL, conversationID, after)
	if err != nil {
		return 0, nil, fmt.Errorf("turn of conversation %d: %w", conversationID, err)
	}
	defer rows.Close()
	msgs := []switchboard.TurnMessage{}
	for rows.Next() {
		var m switchboard.TurnMessage
		if err := rows.Scan(&m.ID, &m.Text); err != nil {
			return 0, nil, fmt.Errorf("turn of conversation %d: %w", conversationID, err)
		}
		msgs = append(msgs, m)
	}
	slices.Reverse(msgs)
	return after, msgs, rows.Err()
}

// FindAnalysisTurn reads a conversation's current customer turn with what the analysis needs
// beside it and its inbox's switches; when the inbox keeps analysis away, only the switches
// (no messages). The system only.
func (db *DB) FindAnalysisTurn(ctx context.Context, conversationID int64) (*switchboard.AnalysisTurn, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	t := &switchboard.AnalysisTurn{ConversationID: conversationID, Labels: []string{}, TeamLabels: []string{}}
	var off int
	err := db.queryRow(ctx, `SELECT c.inbox_id, c.priority, i.assistant_off FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
		WHERE c.id = ?`, conversationID).Scan(&t.InboxID, &t.Priority, &off)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Conversation")
	} else if err != nil {
		return nil, fmt.Errorf("find conversation %d: %w", conversationID, err)
	}
	if t.InboxAssistant = inboxAssistant(off); !t.InboxAssistant.Analysis {
		return t, nil // nothing of the turn is read for an inbox that keeps analysis away
	}
	rowQuery := func(q string, args ...any) *sql.Row { return db.queryRow(ctx, q, args...) }
	if _, t.Messages, err = readTurn(db.reader(ctx), rowQuery, conversationID); err != nil {
		return nil, err
	}
	names := func(q string, args ...any) ([]string, error) {
		rows, err := db.query(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("labels for analysis: %w", err)
		}
		defer rows.Close()
		out := []string{}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return nil, fmt.Errorf("labels for analysis: %w", err)
			}
			out = append(out, n)
		}
		return out, rows.Err()
	}
	if t.Labels, err = names(`SELECT l.name FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
		WHERE cl.conversation_id = ? ORDER BY l.name`, conversationID); err != nil {
		return nil, err
	}
	if t.TeamLabels, err = names("SELECT name FROM labels ORDER BY name" + limitSQL(1000)); err != nil {
		return nil, err
	}
	return t, nil
}

// analysisNoteText is the note's text, for what reads only text (search, a webhook's receiver,
// a client that knows nothing of content.analysis): one line of what the analysis read.
func analysisNoteText(a *switchboard.Analysis) string {
	parts := []string{"Analysis: " + string(a.Sentiment), "urgency " + string(a.Urgency)}
	if a.Language != "" {
		parts = append(parts, "language "+a.Language)
	}
	if len(a.Labels) > 0 {
		ls := make([]string, len(a.Labels))
		for i, l := range a.Labels {
			ls[i] = l.Label
		}
		parts = append(parts, "labels "+strings.Join(ls, ", "))
	}
	for _, r := range a.References {
		parts = append(parts, string(r.Kind)+" "+r.Value)
	}
	return strings.Join(parts, " · ")
}

// SaveAnalysis posts the analysis of a conversation's current customer turn as a private note
// (kind note, sender system "Assistant"), or updates the turn's note when one was posted (a
// later message of the same turn): one note per turn, the turn named by the agent's reply it
// follows (see readTurn). It sets the conversation's sentiment,
// urgency and language and the turn's messages' language, and announces the analysis
// (conversation.analysed, which rules with the analysed trigger listen to). A turn the team has
// answered meanwhile is not noted: it returns nil. The system only.
func (db *DB) SaveAnalysis(ctx context.Context, conversationID int64, a *switchboard.Analysis) (*switchboard.Message, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	if !a.Sentiment.Valid() || !a.Urgency.Valid() || (a.Language != "" && len(a.Language) != 2) {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Invalid analysis.")
	}
	var note *switchboard.Message
	err := db.update(ctx, func(tx *Tx) error {
		note = nil
		var inboxID int64
		if err := tx.queryRow("SELECT inbox_id FROM conversations WHERE id = ?", conversationID).Scan(&inboxID); errors.Is(err, sql.ErrNoRows) {
			return notFound("Conversation")
		} else if err != nil {
			return fmt.Errorf("save analysis of conversation %d: %w", conversationID, err)
		}
		after, turn, err := readTurn(tx.query, tx.queryRow, conversationID)
		if err != nil || len(turn) == 0 {
			return err
		}
		ids := make([]int64, len(turn))
		for i, m := range turn {
			ids[i] = m.ID
		}
		saved := *a
		saved.MessageIDs = ids
		saved.Labels, saved.References, saved.Actions = nonNil(saved.Labels), nonNil(saved.References), nonNil(saved.Actions)
		raw, err := json.Marshal(&saved)
		if err != nil {
			return fmt.Errorf("save analysis: %w", err)
		}
		content := &switchboard.MessageContent{Analysis: &saved, AI: &switchboard.AIOrigin{Feature: switchboard.AIAnalysis, Provider: saved.Provider}}
		text := analysisNoteText(&saved)
		var noteID int64
		err = tx.queryRow("SELECT note_id FROM analyses WHERE conversation_id = ? AND after_message_id = ?", conversationID, after).Scan(&noteID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			note = &switchboard.Message{ConversationID: conversationID, InboxID: inboxID, Direction: switchboard.DirectionInternal,
				Kind: switchboard.KindNote, SenderType: switchboard.SenderSystem, SenderName: "Assistant", Text: text, Content: content}
			if err := tx.insertMessage(note, ""); err != nil {
				return fmt.Errorf("post analysis note: %w", err)
			}
			if _, err := tx.exec(`INSERT INTO analyses (conversation_id, after_message_id, note_id, analysis, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, conversationID, after, note.ID, string(raw), micro(tx.now), micro(tx.now)); err != nil {
				return fmt.Errorf("record analysis: %w", err)
			}
		case err != nil:
			return fmt.Errorf("find analysis note: %w", err)
		default:
			cj, _ := json.Marshal(content)
			if _, err := tx.exec("UPDATE messages SET text = ?, content = ?, updated_at = ? WHERE id = ?", text, string(cj), micro(tx.now), noteID); err != nil {
				return fmt.Errorf("update analysis note: %w", err)
			}
			if _, err := tx.exec("UPDATE analyses SET analysis = ?, updated_at = ? WHERE conversation_id = ? AND after_message_id = ?",
				string(raw), micro(tx.now), conversationID, after); err != nil {
				return fmt.Errorf("record analysis: %w", err)
			}
			if note, err = scanMessage(tx.queryRow("SELECT "+messageColumns+" FROM messages WHERE id = ?", noteID)); err != nil {
				return fmt.Errorf("read analysis note: %w", err)
			}
			tx.emit(switchboard.EventMessageUpdated, &inboxID, &conversationID, nil, map[string]any{"id": noteID,
				"conversation_id": conversationID, "text": text, "content": content, "updated_at": tx.now})
		}
		if _, err := tx.exec("UPDATE conversations SET sentiment = ?, urgency = ?, language = ?, updated_at = ? WHERE id = ?",
			string(saved.Sentiment), string(saved.Urgency), saved.Language, micro(tx.now), conversationID); err != nil {
			return fmt.Errorf("save analysis of conversation %d: %w", conversationID, err)
		}
		if saved.Language != "" {
			args := []any{saved.Language}
			for _, id := range ids {
				args = append(args, id)
			}
			if _, err := tx.exec("UPDATE messages SET language = ? WHERE id IN ("+placeholders(len(ids))+")", args...); err != nil {
				return fmt.Errorf("save messages' language: %w", err)
			}
		}
		tx.emit(switchboard.EventConversationUpdated, &inboxID, &conversationID, nil, map[string]any{"id": conversationID,
			"sentiment": saved.Sentiment, "urgency": saved.Urgency, "language": saved.Language})
		tx.emit(switchboard.EventConversationAnalysed, &inboxID, &conversationID, nil, map[string]any{"conversation_id": conversationID,
			"analysis": &saved})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return note, nil
}

// nonNil returns s, or an empty slice for nil: lists are [] in JSON, never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// The bits of inboxes.assistant_off: the features an inbox keeps away from itself.
const (
	offAnalysis = 1 << iota
	offCopilot
	offTranslation
)

// assistantOff stores an inbox's assistant switches; inboxAssistant reads them back.
func assistantOff(a switchboard.InboxAssistant) int {
	off := 0
	if !a.Analysis {
		off |= offAnalysis
	}
	if !a.Copilot {
		off |= offCopilot
	}
	if !a.Translation {
		off |= offTranslation
	}
	return off
}

func inboxAssistant(off int) switchboard.InboxAssistant {
	return switchboard.InboxAssistant{Analysis: off&offAnalysis == 0, Copilot: off&offCopilot == 0, Translation: off&offTranslation == 0}
}
