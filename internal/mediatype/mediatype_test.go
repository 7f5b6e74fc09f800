package mediatype_test

import (
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/internal/mediatype"
	"github.com/switchboardhq/switchboard/internal/oggopus"
)

var (
	opus   = oggopus.Silence(time.Second)
	vorbis = oggPage("\x01vorbis\x00\x00\x00\x00\x01")
	theora = oggPage("\x80theora\x03\x02\x01")
	oddOgg = oggPage("Unknown codec")
	png    = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	m4a    = []byte("\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom\x00\x00\x00\x08free")
	mp4    = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free")
	gp3    = []byte("\x00\x00\x00\x14ftyp3gp4\x00\x00\x02\x003gp4\x00\x00\x00\x08free")
	webm   = []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm")
	amr    = []byte("#!AMR\n\x3c\x00\x00")
	mp3    = []byte("ID3\x04\x00\x00\x00\x00\x00\x00")
	html   = []byte("<!DOCTYPE html><html><script>alert(1)</script>")
	pdf    = []byte("%PDF-1.4 invoice")
	vcf    = []byte("\xef\xbb\xbfBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bea Lima\r\nEND:VCARD\r\n")
	random = []byte{0x00, 0x13, 0x37, 0x42}
)

// oggPage is the start of an Ogg stream whose first packet is p.
func oggPage(p string) []byte {
	b := []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01")
	return append(append(b, byte(len(p))), p...)
}

func TestResolve(t *testing.T) {
	for _, c := range []struct {
		name, declared string
		head           []byte
		want           string // "" means refused
	}{
		// WhatsApp's voice notes: Opus in Ogg, which Go sniffs as application/ogg.
		{"voice note as WhatsApp declares it", "audio/ogg; codecs=opus", opus, "audio/ogg; codecs=opus"},
		{"voice note declared plainly", "audio/ogg", opus, "audio/ogg; codecs=opus"},
		{"voice note with nothing declared", "", opus, "audio/ogg; codecs=opus"},
		{"voice note as application/ogg", "application/ogg", opus, "audio/ogg; codecs=opus"},
		{"voice note as octet-stream", "application/octet-stream", opus, "audio/ogg; codecs=opus"},
		{"an .opus file", "audio/opus", opus, "audio/ogg; codecs=opus"},
		{"Ogg declared as video holding Opus", "video/ogg", opus, "audio/ogg; codecs=opus"},
		{"Ogg Vorbis", "audio/ogg", vorbis, "audio/ogg; codecs=vorbis"},
		{"Ogg Theora", "video/ogg", theora, "video/ogg; codecs=theora"},
		{"Ogg of an unknown codec keeps the declared audio", "audio/ogg; codecs=opus", oddOgg, "audio/ogg; codecs=opus"},
		{"Ogg of an unknown codec, nothing declared", "", oddOgg, "application/ogg"},
		// MP4 and friends: the container, and the family the brand or the declaration gives.
		{"m4a as browsers call it", "audio/x-m4a", m4a, "audio/mp4"},
		{"m4a declared as video", "video/mp4", m4a, "audio/mp4"},
		{"AAC in MP4", "audio/aac", mp4, "audio/mp4"},
		{"MP4 video", "video/mp4", mp4, "video/mp4"},
		{"3GPP audio", "audio/3gpp", gp3, "audio/3gpp"},
		{"3GPP video", "video/3gpp", gp3, "video/3gpp"},
		{"WebM audio", "audio/webm", webm, "audio/webm"},
		{"AMR voice by MMS", "audio/amr", amr, "audio/amr"},
		{"AMR with nothing declared", "", amr, "audio/amr"},
		{"MP3", "audio/mp3", mp3, "audio/mpeg"},
		{"audio of no type anyone sniffs", "audio/aac", random, "audio/aac"},
		// Pictures and documents.
		{"PNG", "image/png", png, "image/png"},
		{"jpg alias", "image/jpg", random, "image/jpeg"},
		{"PDF", "application/pdf", pdf, "application/pdf"},
		{"vCard", "text/vcard", vcf, "text/vcard"},
		{"vCard as x-vcard", "text/x-vcard; charset=utf-8", vcf, "text/vcard; charset=utf-8"},
		{"vCard as text", "text/plain", vcf, "text/vcard"},
		{"vCard with nothing declared", "", vcf, "text/vcard"},
		// Lies.
		{"page as a picture", "image/png", html, ""},
		{"page as a voice note", "audio/ogg; codecs=opus", html, ""},
		{"page as a video", "video/mp4", html, ""},
		{"PDF as audio", "audio/mpeg", pdf, ""},
		{"PNG as audio", "audio/ogg", png, ""},
		{"video bytes as a picture", "image/jpeg", mp4, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := mediatype.Resolve(c.declared, c.head)
			if c.want == "" {
				if ok {
					t.Errorf("Resolve(%q) = %q, want it refused", c.declared, got)
				}
				return
			}
			if !ok || got != c.want {
				t.Errorf("Resolve(%q) = %q, %v; want %q", c.declared, got, ok, c.want)
			}
		})
	}
}

func TestParts(t *testing.T) {
	for _, c := range []struct{ in, normal, family, codec string }{
		{"Audio/OGG; Codecs=OPUS", "audio/ogg; codecs=opus", "audio", "opus"},
		{"text/x-vcard", "text/vcard", "text", ""},
		{"nonsense", "", "", ""},
	} {
		if n, f, k := mediatype.Normalize(c.in), mediatype.Family(c.in), mediatype.Codec(c.in); n != c.normal || f != c.family || k != c.codec {
			t.Errorf("%q: normal %q family %q codec %q; want %q %q %q", c.in, n, f, k, c.normal, c.family, c.codec)
		}
	}
}
