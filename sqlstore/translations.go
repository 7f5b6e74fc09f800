package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var (
	_ switchboard.TranslationService = (*DB)(nil)
	_ switchboard.CopilotSource      = (*DB)(nil)
)

const translationColumns = "message_id, language, source, text, provider, created_at"

func scanTranslation(row scanner) (*switchboard.Translation, error) {
	var t switchboard.Translation
	var created int64
	if err := row.Scan(&t.MessageID, &t.Language, &t.Source, &t.Text, &t.Provider, &created); err != nil {
		return nil, err
	}
	t.CreatedAt = fromMicro(created)
	return &t, nil
}

// FindTranslations lists the cached translations into language of the messages of a
// conversation the actor may see, by message.
func (db *DB) FindTranslations(ctx context.Context, conversationID int64, language string) ([]*switchboard.Translation, error) {
	if err := db.seeConversation(ctx, conversationID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT t.message_id, t.language, t.source, t.text, t.provider, t.created_at
		FROM message_translations t JOIN messages m ON m.id = t.message_id
		WHERE m.conversation_id = ? AND t.language = ? AND m.deleted_at IS NULL ORDER BY t.message_id`, conversationID, language)
	if err != nil {
		return nil, fmt.Errorf("find translations of conversation %d: %w", conversationID, err)
	}
	defer rows.Close()
	out := []*switchboard.Translation{}
	for rows.Next() {
		t, err := scanTranslation(rows)
		if err != nil {
			return nil, fmt.Errorf("find translations of conversation %d: %w", conversationID, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FindTranslation returns a message the actor may see and its cached translation into
// language, nil when there is none.
func (db *DB) FindTranslation(ctx context.Context, messageID int64, language string) (*Message, *switchboard.Translation, error) {
	m, err := db.FindMessageByID(ctx, messageID)
	if err != nil {
		return nil, nil, err
	}
	t, err := scanTranslation(db.queryRow(ctx, "SELECT "+translationColumns+" FROM message_translations WHERE message_id = ? AND language = ?", messageID, language))
	if errors.Is(err, sql.ErrNoRows) {
		return m, nil, nil
	} else if err != nil {
		return nil, nil, fmt.Errorf("find translation of message %d: %w", messageID, err)
	}
	return m, t, nil
}

// SaveTranslation caches a translation of a message the actor may see. Two agents asking at
// once both translate, and the first saved is kept and answered to both. The message's row is
// locked and read in the save's transaction: a message deleted, unsent or edited while the
// engine worked (its translations forgotten then) is not given the old text's translation
// back (ECONFLICT).
func (db *DB) SaveTranslation(ctx context.Context, t *switchboard.Translation) (*switchboard.Translation, error) {
	if _, err := db.FindMessageByID(ctx, t.MessageID); err != nil {
		return nil, err
	}
	var v switchboard.Validator
	v.Check(switchboard.ValidLanguage(t.Language), "language", "Name the language as two letters, like es.")
	v.Check(t.Source == "" || switchboard.ValidLanguage(t.Source), "source", "Name the language as two letters, like es.")
	v.Check(strings.TrimSpace(t.Text) != "" && len(t.Text) <= 4*switchboard.MaxTextLength, "text", "A translation has a text.")
	v.Check(t.Provider != "", "provider", "Say which provider translated it.")
	v.Required(t.Original != "", "original", "Say which text was translated.")
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *switchboard.Translation
	err := db.update(ctx, func(tx *Tx) error {
		var text string
		var deleted sql.NullInt64
		if err := tx.queryRow("SELECT text, deleted_at FROM messages WHERE id = ?"+tx.db.dialect.forUpdate, t.MessageID).Scan(&text, &deleted); err != nil {
			return fmt.Errorf("save translation of message %d: %w", t.MessageID, err)
		}
		if deleted.Valid || text != t.Original {
			return switchboard.Errorf(switchboard.ECONFLICT, "The message was deleted or changed while it was translated.")
		}
		if _, err := tx.exec(`INSERT INTO message_translations (message_id, language, source, text, provider, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (message_id, language) DO NOTHING`,
			t.MessageID, t.Language, t.Source, switchboard.StorableText(t.Text), t.Provider, micro(tx.now)); err != nil {
			return fmt.Errorf("save translation of message %d: %w", t.MessageID, err)
		}
		var err error
		out, err = scanTranslation(tx.queryRow("SELECT "+translationColumns+" FROM message_translations WHERE message_id = ? AND language = ?", t.MessageID, t.Language))
		if err != nil {
			return fmt.Errorf("save translation of message %d: %w", t.MessageID, err)
		}
		return nil
	})
	return out, err
}

// forgetTranslations deletes a message's cached translations, in the transaction that changes
// or blanks its text.
func (tx *Tx) forgetTranslations(messageID int64) error {
	if _, err := tx.exec("DELETE FROM message_translations WHERE message_id = ?", messageID); err != nil {
		return fmt.Errorf("forget translations of message %d: %w", messageID, err)
	}
	return nil
}

// resolvedQuestionMessages and resolvedQuestionBytes bound the customer's text kept of each
// resolved conversation: the opening messages say what was asked.
const (
	resolvedQuestionMessages = 3
	resolvedQuestionBytes    = 2000
)

// FindResolvedAnswers returns, for the newest resolved conversations in the inboxes the actor
// may see (at most limit, by last activity, through the status index), the customer's opening
// messages and the team's last reply. Conversations with no reply from an agent are left out, and
// so are those of inboxes that keep the copilot away (inboxes.assistant_off): the answers are
// what the copilot may send to an endpoint.
func (db *DB) FindResolvedAnswers(ctx context.Context, limit int) ([]*switchboard.ResolvedAnswer, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	scope, err := db.listScope(ctx, actor)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 2000 {
		limit = 2000
	}
	where := fmt.Sprintf("status = 'resolved' AND inbox_id IN (SELECT id FROM inboxes WHERE (assistant_off & %d) = 0)", offCopilot)
	if !scope.All {
		if len(scope.IDs) == 0 {
			return nil, nil
		}
		where += " AND " + inScope("inbox_id", scope)
	}
	rows, err := db.query(ctx, "SELECT id, inbox_id FROM conversations WHERE "+where+" ORDER BY last_activity_at DESC, id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("find resolved conversations: %w", err)
	}
	byID := map[int64]*switchboard.ResolvedAnswer{}
	var order []*switchboard.ResolvedAnswer
	for rows.Next() {
		a := &switchboard.ResolvedAnswer{}
		if err := rows.Scan(&a.ConversationID, &a.InboxID); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find resolved conversations: %w", err)
		}
		byID[a.ConversationID] = a
		order = append(order, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find resolved conversations: %w", err)
	}
	if len(order) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(order))
	for i, a := range order {
		ids[i] = a.ConversationID
	}
	in, args := inIDs("conversation_id", ids)
	// The team's last reply in each, and the customer's first messages.
	rows, err = db.query(ctx, `SELECT conversation_id, direction, text FROM (
		SELECT conversation_id, direction, text,
			ROW_NUMBER() OVER (PARTITION BY conversation_id, direction ORDER BY
				CASE WHEN direction = 'outgoing' THEN -id ELSE id END) AS n
		FROM messages WHERE `+in+` AND deleted_at IS NULL AND text <> '' AND
			(direction = 'incoming' OR (direction = 'outgoing' AND sender_type = 'agent'))
	) x WHERE (direction = 'outgoing' AND n = 1) OR (direction = 'incoming' AND n <= ?)
	ORDER BY conversation_id, n`, append(args, resolvedQuestionMessages)...)
	if err != nil {
		return nil, fmt.Errorf("find resolved answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var direction, text string
		if err := rows.Scan(&id, &direction, &text); err != nil {
			return nil, fmt.Errorf("find resolved answers: %w", err)
		}
		a := byID[id]
		if direction == string(switchboard.DirectionOutgoing) {
			a.Answer = text
		} else if len(a.Question) < resolvedQuestionBytes {
			if a.Question != "" {
				a.Question += "\n"
			}
			a.Question += text
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find resolved answers: %w", err)
	}
	out := make([]*switchboard.ResolvedAnswer, 0, len(order))
	for _, a := range order {
		if a.Answer != "" && a.Question != "" {
			out = append(out, a)
		}
	}
	return out, nil
}
