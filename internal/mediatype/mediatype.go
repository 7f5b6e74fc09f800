// Package mediatype decides what a file is from the type someone declared for it (a browser, a
// provider) and its first bytes. Types are judged by family (audio, image, video) and, for the
// containers that hold either sound or pictures (Ogg, MP4, WebM), by what the container says it
// carries: a WhatsApp voice note declared "audio/ogg; codecs=opus" sniffs as "application/ogg",
// and is audio all the same, while a web page declared as a picture is still refused.
package mediatype

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
)

// Octet is the type of bytes nobody can name.
const Octet = "application/octet-stream"

// aliases are the names browsers and phones give types that have a registered one.
var aliases = map[string]string{
	"audio/x-m4a":      "audio/mp4",
	"audio/m4a":        "audio/mp4",
	"audio/x-mp4":      "audio/mp4",
	"audio/mp3":        "audio/mpeg",
	"audio/x-mp3":      "audio/mpeg",
	"audio/mpeg3":      "audio/mpeg",
	"audio/x-mpeg":     "audio/mpeg",
	"audio/x-wav":      "audio/wav",
	"audio/wave":       "audio/wav",
	"audio/vnd.wave":   "audio/wav",
	"audio/x-aac":      "audio/aac",
	"audio/aacp":       "audio/aac",
	"audio/x-amr":      "audio/amr",
	"audio/x-ogg":      "audio/ogg",
	"audio/opus":       "audio/ogg", // an .opus file is Opus in Ogg
	"image/jpg":        "image/jpeg",
	"image/pjpeg":      "image/jpeg",
	"image/x-png":      "image/png",
	"text/x-vcard":     "text/vcard",
	"text/directory":   "text/vcard",
	"text/x-vcalendar": "text/calendar",
}

// Normalize returns a content type in its canonical form, lower case with its parameters
// ("audio/ogg; codecs=opus"), an alias under its registered name, or "" when it cannot be parsed.
func Normalize(t string) string {
	base, params, err := mime.ParseMediaType(t)
	if err != nil || !strings.Contains(base, "/") {
		return ""
	}
	if a, ok := aliases[base]; ok {
		base = a
	}
	if c, ok := params["codecs"]; ok {
		params["codecs"] = strings.ToLower(strings.TrimSpace(c))
	}
	return mime.FormatMediaType(base, params)
}

// Base is a content type without its parameters, lower case; "" when it cannot be parsed.
func Base(t string) string {
	base, _, err := mime.ParseMediaType(t)
	if err != nil {
		return ""
	}
	return base
}

// Family is the top-level type: audio, image, video, text, application; "" when unparsable.
func Family(t string) string {
	base := Base(t)
	if i := strings.IndexByte(base, '/'); i > 0 {
		return base[:i]
	}
	return ""
}

// Codec is a type's codecs parameter ("opus" of "audio/ogg; codecs=opus"), or "".
func Codec(t string) string {
	_, params, err := mime.ParseMediaType(t)
	if err != nil {
		return ""
	}
	return strings.ToLower(params["codecs"])
}

// containers maps the types of the formats that carry either sound or pictures to the
// container's name, which is also its subtype under audio/ and video/.
var containers = map[string]string{
	"application/ogg": "ogg", "audio/ogg": "ogg", "video/ogg": "ogg",
	"audio/mp4": "mp4", "video/mp4": "mp4",
	"audio/3gpp": "3gpp", "video/3gpp": "3gpp",
	"audio/webm": "webm", "video/webm": "webm",
}

// Sniff names the type of a file from its first bytes (up to 512), more closely than
// http.DetectContentType for the media containers: the codec of an Ogg stream (Opus, Vorbis,
// FLAC, Speex audio; Theora video), the brand of an MP4 (audio/mp4 for .m4a, 3GPP), AMR.
// Definite says the bytes tell audio from video; an MP4 or WebM file whose brand does not is
// "video/…" and not definite.
func Sniff(head []byte) (t string, definite bool) {
	if t, ok := sniffOgg(head); ok {
		return t, t != "application/ogg"
	}
	if bytes.HasPrefix(head, []byte("#!AMR\n")) {
		return "audio/amr", true
	}
	if isVCard(head) {
		return "text/vcard", true
	}
	if len(head) >= 12 && string(head[4:8]) == "ftyp" {
		switch brand := string(head[8:12]); {
		case brand == "M4A " || brand == "M4B " || brand == "M4P ":
			return "audio/mp4", true
		case strings.HasPrefix(brand, "3gp") || strings.HasPrefix(brand, "3g2"):
			return "video/3gpp", false
		}
	}
	t = Normalize(http.DetectContentType(head))
	_, ambiguous := containers[Base(t)]
	return t, !ambiguous
}

// isVCard reports whether a text starts as a vCard does ("BEGIN:VCARD", in any case, after an
// optional byte-order mark and blank lines).
func isVCard(head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(head) >= 11 && bytes.EqualFold(head[:11], []byte("BEGIN:VCARD"))
}

// sniffOgg reads the first packet of an Ogg stream's first page, which names its codec.
func sniffOgg(head []byte) (string, bool) {
	if len(head) < 27 || string(head[:4]) != "OggS" {
		return "", false
	}
	start := 27 + int(head[26]) // the header, then one byte per segment
	if start > len(head) {
		return "application/ogg", true
	}
	p := head[start:]
	switch {
	case bytes.HasPrefix(p, []byte("OpusHead")):
		return "audio/ogg; codecs=opus", true
	case bytes.HasPrefix(p, []byte("\x01vorbis")):
		return "audio/ogg; codecs=vorbis", true
	case bytes.HasPrefix(p, []byte("\x7fFLAC")):
		return "audio/ogg; codecs=flac", true
	case bytes.HasPrefix(p, []byte("Speex   ")):
		return "audio/ogg; codecs=speex", true
	case bytes.HasPrefix(p, []byte("\x80theora")):
		return "video/ogg; codecs=theora", true
	}
	return "application/ogg", true
}

// Resolve decides a file's type from what was declared for it and its first bytes, or reports
// that the bytes belie the declaration (ok false).
//
//   - Nothing declared, or a generic type ("application/octet-stream", "application/ogg", plain
//     text that is a vCard): the type the bytes have.
//   - Audio or video in a container: the container decides, and what the bytes say of its
//     contents; when they say nothing, the declared family in that container ("audio/mp4" for a
//     recording a phone calls "audio/x-m4a" and whose bytes sniff as an MP4).
//   - Any other image, audio or video: the declared type, if the bytes are of the same family or
//     of no type anyone names (AMR, AAC, HEIC…); a web page is never a picture.
//   - Anything else (documents, vCards, text): the declared type, normalised.
func Resolve(declared string, head []byte) (string, bool) {
	sniffed, definite := Sniff(head)
	d := Normalize(declared)
	if d == "" || Base(d) == Octet || Base(d) == "application/ogg" || (Base(d) == "text/plain" && Base(sniffed) == "text/vcard") {
		return sniffed, true
	}
	family := Family(d)
	switch family {
	case "audio", "video":
		if c, ok := containers[Base(sniffed)]; ok {
			switch {
			case definite:
				return sniffed, true
			case Base(d) == family+"/"+c:
				return d, true
			}
			return family + "/" + c, true
		}
		fallthrough
	case "image":
		if Base(sniffed) != Octet && Family(sniffed) != family {
			return "", false
		}
	}
	return d, true
}
