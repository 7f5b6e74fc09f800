package httpapi

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// ChannelCatalog says what each channel kind can do in this build: the connectors know.
type ChannelCatalog interface {
	Info() []switchboard.ChannelInfo
}

// uploadRoutes take files for messages to come, serve attachments with the visibility of their
// conversations, and tell the composer what each channel accepts.
func (s *Server) uploadRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/uploads", OperationID: "upload", Tag: "messages",
			Summary: "Upload a file to attach to a message",
			Description: "A multipart/form-data body with one part named file. The answer's id goes in attachment_ids of " +
				"the message that sends it; an upload never sent is removed after a day. Images, audio and video must be " +
				"what they claim to be.",
			Response: typeOf[switchboard.Upload](), Status: http.StatusCreated, handler: s.upload,
			MaxBody: func(s *Server) int64 { return s.maxUpload() + 64<<10 }},
		{Method: "GET", Path: "/api/v1/attachments/{id}", OperationID: "getAttachment", Tag: "messages", Integration: true,
			Summary: "Download an attachment",
			Description: "The file of a message you may see (an API inbox's integration: of its inbox). Images, audio and " +
				"video are shown in the browser; anything else downloads. An attachment of kind source is a received mail " +
				"exactly as it came (message/rfc822), kept for every mail, readable or not.",
			handler: s.getAttachment},
		{Method: "GET", Path: "/api/v1/attachments/{id}/public", OperationID: "getPublicAttachment", Tag: "messages", Public: true,
			Summary: "Download an outgoing file by its signed link",
			Description: "The link a provider that takes files by URL (Twilio) is given when a reply is sent; it works for a " +
				"day, without signing in. Anything else answers 404.",
			Query: []Param{{Name: "exp", Type: "integer", Required: true, Description: "When the link expires (Unix seconds)."},
				{Name: "sig", Type: "string", Required: true, Description: "The link's signature."}},
			handler: s.getPublicAttachment},
		{Method: "GET", Path: "/api/v1/contacts/{id}/picture", OperationID: "getContactPicture", Tag: "contacts",
			Summary: "Download a contact's picture",
			Description: "The picture the provider has of a contact you may see (Messenger's and Instagram's profile picture), " +
				"kept by Switchboard since the provider's links expire; the contact's avatar_url points here. 404 when none is kept.",
			Query:   []Param{{Name: "v", Type: "string", Description: "The picture's version, which avatar_url carries so that browsers fetch a new picture; any value serves the current one."}},
			handler: s.getContactPicture},
		{Method: "GET", Path: "/api/v1/contacts/{id}/files", OperationID: "listContactFiles", Tag: "contacts",
			Summary: "The files shared with a contact",
			Description: "Attachments of the contact's conversations in inboxes you may see, newest first, " +
				"whoever sent them.",
			Query:    []Param{{Name: "limit", Type: "integer", Description: "At most this many, 1 to 100 (default 25)."}},
			Response: typeOf[list[*switchboard.ContactFile]](), handler: s.listContactFiles},
		{Method: "GET", Path: "/api/v1/channels", OperationID: "listChannels", Tag: "inboxes",
			Summary:     "What each channel can send",
			Description: "Whether this build sends on each channel kind, and the files a message may carry there.",
			Response:    typeOf[list[switchboard.ChannelInfo]](), handler: s.listChannels},
	}
}

func (s *Server) maxUpload() int64 {
	if s.MaxUploadBytes > 0 {
		return s.MaxUploadBytes
	}
	return switchboard.DefaultMaxUpload
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) error {
	if s.Attachments == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	part, err := formFile(r)
	if err != nil {
		return err
	}
	u, err := s.Attachments.CreateUpload(r.Context(), part.FileName(), part.Header.Get("Content-Type"), part, s.maxUpload())
	if err != nil {
		return err // a body over the route's limit is a *http.MaxBytesError: 413
	}
	return writeJSON(w, http.StatusCreated, u)
}

// formFile returns the part named file of a multipart/form-data body, skipping the others.
func formFile(r *http.Request) (*multipart.Part, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, invalid("Send the file as multipart/form-data.", map[string]string{"file": "Use a form field named file."})
	}
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		} else if err != nil {
			return nil, invalid("Send the file as multipart/form-data.", map[string]string{"file": "Use a form field named file."})
		}
		if part.FormName() == "file" {
			return part, nil
		}
		_, _ = io.Copy(io.Discard, part)
	}
}

// inline are the types a browser may show rather than download: pictures, sound and video it
// renders without running anything. Everything else (HTML, SVG, PDF, …) is a download.
func inline(contentType string) bool {
	base, _, _ := mime.ParseMediaType(contentType)
	switch base {
	case "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif":
		return true
	}
	return strings.HasPrefix(base, "audio/") || strings.HasPrefix(base, "video/")
}

func (s *Server) getAttachment(w http.ResponseWriter, r *http.Request) error {
	if s.Attachments == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	id, err := pathID(r, "id", "Attachment")
	if err != nil {
		return err
	}
	a, f, err := s.Attachments.OpenAttachment(r.Context(), id)
	if err != nil {
		return err
	}
	return serveAttachment(w, r, a, f)
}

func (s *Server) getPublicAttachment(w http.ResponseWriter, r *http.Request) error {
	if s.Attachments == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	id, err := pathID(r, "id", "Attachment")
	if err != nil {
		return err
	}
	exp, err := strconv.ParseInt(r.URL.Query().Get("exp"), 10, 64)
	if err != nil {
		return switchboard.Errorf(switchboard.ENOTFOUND, "Attachment not found.")
	}
	a, f, err := s.Attachments.OpenPublicAttachment(r.Context(), id, exp, r.URL.Query().Get("sig"))
	if err != nil {
		return err
	}
	return serveAttachment(w, r, a, f)
}

// serveAttachment writes a file with headers that keep the browser from running it.
func serveAttachment(w http.ResponseWriter, r *http.Request, a *switchboard.Attachment, f io.ReadSeekCloser) error {
	defer f.Close()
	h := w.Header()
	disposition := "attachment"
	ct := a.ContentType
	if inline(ct) {
		disposition = "inline"
	} else {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": a.Filename}))
	inert(h)
	if a.SHA256 != "" {
		h.Set("ETag", fmt.Sprintf("%q", a.SHA256))
	}
	http.ServeContent(w, r, "", time.Time{}, f)
	return nil
}

// inert sets the headers of a file served to the agent's browser that keep it a file: its type
// as said, nothing run in it even when opened on its own, kept by that browser alone.
func inert(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, max-age=86400")
}

func (s *Server) getContactPicture(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	ct, f, err := s.Contacts.OpenContactPicture(r.Context(), id)
	if err != nil {
		return err
	}
	return serveAttachment(w, r, &switchboard.Attachment{ContentType: ct, Filename: "picture"}, f)
}

func (s *Server) listContactFiles(w http.ResponseWriter, r *http.Request) error {
	if s.Attachments == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	id, err := pathID(r, "id", "Contact")
	if err != nil {
		return err
	}
	q := newQuery(r)
	limit := q.integer("limit")
	if err := q.err(); err != nil {
		return err
	}
	files, err := s.Attachments.FindContactFiles(r.Context(), id, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(files))
}

func (s *Server) listChannels(w http.ResponseWriter, r *http.Request) error {
	out := []switchboard.ChannelInfo{}
	if s.Channels != nil {
		out = s.Channels.Info()
	}
	return writeJSON(w, http.StatusOK, items(out))
}
