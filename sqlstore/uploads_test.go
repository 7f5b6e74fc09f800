package sqlstore_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

var png = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{1}, 100)...)

func TestUploadsBecomeAttachments(t *testing.T) {
	// Every channel here takes one image of up to 1 KB.
	limits := rules{media: switchboard.MediaLimits{MaxBytes: 1 << 10, MaxCount: 1, Types: []string{"image/*"}}}
	sqltest.RunWith(t, sqltest.Options{Channels: limits}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "Hello")
		up := func(name, ct string, data []byte) *switchboard.Upload {
			t.Helper()
			u, err := db.CreateUpload(w.annCtx, name, ct, bytes.NewReader(data), 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}

		t.Run("the channel's limits apply to replies, not to notes", func(t *testing.T) {
			doc := up("terms.pdf", "application/pdf", []byte("%PDF-1.4 terms"))
			_, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{AttachmentIDs: []int64{doc.ID}})
			wantFieldErr(t, err, switchboard.EINVALID, "attachment_ids")
			a, b := up("a.png", "image/png", png), up("b.png", "image/png", png)
			_, _, err = db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{AttachmentIDs: []int64{a.ID, b.ID}})
			wantFieldErr(t, err, switchboard.EINVALID, "attachment_ids")
			big := up("big.png", "image/png", append(png, bytes.Repeat([]byte{2}, 2<<10)...))
			_, _, err = db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{AttachmentIDs: []int64{big.ID}})
			wantFieldErr(t, err, switchboard.EINVALID, "attachment_ids")
			// Nothing was written, and the uploads are still there to use.
			if n := db.CountRowsForTest("attachments"); n != 0 {
				t.Errorf("%d attachments written by refused messages", n)
			}
			note, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Note: true, Text: "for the team", AttachmentIDs: []int64{doc.ID, big.ID}})
			if err != nil || len(note.Attachments) != 2 {
				t.Fatalf("note: %+v, %v", note, err)
			}
			m, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{AttachmentIDs: []int64{a.ID}})
			if err != nil || len(m.Attachments) != 1 || m.Kind != switchboard.KindMedia || m.Attachments[0].SHA256 == "" {
				t.Fatalf("reply: %+v, %v", m, err)
			}
			got, f, err := db.OpenAttachment(w.annCtx, m.Attachments[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(f)
			f.Close()
			if !bytes.Equal(data, png) || got.Filename != "a.png" {
				t.Errorf("attachment %+v holds %d bytes", got, len(data))
			}
			_, _, err = db.OpenAttachment(w.bobCtx, m.Attachments[0].ID)
			wantCode(t, err, switchboard.ENOTFOUND)
			// The integration of the inbox may read it (to deliver it); another inbox's may not.
			if _, f, err := db.OpenAttachment(switchboard.NewContextWithInbox(t.Context(), w.inbox1.ID), m.Attachments[0].ID); err != nil {
				t.Errorf("the inbox's integration: %v", err)
			} else {
				f.Close()
			}
			_, _, err = db.OpenAttachment(switchboard.NewContextWithInbox(t.Context(), w.inbox2.ID), m.Attachments[0].ID)
			wantCode(t, err, switchboard.ENOTFOUND)

			// Deleting the message deletes its files.
			key := got.StorageKey
			if err := db.DeleteMessage(w.adminCtx, m.ID); err != nil {
				t.Fatal(err)
			}
			if db.FileExistsForTest(key) {
				t.Error("the deleted message's file is still stored")
			}
		})

		t.Run("an upload never sent is purged with its file", func(t *testing.T) {
			u := up("forgotten.png", "image/png", png)
			key := db.UploadKeyForTest(u.ID)
			if !db.FileExistsForTest(key) {
				t.Fatal("the upload's file is not stored")
			}
			if err := db.PurgeUpload(w.sys, u.ID); err != nil {
				t.Fatal(err)
			}
			if db.FileExistsForTest(key) {
				t.Error("the purged upload's file is still stored")
			}
			_, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{AttachmentIDs: []int64{u.ID}})
			wantFieldErr(t, err, switchboard.EINVALID, "attachment_ids")
			wantCode(t, db.PurgeUpload(w.annCtx, u.ID), switchboard.EFORBIDDEN)
		})

		t.Run("sniffing and limits on the way in", func(t *testing.T) {
			_, err := db.CreateUpload(w.annCtx, "x.png", "image/png", strings.NewReader("<html>no</html>"), 1<<20)
			wantFieldErr(t, err, switchboard.EINVALID, "file")
			_, err = db.CreateUpload(w.annCtx, "x.bin", "", bytes.NewReader(bytes.Repeat([]byte("x"), 2048)), 1024)
			wantCode(t, err, switchboard.ETOOLARGE)
			u, err := db.CreateUpload(w.annCtx, "notes", "", strings.NewReader("plain words"), 1024)
			if err != nil || !strings.HasPrefix(u.ContentType, "text/plain") || u.Kind != "document" {
				t.Errorf("sniffed upload %+v, %v", u, err)
			}
			_, err = db.CreateUpload(w.sys, "x", "", strings.NewReader("x"), 10)
			wantCode(t, err, switchboard.EFORBIDDEN)
		})
	})
}
