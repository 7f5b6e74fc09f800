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

// TestContactCardFiles: a vCard a customer sends, fetched from the provider (MMS) or arriving
// with the mail, is kept as a file and shown as structured cards in the message's content.
func TestContactCardFiles(t *testing.T) {
	vcf := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bea Lima\r\nORG:Lima Ltda\r\nTEL;TYPE=CELL:+55 11 98888 7777\r\nEMAIL:bea@lima.example\r\nEND:VCARD\r\n"
	sqltest.RunWith(t, sqltest.Options{Channels: rules{media: switchboard.DefaultMediaLimits}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ch := switchboard.NewContextWithInbox(w.sys, w.inbox1.ID)
		_, err := db.ReceiveBatch(ch, &switchboard.InboundBatch{InboxID: w.inbox1.ID, Messages: []*switchboard.InboundMessage{{
			From: "+393331112222", ProviderID: "MM1", Text: "my colleague",
			Attachments: []*switchboard.Attachment{{Kind: "document", ContentType: "text/x-vcard", Source: "twilio-media:https://api.twilio.com/x"}},
		}, {
			From: "+393331112222", ProviderID: "mail-1",
			Files: []*switchboard.InboundFile{{Filename: "bea.vcf", ContentType: "text/directory", Data: []byte(vcf)}},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		page, _ := db.FindConversations(w.adminCtx, switchboard.ConversationFilter{View: switchboard.ViewAll})
		msgs, _ := db.FindMessages(w.adminCtx, page.Items[0].ID, switchboard.MessageFilter{})
		mms, mail := msgs.Items[0], msgs.Items[1]
		if mms.Content != nil {
			t.Errorf("cards before the file is fetched: %+v", mms.Content)
		}
		if err := db.StoreFetchedMedia(w.sys, mms.Attachments[0].ID, "text/x-vcard", bytes.NewReader([]byte(vcf))); err != nil {
			t.Fatal(err)
		}
		mms, _ = db.FindMessageByID(w.adminCtx, mms.ID)
		for name, m := range map[string]*switchboard.Message{"fetched": mms, "mailed": mail} {
			if m.Content == nil || len(m.Content.Contacts) != 1 {
				t.Fatalf("%s vCard: content %+v", name, m.Content)
			}
			c := m.Content.Contacts[0]
			if c.Name != "Bea Lima" || c.Organization != "Lima Ltda" || len(c.Identities) != 2 ||
				c.Identities[0].ExternalID != "+5511988887777" || c.Identities[1].ExternalID != "bea@lima.example" {
				t.Errorf("%s card = %+v", name, c)
			}
			if a := m.Attachments[0]; a.ContentType != "text/vcard" || a.Size != int64(len(vcf)) {
				t.Errorf("%s file = %+v", name, a)
			}
		}
		if mms.Text != "my colleague" {
			t.Errorf("the MMS's own text became %q", mms.Text)
		}
	})
}
