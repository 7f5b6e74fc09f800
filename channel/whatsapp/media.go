package whatsapp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// MediaSourcePrefix marks an attachment's source as a WhatsApp media id.
const MediaSourcePrefix = "whatsapp-media:"

// upload sends a stored file to POST /{phone-number-id}/media and returns its media id.
func (c *Connector) upload(ctx context.Context, s *Settings, token string, a *switchboard.Attachment) (string, error) {
	if c.Files == nil || a.StorageKey == "" {
		return "", &switchboard.SendError{Code: "no_file", Reason: "The attachment's file is not stored here."}
	}
	f, err := c.Files(ctx, a.StorageKey)
	if err != nil {
		return "", &switchboard.SendError{Code: "no_file", Reason: "The attachment's file cannot be read.", Err: err}
	}
	defer f.Close()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("messaging_product", "whatsapp")
	_ = w.WriteField("type", a.ContentType)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", multipart.FileContentDisposition("file", a.Filename))
	h.Set("Content-Type", a.ContentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(part, f); err != nil {
		return "", &switchboard.SendError{Code: "no_file", Reason: "The attachment's file cannot be read.", Err: err}
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	var ans struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodPost, s.graph(s.PhoneNumberID+"/media"), token, w.FormDataContentType(), body.Bytes(), &ans); err != nil {
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
	if err := c.call(ctx, http.MethodGet, s.graph(id+"?phone_number_id="+s.PhoneNumberID), token, "", nil, &meta); err != nil {
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

// classify maps a Graph API error code (§2.1) to the product's code, saying whether a later
// attempt may succeed; code -1 means the answer carried none, and the HTTP status decides.
func classify(code, httpStatus int, details, message string) *switchboard.SendError {
	reason := details
	if reason == "" {
		reason = message
	}
	e := &switchboard.SendError{Code: "provider_error"}
	switch code {
	case 0, 190:
		e.Code, reason = "invalid_token", "WhatsApp refused the access token: reconnect the inbox. "+reason
	case 3, 10:
		e.Code = "permission_denied"
	case 4, 80007, 130429:
		e.Code, e.Retryable = "rate_limited", true
	case 131056:
		e.Code, e.Retryable, e.RetryAfter = "rate_limited", true, 6*time.Second
	case 131048:
		e.Code = "spam_limited"
	case 1, 2, 131000, 131016:
		e.Code, e.Retryable = "provider_unavailable", true
	case 131057:
		e.Code, e.Retryable, e.RetryAfter = "provider_unavailable", true, time.Minute
	case 100, 131008, 131009:
		e.Code = "invalid_request"
	case 131021, 131026:
		e.Code = "undeliverable"
	case 131047:
		e.Code, reason = switchboard.EWINDOWCLOSED, "The customer last wrote more than 24 hours ago: send a template."
	case 131049, 131050:
		e.Code = "not_delivered_by_policy"
	case 131051:
		e.Code = "unsupported_message"
	case 131031, 368:
		e.Code = "account_blocked"
	case 132000, 132001, 132005, 132007, 132012, 132015, 132016:
		e.Code = "template_error"
	default:
		if code >= 200 && code <= 299 {
			e.Code = "permission_denied"
		} else {
			e.Retryable = backoff.Retryable(httpStatus)
		}
	}
	if reason == "" {
		reason = http.StatusText(httpStatus)
	}
	if code > 0 {
		e.Reason = fmt.Sprintf("WhatsApp error %d: %s", code, reason)
	} else {
		e.Reason = fmt.Sprintf("WhatsApp answered %d: %s", httpStatus, reason)
	}
	return e
}
