package whatsapp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/mediatype"
)

// MediaSourcePrefix marks an attachment's source as a WhatsApp media id.
const MediaSourcePrefix = "whatsapp-media:"

// upload sends a stored file to POST /{phone-number-id}/media and returns its media id.
func (c *Connector) upload(ctx context.Context, s *Settings, token string, a *switchboard.Attachment) (string, error) {
	// Meta names types without parameters ("audio/ogg", which must hold Opus).
	body, ct, err := channel.UploadForm(ctx, c.Files, a, "file", [2]string{"messaging_product", "whatsapp"}, [2]string{"type", mediatype.Base(a.ContentType)})
	if err != nil {
		return "", err
	}
	var ans struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodPost, s.URL(s.PhoneNumberID+"/media"), token, ct, body, &ans); err != nil {
		return "", err
	}
	if ans.ID == "" {
		return "", &switchboard.SendError{Code: "bad_answer", Reason: "WhatsApp's upload answer names no media id."}
	}
	return ans.ID, nil
}

// FetchMedia downloads a customer's file: the media id gives a short-lived URL (§3), which is
// fetched with the same token; the bytes must match the SHA-256 Meta gives and fit the limit.
func (c *Connector) FetchMedia(ctx context.Context, f *switchboard.MediaFetch) (io.ReadCloser, string, error) {
	id, ok := strings.CutPrefix(f.Source, MediaSourcePrefix)
	if !ok {
		return nil, "", &switchboard.SendError{Code: "bad_source", Reason: "The attachment does not name a WhatsApp media id."}
	}
	s, err := settingsOf(f.Inbox)
	if err != nil {
		return nil, "", err
	}
	token := f.Secrets[SecretAccessToken]
	var meta struct {
		URL      string          `json:"url"`
		MimeType string          `json:"mime_type"`
		SHA256   string          `json:"sha256"`
		FileSize json.RawMessage `json:"file_size"` // a string or a number
	}
	if err := c.call(ctx, http.MethodGet, s.URL(id+"?phone_number_id="+s.PhoneNumberID), token, "", nil, &meta); err != nil {
		return nil, "", err
	}
	if size, err := strconv.ParseInt(strings.Trim(string(meta.FileSize), `"`), 10, 64); err == nil && f.Limits.MaxBytes > 0 && size > f.Limits.MaxBytes {
		return nil, "", &switchboard.SendError{Code: "too_large", Reason: fmt.Sprintf("The file is larger than %d MB.", f.Limits.MaxBytes>>20)}
	}
	if meta.URL == "" {
		return nil, "", &switchboard.SendError{Code: "bad_answer", Reason: "WhatsApp gave no download address for the file."}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, meta.URL, nil)
	if err != nil {
		return nil, "", &switchboard.SendError{Code: "bad_answer", Reason: "WhatsApp's download address is not valid.", Err: err}
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.client().Do(req)
	if err != nil {
		return nil, "", channel.TransportError(ctx, "WhatsApp", err)
	}
	if res.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
		res.Body.Close()
		return nil, "", apiError(res, raw)
	}
	ct := meta.MimeType
	if ct == "" {
		ct = res.Header.Get("Content-Type")
	}
	limit := f.Limits.MaxBytes
	if limit <= 0 {
		limit = 100 << 20
	}
	return &checkedBody{r: io.LimitReader(res.Body, limit+1), c: res.Body, h: sha256.New(), want: strings.ToLower(meta.SHA256), left: limit}, ct, nil
}

// checkedBody reads a download, failing at its end if the bytes do not hash to what Meta said
// (or run past the limit), so a corrupted file never lands as a good one.
type checkedBody struct {
	r    io.Reader
	c    io.Closer
	h    hash.Hash
	want string
	left int64
}

func (b *checkedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.h.Write(p[:n])
	if b.left -= int64(n); b.left < 0 {
		return n, errors.New("whatsapp: the file is larger than allowed")
	}
	if errors.Is(err, io.EOF) && b.want != "" && hex.EncodeToString(b.h.Sum(nil)) != b.want {
		return n, errors.New("whatsapp: the file does not match its SHA-256")
	}
	return n, err
}

func (b *checkedBody) Close() error { return b.c.Close() }
