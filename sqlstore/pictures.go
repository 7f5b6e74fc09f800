package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/filestore"
	"github.com/switchboardhq/switchboard/internal/mediatype"
)

// MaxContactPicture bounds a contact's picture as a provider gives it.
const MaxContactPicture = 5 << 20

// pictureTypes are the pictures kept: those every browser shows, none that runs script (SVG).
var pictureTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// pictureURL is where a contact's kept picture is served; the end of its checksum changes the
// address when the picture does, so browsers fetch the new one.
func pictureURL(contactID int64, sum string) string {
	if len(sum) > 12 {
		sum = sum[:12]
	}
	return fmt.Sprintf("/api/v1/contacts/%d/picture?v=%s", contactID, sum)
}

// SetContactPicture keeps the picture a provider has of a contact (Messenger's and Instagram's
// profile_pic) in the file store, and points the contact's avatar_url at it; system only. An
// avatar someone set by hand (a URL of their own) stays. Only images browsers show are kept.
func (db *DB) SetContactPicture(ctx context.Context, contactID int64, contentType string, r io.Reader) error {
	ct, br, err := db.providerFile(ctx, contentType, r)
	if err != nil {
		return err
	}
	if !pictureTypes[mediatype.Base(ct)] {
		return switchboard.Errorf(switchboard.EINVALID, "The contact's picture is %s, not an image Switchboard shows.", mediatype.Base(ct))
	}
	key, _, sum, err := db.files.Put(ctx, br, MaxContactPicture)
	if errors.Is(err, filestore.ErrTooLarge) {
		return switchboard.Errorf(switchboard.ETOOLARGE, "The contact's picture is larger than %d MB.", MaxContactPicture>>20)
	} else if err != nil {
		return fmt.Errorf("store contact picture: %w", err)
	}
	var old sql.NullString
	kept := false
	err = db.update(ctx, func(tx *Tx) error {
		var avatar string
		err := tx.queryRow("SELECT avatar_url, picture_key FROM contacts WHERE id = ?", contactID).Scan(&avatar, &old)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Contact")
		} else if err != nil {
			return fmt.Errorf("set contact picture: %w", err)
		}
		if avatar != "" && !strings.HasPrefix(avatar, fmt.Sprintf("/api/v1/contacts/%d/picture", contactID)) {
			return nil // someone chose the contact's avatar
		}
		if _, err := tx.exec("UPDATE contacts SET picture_key = ?, picture_type = ?, avatar_url = ?, updated_at = ? WHERE id = ?",
			key, mediatype.Base(ct), pictureURL(contactID, sum), micro(tx.now), contactID); err != nil {
			return fmt.Errorf("set contact picture: %w", err)
		}
		kept = true
		c, err := db.findContact(tx.ctx, tx.tx, contactID, switchboard.InboxScope{All: true})
		if err != nil {
			return err
		}
		return tx.emitContact(switchboard.EventContactUpdated, contactID, c)
	})
	switch {
	case err != nil || !kept:
		db.deleteFiles(ctx, []string{key})
	case old.Valid && old.String != key:
		db.deleteFiles(ctx, []string{old.String})
	}
	return err
}

// OpenContactPicture returns the kept picture of a contact the actor sees (see contactScope),
// with its type.
func (db *DB) OpenContactPicture(ctx context.Context, contactID int64) (string, io.ReadSeekCloser, error) {
	if _, err := db.FindContactByID(ctx, contactID); err != nil {
		return "", nil, err
	}
	var key sql.NullString
	var ct string
	if err := db.queryRow(ctx, "SELECT picture_key, picture_type FROM contacts WHERE id = ?", contactID).Scan(&key, &ct); errors.Is(err, sql.ErrNoRows) {
		return "", nil, notFound("Contact")
	} else if err != nil {
		return "", nil, fmt.Errorf("find contact picture %d: %w", contactID, err)
	}
	if !key.Valid {
		return "", nil, notFound("Picture")
	}
	if db.files == nil {
		return "", nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	f, err := db.files.Open(ctx, key.String)
	if errors.Is(err, filestore.ErrNotFound) {
		return "", nil, notFound("Picture")
	} else if err != nil {
		return "", nil, fmt.Errorf("open contact picture %d: %w", contactID, err)
	}
	return ct, f, nil
}
