package sqlstore_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/oggopus"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestVoiceNotes: an Ogg Opus voice note, which Go sniffs as application/ogg, is audio whether a
// provider declares it "audio/ogg; codecs=opus" or an agent's browser "video/ogg"; a channel
// that takes only Opus in Ogg (WhatsApp) takes it, and refuses Ogg Vorbis by its codec.
func TestVoiceNotes(t *testing.T) {
	opus := oggopus.Silence(2 * time.Second)
	vorbis := append([]byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x0b"), "\x01vorbis\x00\x00\x00\x00"...)
	wa := rules{media: switchboard.MediaLimits{MaxBytes: 16 << 20, MaxCount: 1, Types: []string{"audio/mp4", "audio/ogg; codecs=opus"}}}
	sqltest.RunWith(t, sqltest.Options{Channels: wa}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ch := switchboard.NewContextWithInbox(w.sys, w.inbox1.ID)
		res, err := db.ReceiveBatch(ch, &switchboard.InboundBatch{InboxID: w.inbox1.ID, Messages: []*switchboard.InboundMessage{{
			From: "+393331112222", ProviderID: "wamid.VOICE", Content: &switchboard.MessageContent{Voice: true},
			Attachments: []*switchboard.Attachment{{Kind: "audio", ContentType: "audio/ogg; codecs=opus", Filename: "audio.ogg", Source: "whatsapp-media:1"}}}}})
		if err != nil || res.Created != 1 {
			t.Fatalf("receive: %+v %v", res, err)
		}
		page, _ := db.FindConversations(w.adminCtx, switchboard.ConversationFilter{View: switchboard.ViewAll})
		conv := page.Items[0]
		msgs, _ := db.FindMessages(w.adminCtx, conv.ID, switchboard.MessageFilter{})
		voice := msgs.Items[len(msgs.Items)-1]
		if err := db.StoreFetchedMedia(w.sys, voice.Attachments[0].ID, "audio/ogg; codecs=opus", bytes.NewReader(opus)); err != nil {
			t.Fatalf("the voice note's file was refused: %v", err)
		}
		m, _ := db.FindMessageByID(w.adminCtx, voice.ID)
		if a := m.Attachments[0]; a.Kind != "audio" || a.ContentType != "audio/ogg; codecs=opus" || a.Size != int64(len(opus)) || a.Pending {
			t.Errorf("voice note attachment = %+v", a)
		}
		if m.Content == nil || !m.Content.Voice {
			t.Errorf("the voice note is not marked: %+v", m.Content)
		}

		// An agent's recording: Opus in Ogg whatever the browser called it; Vorbis is refused
		// by a channel that takes Opus only.
		for _, declared := range []string{"audio/ogg", "video/ogg", "application/ogg", ""} {
			u, err := db.CreateUpload(w.annCtx, "memo.ogg", declared, bytes.NewReader(opus), 1<<20)
			if err != nil || u.Kind != "audio" || u.ContentType != "audio/ogg; codecs=opus" {
				t.Fatalf("upload declared %q: %+v, %v", declared, u, err)
			}
			if declared != "" {
				continue
			}
			if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{AttachmentIDs: []int64{u.ID}}); err != nil {
				t.Errorf("an Opus recording to a channel that takes Opus: %v", err)
			}
		}
		u, err := db.CreateUpload(w.annCtx, "song.ogg", "audio/ogg", bytes.NewReader(vorbis), 1<<20)
		if err != nil || u.ContentType != "audio/ogg; codecs=vorbis" {
			t.Fatalf("vorbis upload: %+v, %v", u, err)
		}
		_, _, err = db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{AttachmentIDs: []int64{u.ID}})
		wantFieldErr(t, err, switchboard.EINVALID, "attachment_ids")
	})
}
