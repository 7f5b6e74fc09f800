package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.AssistantStore = (*DB)(nil)

// The associated data that bind the sealed keys to their use.
var (
	assistantKeyAD      = []byte("assistant:api_key")
	libreTranslateKeyAD = []byte("assistant:libretranslate_key")
)

// maxAssistantErrorLength bounds the recorded error of a call to the endpoint.
const maxAssistantErrorLength = 500

// assistantSealed are the sealed keys of the settings' row.
type assistantSealed struct{ apiKey, libreKey string }

// defaultAssistantSettings are a workspace's before an admin saved any: offline, every feature
// off, redaction on.
func defaultAssistantSettings() *switchboard.AssistantSettings {
	return &switchboard.AssistantSettings{Provider: switchboard.AssistantOffline, Redact: true,
		TranslationEngine: switchboard.TranslateWithAssistant, ApertiumPairs: []string{}}
}

// findAssistantSettings reads the settings with the sealed keys and today's usage.
func (db *DB) findAssistantSettings(ctx context.Context, q rowQueryer) (*switchboard.AssistantSettings, assistantSealed, error) {
	s := defaultAssistantSettings()
	var sealed assistantSealed
	var errAt, okAt sql.NullInt64
	var updated, budget int64
	err := q.QueryRowContext(ctx, db.q(`SELECT provider, base_url, model, embedding_model, api_key, daily_token_budget, redact,
		analysis, copilot, translation, translation_engine, libretranslate_url, libretranslate_key, last_error, last_error_at,
		last_success_at, updated_at FROM assistant_settings WHERE id = 1`)).
		Scan(&s.Provider, &s.BaseURL, &s.Model, &s.EmbeddingModel, &sealed.apiKey, &budget, &s.Redact, &s.Analysis, &s.Copilot,
			&s.Translation, &s.TranslationEngine, &s.LibreTranslateURL, &sealed.libreKey, &s.LastError, &errAt, &okAt, &updated)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, sealed, fmt.Errorf("find assistant settings: %w", err)
	}
	if err == nil {
		s.DailyTokenBudget, s.KeySet, s.LibreTranslateKeySet = int(budget), sealed.apiKey != "", sealed.libreKey != ""
		s.LastErrorAt, s.LastSuccessAt, s.UpdatedAt = fromNullMicro(errAt), fromNullMicro(okAt), fromMicro(updated)
	}
	var tokens sql.NullInt64
	if err := q.QueryRowContext(ctx, db.q("SELECT tokens FROM assistant_usage WHERE day = ?"), usageDay(db.now())).Scan(&tokens); err != nil &&
		!errors.Is(err, sql.ErrNoRows) {
		return nil, sealed, fmt.Errorf("find assistant usage: %w", err)
	}
	s.TokensToday = int(tokens.Int64)
	return s, sealed, nil
}

