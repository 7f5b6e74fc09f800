package switchboard

import (
	"context"
	"io"
	"mime"
	"path"
	"strings"
	"time"
)

// Upload is a file an agent uploaded for a message not sent yet. Sending the message turns it
// into one of the message's attachments; an upload never sent is removed after UploadTTL.
type Upload struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"` // image, audio, video or document
	ContentType string    `json:"content_type"`
	Filename    string    `json:"filename"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

// UploadTTL is how long an upload waits for the message that sends it.
const UploadTTL = 24 * time.Hour

// DefaultMaxUpload bounds one uploaded file when no limit is configured.
const DefaultMaxUpload = 25 << 20

// MaxAttachments bounds the attachments of one message, whatever the channel allows.
const MaxAttachments = 10

// MediaLimits says what a channel accepts in one message; the composer checks them before
// sending and the server again when the message is written.
type MediaLimits struct {
	MaxBytes int64 `json:"max_bytes"` // per file
	MaxCount int   `json:"max_count"` // files per message; 0 means none
	// Types lists the accepted content types; "image/*" accepts every image, and a type with a
	// codecs parameter only files of that codec ("audio/ogg; codecs=opus": Opus in Ogg, not
	// Vorbis). Empty means any. Files are judged by the type Switchboard decided from their bytes
	// (an upload's content_type), under its registered name ("audio/mp4", not "audio/x-m4a").
	Types []string `json:"types"`
	// MaxText bounds the text of one message, in characters; 0 means MaxTextLength.
	MaxText int `json:"max_text"`
	// PerType gives smaller size limits for some types, matched like Types; the first that
	// matches applies.
	PerType []TypeLimit `json:"per_type"`
}

// TypeLimit bounds the files of one content type ("image/webp") or family ("video/*").
type TypeLimit struct {
	Type     string `json:"type"`
	MaxBytes int64  `json:"max_bytes"`
}

// matchType reports whether a content type is one a pattern names: the same type or one of a
// family ("video/*"), and the pattern's codec when it names one.
func matchType(pattern, contentType string) bool {
	pbase, pparams, err := mime.ParseMediaType(pattern)
	if err != nil {
		return false
	}
	base, params, _ := mime.ParseMediaType(contentType)
	if pbase != base && (!strings.HasSuffix(pbase, "/*") || !strings.HasPrefix(base, strings.TrimSuffix(pbase, "*"))) {
		return false
	}
	codec := pparams["codecs"]
	return codec == "" || strings.EqualFold(codec, params["codecs"])
}

// DefaultMediaLimits is what Switchboard itself accepts in a message: MaxAttachments files of
// up to DefaultMaxUpload bytes, of any type. Notes, which stay inside the team, get these, and so
// does a channel that fetches files itself.
var DefaultMediaLimits = MediaLimits{MaxBytes: DefaultMaxUpload, MaxCount: MaxAttachments}

// Accepts reports whether a file of a content type and size may be sent under the limits.
func (l MediaLimits) Accepts(contentType string, size int64) bool {
	if l.MaxCount == 0 || (l.MaxBytes > 0 && size > l.MaxBytes) {
		return false
	}
	for _, p := range l.PerType {
		if matchType(p.Type, contentType) {
			if size > p.MaxBytes {
				return false
			}
			break
		}
	}
	if len(l.Types) == 0 {
		return true
	}
	for _, t := range l.Types {
		if matchType(t, contentType) {
			return true
		}
	}
	return false
}

// ChannelInfo describes what a channel kind can do in this build, for the composer.
type ChannelInfo struct {
	Kind ChannelKind `json:"kind"`
	// CanSend is false for kinds whose connector is not in this build yet.
	CanSend      bool                `json:"can_send"`
	Media        MediaLimits         `json:"media"`
	Capabilities ChannelCapabilities `json:"capabilities"`
	// Providers lists who can connect an inbox of this kind ("cloud" or "twilio" for WhatsApp),
	// the default first.
	Providers []string `json:"providers"`
}

// AttachmentSource is the kind of the attachment that keeps a received message's source as the
// provider delivered it (a mail's .eml): not a file the customer sent, so the thread offers it as
// the message's original rather than among its files.
const AttachmentSource = "source"

// AttachmentKind is the kind of attachment a content type makes: image, audio, video or document.
func AttachmentKind(contentType string) string {
	base, _, _ := mime.ParseMediaType(contentType)
	switch {
	case strings.HasPrefix(base, "image/") && base != "image/svg+xml":
		return "image"
	case strings.HasPrefix(base, "audio/"):
		return "audio"
	case strings.HasPrefix(base, "video/"):
		return "video"
	}
	return "document"
}

// CleanFilename keeps the last element of a client's file name, without control characters or
// path separators, at most 200 bytes; "file" when nothing is left.
func CleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '/' || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	for len(name) > 200 {
		_, size := lastRune(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == ".." {
		return "file"
	}
	return name
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return rune(s[i]), len(s) - i
		}
	}
	return 0, 1
}

// ContactFile is an attachment of one of a contact's conversations, for the contact panel's
// shared files.
type ContactFile struct {
	Attachment
	MessageID      int64     `json:"message_id"`
	ConversationID int64     `json:"conversation_id"`
	Direction      Direction `json:"direction"`
	CreatedAt      time.Time `json:"created_at"`
}

// AttachmentService stores uploads and serves attachments with the visibility of their
// conversations.
type AttachmentService interface {
	// CreateUpload stores a file the acting agent uploads for a message to come. contentType is
	// what the client declared; the store checks it against the file's first bytes.
	CreateUpload(ctx context.Context, filename, contentType string, r io.Reader, max int64) (*Upload, error)
	// OpenAttachment returns an attachment of a message the actor may see, with its bytes.
	// Agents see those of their inboxes; an integration those of its inbox.
	OpenAttachment(ctx context.Context, id int64) (*Attachment, io.ReadSeekCloser, error)
	// OpenPublicAttachment returns an attachment named by a signed link (Outbound.MediaPaths)
	// that has not expired, for a provider fetching an outgoing file.
	OpenPublicAttachment(ctx context.Context, id, exp int64, sig string) (*Attachment, io.ReadSeekCloser, error)
	// FindContactFiles lists the files of a contact's conversations the actor may see, newest
	// first, at most limit (1 to MaxPageSize).
	FindContactFiles(ctx context.Context, contactID int64, limit int) ([]*ContactFile, error)
	// PurgeUpload removes an upload that was never sent, with its file (system only).
	PurgeUpload(ctx context.Context, id int64) error
}
