package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/filestore"
)

// The files customers send through a provider: fetched by a job after their message is
// recorded, stored in place of the provider's reference, or failed with the reason.

// MaxInboundMedia bounds a file a customer sends (WhatsApp documents reach 100 MB).
const MaxInboundMedia = 100 << 20

// MediaToFetch loads an attachment still waiting for its file.
func (db *DB) MediaToFetch(ctx context.Context, attachmentID int64) (*switchboard.MediaFetch, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	f := &switchboard.MediaFetch{Attachment: &switchboard.Attachment{ID: attachmentID}}
	var inboxID int64
	var key sql.NullString
	err := db.queryRow(ctx, `SELECT a.kind, a.content_type, a.filename, a.source, a.storage_key, m.inbox_id FROM attachments a
		JOIN messages m ON m.id = a.message_id WHERE a.id = ?`, attachmentID).
		Scan(&f.Attachment.Kind, &f.Attachment.ContentType, &f.Attachment.Filename, &f.Source, &key, &inboxID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Attachment")
	} else if err != nil {
		return nil, fmt.Errorf("load media to fetch %d: %w", attachmentID, err)
	}
	if key.Valid || f.Source == "" {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "Attachment %d has its file already.", attachmentID)
	}
	if f.Inbox, err = db.FindInboxByID(ctx, inboxID); err != nil {
		return nil, err
	}
	if f.Secrets, err = db.InboxSecrets(ctx, inboxID); err != nil {
		return nil, err
	}
	f.Limits = switchboard.MediaLimits{MaxBytes: MaxInboundMedia, MaxCount: switchboard.MaxAttachments}
	return f, nil
}

// StoreFetchedMedia puts a fetched file in place of its provider reference. The bytes must be
// what the provider said they are (an "image" that is a web page is refused).
func (db *DB) StoreFetchedMedia(ctx context.Context, attachmentID int64, contentType string, r io.Reader) error {
	ct, br, err := db.providerFile(ctx, contentType, r)
	if err != nil {
		return err
	}
	var body io.Reader = br
	var card cardCopy
	if isVCard(ct) {
		body = io.TeeReader(br, &card)
	}
	key, size, sum, err := db.files.Put(ctx, body, MaxInboundMedia)
	if errors.Is(err, filestore.ErrTooLarge) {
		return switchboard.Errorf(switchboard.ETOOLARGE, "The file is larger than %d MB.", MaxInboundMedia>>20)
	} else if err != nil {
		return fmt.Errorf("store fetched media: %w", err)
	}
	err = db.update(ctx, func(tx *Tx) error {
		var mid, inboxID, convID int64
		err := tx.queryRow(`SELECT m.id, m.inbox_id, m.conversation_id FROM attachments a JOIN messages m ON m.id = a.message_id
			WHERE a.id = ? AND a.storage_key IS NULL`, attachmentID).Scan(&mid, &inboxID, &convID)
		if errors.Is(err, sql.ErrNoRows) {
			return switchboard.Errorf(switchboard.ECONFLICT, "Attachment %d has its file already.", attachmentID)
		} else if err != nil {
			return fmt.Errorf("store fetched media: %w", err)
		}
		// The file is of the kind its type as decided is (an Ogg a provider called application/ogg
		// is audio; a link nobody typed is what its bytes are); a sticker stays one.
		if _, err := tx.exec(`UPDATE attachments SET storage_key = ?, size = ?, sha256 = ?, url = ?, fetch_error = '',
			kind = CASE WHEN kind = 'sticker' THEN kind ELSE ? END, content_type = ? WHERE id = ?`,
			key, size, sum, attachmentURL(attachmentID), switchboard.AttachmentKind(ct), ct, attachmentID); err != nil {
			return fmt.Errorf("store fetched media: %w", err)
		}
		var content *switchboard.MessageContent
		if cards := cardsOf(card.Bytes()); len(cards) > 0 {
			if content, err = tx.addMessageCards(mid, cards); err != nil {
				return err
			}
		}
		return tx.announceAttachments(mid, inboxID, convID, content)
	})
	if err != nil {
		_ = db.files.Delete(context.WithoutCancel(ctx), key)
	}
	return err
}

// providerFile checks a file a provider sent before it is stored (system only): there is a
// file store, the file is not empty, and it is what the provider said it is. It answers the
// file's type and the body to store.
func (db *DB) providerFile(ctx context.Context, contentType string, r io.Reader) (string, *bufio.Reader, error) {
	if err := requireSystem(ctx); err != nil {
		return "", nil, err
	}
	if db.files == nil {
		return "", nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	br := bufio.NewReaderSize(r, 512)
	head, _ := br.Peek(512)
	if len(head) == 0 {
		return "", nil, switchboard.Errorf(switchboard.EINVALID, "The provider sent an empty file.")
	}
	ct, err := sniffedType(contentType, head)
	if err != nil {
		return "", nil, err
	}
	return ct, br, nil
}

// FailMediaFetch records why an attachment's file could not be fetched.
func (db *DB) FailMediaFetch(ctx context.Context, attachmentID int64, reason string) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	if reason == "" {
		reason = "The file could not be fetched."
	}
	return db.update(ctx, func(tx *Tx) error {
		var mid, inboxID, convID int64
		err := tx.queryRow(`SELECT m.id, m.inbox_id, m.conversation_id FROM attachments a JOIN messages m ON m.id = a.message_id WHERE a.id = ?`, attachmentID).
			Scan(&mid, &inboxID, &convID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // the message was deleted meanwhile
		} else if err != nil {
			return fmt.Errorf("record media fetch failure: %w", err)
		}
		if _, err := tx.exec("UPDATE attachments SET fetch_error = ? WHERE id = ?", clipText(reason, 500), attachmentID); err != nil {
			return fmt.Errorf("record media fetch failure: %w", err)
		}
		return tx.announceAttachments(mid, inboxID, convID, nil)
	})
}

// announceAttachments emits a message's attachments as they now stand, and its content when a
// file changed it (the cards of a vCard).
func (tx *Tx) announceAttachments(messageID, inboxID, convID int64, content *switchboard.MessageContent) error {
	m := &Message{ID: messageID, Attachments: []*switchboard.Attachment{}}
	if err := tx.db.loadAttachments(tx.ctx, tx.tx, map[int64]*Message{messageID: m}, byMessage(messageID)); err != nil {
		return err
	}
	data := map[string]any{"id": messageID, "conversation_id": convID, "attachments": m.Attachments}
	if content != nil {
		data["content"] = content
	}
	tx.emit(switchboard.EventMessageUpdated, &inboxID, &convID, nil, data)
	return nil
}