// usageDay names the UTC day the usage of t counts for.
func usageDay(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// FindAssistantSettings returns the assistant's settings without the keys; admins only.
func (db *DB) FindAssistantSettings(ctx context.Context) (*switchboard.AssistantSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	s, _, err := db.findAssistantSettings(ctx, db.read)
	return s, err
}

// FindAssistantFeatures returns the workspace's switches; any signed-in agent.
func (db *DB) FindAssistantFeatures(ctx context.Context) (*switchboard.AssistantFeatures, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	s, _, err := db.findAssistantSettings(ctx, db.read)
	if err != nil {
		return nil, err
	}
	return s.Features(), nil
}

// SetAssistantSettings changes the assistant's settings; admins only. Saving clears the recorded
// health, which described the settings before.
func (db *DB) SetAssistantSettings(ctx context.Context, in *switchboard.AssistantSettingsInput) (*switchboard.AssistantSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	var out *switchboard.AssistantSettings
	err := db.update(ctx, func(tx *Tx) error {
		cur, sealed, err := db.findAssistantSettings(tx.ctx, tx.tx)
		if err != nil {
			return err
		}
		if err := in.Validate(cur); err != nil {
			return err
		}
		setGiven(&cur.Provider, in.Provider)
		setGiven(&cur.BaseURL, in.BaseURL)
		setGiven(&cur.Model, in.Model)
		setGiven(&cur.EmbeddingModel, in.EmbeddingModel)
		setGiven(&cur.TranslationEngine, in.TranslationEngine)
		setGiven(&cur.LibreTranslateURL, in.LibreTranslateURL)
		setGiven(&cur.Redact, in.Redact)
		setGiven(&cur.Analysis, in.Analysis)
		setGiven(&cur.Copilot, in.Copilot)
		setGiven(&cur.Translation, in.Translation)
		setGiven(&cur.DailyTokenBudget, in.DailyTokenBudget)
		seal := func(dst *string, p *string, ad []byte) {
			if p != nil {
				*dst = ""
				if *p != "" {
					*dst = db.box.Seal([]byte(*p), ad)
				}
			}
		}
		seal(&sealed.apiKey, in.APIKey, assistantKeyAD)
		seal(&sealed.libreKey, in.LibreTranslateKey, libreTranslateKeyAD)
		cur.KeySet, cur.LibreTranslateKeySet = sealed.apiKey != "", sealed.libreKey != ""
		cur.LastError, cur.LastErrorAt, cur.LastSuccessAt, cur.UpdatedAt = "", nil, nil, tx.now
		tx.configChanged = true // the ingest path remembers whether analysis is on
		tx.emit(switchboard.EventAssistantChanged, nil, nil, nil,
			map[string]bool{"analysis": cur.Analysis, "copilot": cur.Copilot, "translation": cur.Translation})
		if _, err := tx.exec(`INSERT INTO assistant_settings (id, provider, base_url, model, embedding_model, api_key,
			daily_token_budget, redact, analysis, copilot, translation, translation_engine, libretranslate_url, libretranslate_key,
			last_error, last_error_at, last_success_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', NULL, NULL, ?)
			ON CONFLICT (id) DO UPDATE SET provider = excluded.provider, base_url = excluded.base_url, model = excluded.model,
			embedding_model = excluded.embedding_model, api_key = excluded.api_key, daily_token_budget = excluded.daily_token_budget,
			redact = excluded.redact, analysis = excluded.analysis, copilot = excluded.copilot, translation = excluded.translation,
			translation_engine = excluded.translation_engine, libretranslate_url = excluded.libretranslate_url,
			libretranslate_key = excluded.libretranslate_key, last_error = '', last_error_at = NULL, last_success_at = NULL,
			updated_at = excluded.updated_at`,
			cur.Provider, cur.BaseURL, cur.Model, cur.EmbeddingModel, sealed.apiKey, cur.DailyTokenBudget, cur.Redact, cur.Analysis,
			cur.Copilot, cur.Translation, cur.TranslationEngine, cur.LibreTranslateURL, sealed.libreKey, micro(tx.now)); err != nil {
			return fmt.Errorf("save assistant settings: %w", err)
		}
		out = cur
		return nil
	})
	return out, err
}

// AssistantConfig returns the settings with the keys in clear; the system only.
func (db *DB) AssistantConfig(ctx context.Context) (*switchboard.AssistantSettings, switchboard.AssistantKeys, error) {
	var keys switchboard.AssistantKeys
	if err := requireSystem(ctx); err != nil {
		return nil, keys, err
	}
	s, sealed, err := db.findAssistantSettings(ctx, db.read)
	if err != nil {
		return nil, keys, err
	}
	open := func(sealedKey string, ad []byte) (string, error) {
		if sealedKey == "" {
			return "", nil
		}
		raw, err := db.box.Open(sealedKey, ad)
		if err != nil {
			return "", fmt.Errorf("open assistant key: %w", err)
		}
		return string(raw), nil
	}
	if keys.APIKey, err = open(sealed.apiKey, assistantKeyAD); err != nil {
		return nil, keys, err
	}
	if keys.LibreTranslateKey, err = open(sealed.libreKey, libreTranslateKeyAD); err != nil {
		return nil, keys, err
	}
	return s, keys, nil
}

// RecordAssistantCall adds tokens to today's usage and records the call's outcome (errText ""
// for a success); the system only.
func (db *DB) RecordAssistantCall(ctx context.Context, tokens int, errText string) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	if len(errText) > maxAssistantErrorLength {
		errText = strings.ToValidUTF8(errText[:maxAssistantErrorLength], "")
	}
	return db.update(ctx, func(tx *Tx) error {
		if tokens > 0 {
			if _, err := tx.exec(`INSERT INTO assistant_usage (day, tokens) VALUES (?, ?)
				ON CONFLICT (day) DO UPDATE SET tokens = assistant_usage.tokens + excluded.tokens`, usageDay(tx.now), tokens); err != nil {
				return fmt.Errorf("record assistant usage: %w", err)
			}
		}
		var err error
		if errText == "" {
			_, err = tx.exec("UPDATE assistant_settings SET last_success_at = ? WHERE id = 1", micro(tx.now))
		} else {
			_, err = tx.exec("UPDATE assistant_settings SET last_error = ?, last_error_at = ? WHERE id = 1", errText, micro(tx.now))
		}
		if err != nil {
			return fmt.Errorf("record assistant call: %w", err)
		}
		return nil
	})
}

