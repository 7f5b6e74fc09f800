package sqlstore

import (
	"bufio"
	"context"
	"crypto/hmac"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/filestore"
	"github.com/switchboardhq/switchboard/internal/mediatype"
)

var _ switchboard.AttachmentService = (*DB)(nil)

// sniffedType decides a file's content type from what the client (or provider) declared and
// what its first bytes are, by family and container (see mediatype.Resolve): a declared image,
// audio or video type must be borne out by the bytes, so a page cannot be uploaded as a
// "picture", while a voice note in Ogg is audio though Go sniffs it as application/ogg; a missing
// or generic type takes the sniffed one.
func sniffedType(declared string, head []byte) (string, error) {
	ct, ok := mediatype.Resolve(declared, head)
	if !ok {
		sniffed, _ := mediatype.Sniff(head)
		return "", &switchboard.Error{Code: switchboard.EINVALID, Message: fmt.Sprintf("The file is not the %s it claims to be.", mediatype.Base(declared)),
			Fields: map[string]string{"file": "Its content is " + mediatype.Base(sniffed) + "."}}
	}
	return ct, nil
}

// CreateUpload stores a file for the acting agent's next message.
func (db *DB) CreateUpload(ctx context.Context, filename, contentType string, r io.Reader, max int64) (*switchboard.Upload, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if actor.Agent == nil {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents upload files.")
	}
	if db.files == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	br := bufio.NewReaderSize(r, 512)
	head, _ := br.Peek(512)
	if len(head) == 0 {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "The file is empty.", Fields: map[string]string{"file": "Choose a file with something in it."}}
	}
	ct, err := sniffedType(contentType, head)
	if err != nil {
		return nil, err
	}
	key, size, sum, err := db.files.Put(ctx, br, max)
	if errors.Is(err, filestore.ErrTooLarge) {
		return nil, &switchboard.Error{Code: switchboard.ETOOLARGE, Message: fmt.Sprintf("The file is larger than %d MB.", max>>20),
			Fields: map[string]string{"file": "Choose a smaller file."}}
	} else if err != nil {
		return nil, fmt.Errorf("store upload: %w", err)
	}
	u := &switchboard.Upload{Kind: switchboard.AttachmentKind(ct), ContentType: ct, Filename: switchboard.CleanFilename(filename), Size: size}
	err = db.update(ctx, func(tx *Tx) error {
		u.CreatedAt = tx.now
		var err error
		u.ID, err = tx.insert(`INSERT INTO uploads (uploader_id, storage_key, kind, content_type, filename, size, sha256, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, actor.Agent.ID, key, u.Kind, u.ContentType, u.Filename, u.Size, sum, micro(tx.now))
		if err != nil {
			return fmt.Errorf("record upload: %w", err)
		}
		return tx.enqueue(switchboard.JobPurgeUpload, switchboard.PurgeUploadArgs{UploadID: u.ID}, jobOptions{runAt: tx.now.Add(switchboard.UploadTTL), maxAttempts: 5})
	})
	if err != nil {
		_ = db.files.Delete(context.WithoutCancel(ctx), key)
		return nil, err
	}
	return u, nil
}

// attachUploads turns the acting agent's uploads into attachments of m, checking them against
// the channel's limits (a note, which stays inside the team, against the defaults), and removes
// the uploads; inside the transaction writing m. Their files
// stay where they are: the attachments take over their keys.
func (tx *Tx) attachUploads(m *Message, channel switchboard.ChannelKind, note bool, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	limits := switchboard.DefaultMediaLimits
	if !note {
		limits = tx.db.mediaLimits(channel)
	}
	bad := func(msg string) error {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: msg, Fields: map[string]string{"attachment_ids": msg}}
	}
	if len(ids) > limits.MaxCount {
		if limits.MaxCount == 0 {
			return bad("This channel cannot send files.")
		}
		return bad(fmt.Sprintf("This channel sends at most %d files in a message.", limits.MaxCount))
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var w where
	w.add("uploader_id = ?", tx.actor.Agent.ID)
	w.in("id", args)
	rows, err := tx.query("SELECT id, storage_key, kind, content_type, filename, size, sha256 FROM uploads"+w.sql()+" ORDER BY id", w.args...)
	if err != nil {
		return fmt.Errorf("load uploads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		a := &switchboard.Attachment{}
		if err := rows.Scan(&id, &a.StorageKey, &a.Kind, &a.ContentType, &a.Filename, &a.Size, &a.SHA256); err != nil {
			return fmt.Errorf("load uploads: %w", err)
		}
		if !limits.Accepts(a.ContentType, a.Size) {
			return bad(fmt.Sprintf("This channel cannot send %s (%s, %d KB).", a.Filename, a.ContentType, a.Size>>10))
		}
		m.Attachments = append(m.Attachments, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load uploads: %w", err)
	}
	if len(m.Attachments) != len(ids) {
		return bad("An attached file is gone; upload it again.")
	}
	var d where
	d.in("id", args)
	if _, err := tx.exec("DELETE FROM uploads"+d.sql(), d.args...); err != nil {
		return fmt.Errorf("use uploads: %w", err)
	}
	return nil
}

// mediaLimits returns what a channel accepts; without channel rules, files up to
// DefaultMaxUpload, MaxAttachments of them.
func (db *DB) mediaLimits(kind switchboard.ChannelKind) switchboard.MediaLimits {
	if db.channels != nil {
		return db.channels.MediaLimits(kind)
	}
	return switchboard.DefaultMediaLimits
}

// attachmentURL is where Switchboard serves a stored attachment.
func attachmentURL(id int64) string { return fmt.Sprintf("/api/v1/attachments/%d", id) }

// OpenAttachment returns a stored attachment of a message the actor may see, with its file.
func (db *DB) OpenAttachment(ctx context.Context, id int64) (*switchboard.Attachment, io.ReadSeekCloser, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	var a switchboard.Attachment
	var key sql.NullString
	var convID, inboxID int64
	err = db.queryRow(ctx, `SELECT a.id, a.kind, a.content_type, a.filename, a.size, a.url, a.sha256, a.storage_key, m.conversation_id, m.inbox_id
		FROM attachments a JOIN messages m ON m.id = a.message_id WHERE a.id = ?`, id).
		Scan(&a.ID, &a.Kind, &a.ContentType, &a.Filename, &a.Size, &a.URL, &a.SHA256, &key, &convID, &inboxID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !key.Valid) {
		return nil, nil, notFound("Attachment")
	} else if err != nil {
		return nil, nil, fmt.Errorf("find attachment %d: %w", id, err)
	}
	switch {
	case actor.InboxID != 0:
		if actor.InboxID != inboxID {
			return nil, nil, notFound("Attachment")
		}
	default:
		if err := db.seeConversation(ctx, convID); switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return nil, nil, notFound("Attachment")
		} else if err != nil {
			return nil, nil, err
		}
	}
	if db.files == nil {
		return nil, nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	f, err := db.files.Open(ctx, key.String)
	if errors.Is(err, filestore.ErrNotFound) {
		return nil, nil, notFound("Attachment file")
	} else if err != nil {
		return nil, nil, fmt.Errorf("open attachment %d: %w", id, err)
	}
	a.StorageKey = key.String
	return &a, f, nil
}

// PurgeUpload removes an upload that was never sent, and its file; system only. An upload that
// was sent is an attachment now, and its file is left alone.
func (db *DB) PurgeUpload(ctx context.Context, id int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	var key string
	err := db.update(ctx, func(tx *Tx) error {
		err := tx.queryRow("DELETE FROM uploads WHERE id = ? RETURNING storage_key", id).Scan(&key)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil || key == "" || db.files == nil {
		return err
	}
	return db.files.Delete(ctx, key)
}

// FindContactFiles lists the files of a contact's conversations in the actor's inboxes.
func (db *DB) FindContactFiles(ctx context.Context, contactID int64, limit int) ([]*switchboard.ContactFile, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		limit = switchboard.DefaultPageSize
	}
	if limit < 1 || limit > switchboard.MaxPageSize {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Limit must be between 1 and 100.", Fields: map[string]string{"limit": "Use 1 to 100."}}
	}
	if _, err := db.FindContactByID(ctx, contactID); err != nil {
		return nil, err
	}
	var w where
	w.add("c.contact_id = ?", contactID)
	w.add("m.deleted_at IS NULL")
	w.add("a.kind NOT IN ('location', 'source')") // a shared place is not a file, nor a message's source
	scope, err := db.scope(ctx, actor)
	if err != nil {
		return nil, err
	}
	if !scope.All {
		ids := scopeArgs(scope)
		if len(ids) == 0 {
			return []*switchboard.ContactFile{}, nil
		}
		w.in("c.inbox_id", ids)
	}
	rows, err := db.query(ctx, `SELECT a.id, a.kind, a.content_type, a.filename, a.size, a.url, a.sha256, m.id, m.conversation_id, m.direction, a.created_at
		FROM attachments a JOIN messages m ON m.id = a.message_id JOIN conversations c ON c.id = m.conversation_id`+w.sql()+
		" ORDER BY a.id DESC LIMIT ?", append(w.args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("find contact %d files: %w", contactID, err)
	}
	defer rows.Close()
	out := []*switchboard.ContactFile{}
	for rows.Next() {
		var f switchboard.ContactFile
		var created int64
		if err := rows.Scan(&f.ID, &f.Kind, &f.ContentType, &f.Filename, &f.Size, &f.URL, &f.SHA256, &f.MessageID, &f.ConversationID, &f.Direction, &created); err != nil {
			return nil, fmt.Errorf("find contact %d files: %w", contactID, err)
		}
		f.CreatedAt = fromMicro(created)
		out = append(out, &f)
	}
	return out, rows.Err()
}

// PublicMediaTTL is how long a signed attachment link stays valid.
const PublicMediaTTL = 24 * time.Hour

// publicMediaPath is a signed path at which an attachment may be fetched without signing in
// until exp: providers fetch outgoing files by URL.
func (db *DB) publicMediaPath(id int64, exp time.Time) string {
	return fmt.Sprintf("/api/v1/attachments/%d/public?exp=%d&sig=%s", id, exp.Unix(), db.mediaSignature(id, exp.Unix()))
}

func (db *DB) mediaSignature(id, exp int64) string {
	return hex.EncodeToString(db.box.MAC(fmt.Appendf(nil, "attachment:%d:%d", id, exp)))
}

// OpenPublicAttachment returns an attachment named by a signed link that has not expired.
func (db *DB) OpenPublicAttachment(ctx context.Context, id, exp int64, sig string) (*switchboard.Attachment, io.ReadSeekCloser, error) {
	if db.now().Unix() > exp || !hmac.Equal([]byte(sig), []byte(db.mediaSignature(id, exp))) {
		return nil, nil, notFound("Attachment")
	}
	return db.OpenAttachment(switchboard.NewSystemContext(ctx), id)
}
