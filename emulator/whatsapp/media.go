package whatsapp

import (
	"time"

	"github.com/switchboardhq/switchboard/internal/mediatype"
	"github.com/switchboardhq/switchboard/internal/oggopus"
)

// uploadTypes are the types Meta takes for media (shared/channels/whatsapp-cloud.md §3); audio
// in Ogg must be Opus.
var uploadTypes = map[string]bool{
	"audio/aac": true, "audio/amr": true, "audio/mpeg": true, "audio/mp4": true, "audio/ogg": true,
	"text/plain": true, "application/pdf": true, "application/msword": true, "application/vnd.ms-excel": true,
	"application/vnd.ms-powerpoint":                                             true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         true,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": true,
	"image/jpeg": true, "image/png": true, "image/webp": true, "video/mp4": true, "video/3gpp": true,
}

// uploadRefusal says why Meta would refuse an upload of a type ("" if it would not), as its
// media upload error (131053) details do.
func uploadRefusal(declared string, data []byte) string {
	base := mediatype.Base(declared)
	if !uploadTypes[base] {
		return "Param file must be a file with one of the supported types. Received file of type '" + declared + "'."
	}
	if sniffed, _ := mediatype.Sniff(data); base == "audio/ogg" && mediatype.Codec(sniffed) != "opus" {
		return "Audio file could not be processed: Ogg audio must be Opus."
	}
	return ""
}

// VoiceNote stores a voice note of the customer's (Opus in Ogg, as WhatsApp records them, d long)
// and returns the audio message that carries it, for Customer; id is its wamid.
func (s *Server) VoiceNote(id string, d time.Duration) map[string]any {
	data := oggopus.Silence(d)
	const ct = "audio/ogg; codecs=opus"
	return map[string]any{"id": id, "type": "audio", "audio": map[string]any{"mime_type": ct, "sha256": sha256Hex(data),
		"id": s.AddMedia(data, ct), "voice": true}}
}

// StatusError is the error a failed status carries: Meta's code, title and details.
type StatusError struct {
	Code    int
	Title   string
	Details string
}

// Failed builds the webhook of failed statuses of sent messages, with the error Meta gives.
func (s *Server) Failed(e StatusError, sent ...*Sent) []byte {
	return s.statuses("failed", &e, sent)
}

func statusErrors(e *StatusError) []map[string]any {
	return []map[string]any{{"code": e.Code, "title": e.Title, "message": e.Title, "error_data": map[string]any{"details": e.Details},
		"href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}}
}