// SaveAssistantModel stores a trained model by name; the system only.
func (db *DB) SaveAssistantModel(ctx context.Context, name string, model []byte) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(`INSERT INTO assistant_models (name, model, trained_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET model = excluded.model, trained_at = excluded.trained_at`, name, string(model), micro(tx.now)); err != nil {
			return fmt.Errorf("save assistant model %s: %w", name, err)
		}
		return nil
	})
}

// AssistantModel loads a trained model by name: nil when there is none; the system only.
func (db *DB) AssistantModel(ctx context.Context, name string) ([]byte, time.Time, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, time.Time{}, err
	}
	var model string
	var at int64
	err := db.queryRow(ctx, "SELECT model, trained_at FROM assistant_models WHERE name = ?", name).Scan(&model, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, nil
	} else if err != nil {
		return nil, time.Time{}, fmt.Errorf("load assistant model %s: %w", name, err)
	}
	return []byte(model), fromMicro(at), nil
}

// The bounds of the label model's training data: the newest labelled conversations, and the
// first bytes of each one's customer text, from its first messages.
const (
	maxTrainingConversations = 5000
	maxTrainingText          = 2 << 10
	maxTrainingMessages      = 20
)

// LabelTrainingData returns the customer text (its first 2 KiB, of the first 20 messages) and
// labels of the newest labelled conversations, at most limit (and 5000), in two queries whatever
// their number; the system only.
func (db *DB) LabelTrainingData(ctx context.Context, limit int) ([]switchboard.LabelledText, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > maxTrainingConversations {
		limit = maxTrainingConversations
	}
	rows, err := db.query(ctx, `SELECT cl.conversation_id, l.name FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
		WHERE cl.conversation_id IN (SELECT DISTINCT conversation_id FROM conversation_labels ORDER BY conversation_id DESC`+limitSQL(limit)+`)
		ORDER BY cl.conversation_id DESC, l.name`)
	if err != nil {
		return nil, fmt.Errorf("label training data: %w", err)
	}
	var out []switchboard.LabelledText
	index := map[int64]int{}
	var ids []int64
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("label training data: %w", err)
		}
		i, ok := index[id]
		if !ok {
			i = len(out)
			index[id] = i
			ids = append(ids, id)
			out = append(out, switchboard.LabelledText{})
		}
		out[i].Labels = append(out[i].Labels, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("label training data: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// The customer's first messages of each, in one query.
	in, args := inIDs("conversation_id", ids)
	rows, err = db.query(ctx, `SELECT conversation_id, text FROM (
		SELECT conversation_id, text, ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY id) AS n
		FROM messages WHERE `+in+` AND direction = 'incoming' AND sender_type = 'contact' AND deleted_at IS NULL AND text <> ''
	) x WHERE n <= ? ORDER BY conversation_id, n`, append(args, maxTrainingMessages)...)
	if err != nil {
		return nil, fmt.Errorf("label training text: %w", err)
	}
	defer rows.Close()
	texts := make([]strings.Builder, len(out))
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, fmt.Errorf("label training text: %w", err)
		}
		b := &texts[index[id]]
		if b.Len() >= maxTrainingText {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("label training text: %w", err)
	}
	for i := range out {
		t := texts[i].String()
		if len(t) > maxTrainingText {
			t = strings.ToValidUTF8(t[:maxTrainingText], "")
		}
		out[i].Text = t
	}
	return out, nil
}
