package sqlstore

import "context"

// KeepTranslationForTest writes a translation row as it stands, past SaveTranslation's checks:
// the row a save racing a deletion would have left.
func (db *DB) KeepTranslationForTest(messageID int64, language, text string) {
	if err := db.update(context.Background(), func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO message_translations (message_id, language, source, text, provider, created_at)
			VALUES (?, ?, '', ?, 'apertium', 0)`, messageID, language, text)
		return err
	}); err != nil {
		panic(err)
	}
}
