package channel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/internal/mediatype"
)

// DecodeSettings reads an inbox's settings into a connector's typed configuration.
func DecodeSettings[T any](in *switchboard.Inbox) (*T, error) {
	var s T
	if len(in.Settings) > 0 {
		if err := json.Unmarshal(in.Settings, &s); err != nil {
			return nil, &switchboard.SendError{Code: "bad_settings", Reason: "The inbox's settings cannot be read.", Err: err}
		}
	}
	return &s, nil
}

// TransportError classifies a call to a provider that got no answer. One that never reached it
// (no connection) is safe to repeat; one whose answer was lost may have been carried out, and
// providers without idempotency keys would deliver it twice, so it fails as unconfirmed. A
// destination the egress policy refuses fails for good (see DestinationError).
func TransportError(ctx context.Context, provider string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if se, ok := DestinationError(err); ok {
		return se
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return &switchboard.SendError{Code: "provider_unavailable", Reason: provider + " could not be reached.", Retryable: true, Err: err}
	}
	return &switchboard.SendError{Code: switchboard.SendUnconfirmed, Err: err,
		Reason: provider + " did not answer, so the message may or may not have gone out. It is not sent again by itself: check with the customer before retrying."}
}

// DestinationError is the failure of a request the egress policy stopped: a destination on a
// private network it does not allow, or a redirect it does not follow. Trying again changes
// nothing, and the reason says which, never what answered there.
func DestinationError(err error) (*switchboard.SendError, bool) {
	reason, ok := egress.Reason(err)
	if !ok {
		return nil, false
	}
	return &switchboard.SendError{Code: "destination_refused", Reason: reason, Err: err}, true
}

// Origin is where an http or https URL sends requests, as Destination.URL compares places:
// scheme, host and port ("https://graph.facebook.com:443"); a different path is the same place.
// A URL that cannot be read is returned as it is.
func Origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// Failure is what one of a provider's error codes means for a message: its product code (see
// switchboard.FailUnreachable and the others), and whether a later attempt may succeed and after
// how long. Each connector keeps a table of them, which serves a send the provider refused and a
// delivery report that says a message failed alike.
type Failure struct {
	Code  string
	Retry bool
	After time.Duration
}

// SendError is the failure with the provider's words (and code) as its reason.
func (f Failure) SendError(reason string) *switchboard.SendError {
	return &switchboard.SendError{Code: f.Code, Retryable: f.Retry, RetryAfter: f.After, Reason: reason}
}

// MetaGraph is where a connector of one of Meta's products (WhatsApp Cloud, Messenger) calls the
// Graph API: the settings' api_base_url and api_version (an emulator's in tests), else Meta's.
// Settings embed it.
type MetaGraph struct {
	APIBaseURL string `json:"api_base_url"`
	APIVersion string `json:"api_version"`
}

// Where the Graph API is, unless settings say.
const (
	DefaultGraphURL     = "https://graph.facebook.com"
	DefaultGraphVersion = "v23.0"
)

// Base is the Graph API's address.
func (g MetaGraph) Base() string {
	if g.APIBaseURL != "" {
		return g.APIBaseURL
	}
	return DefaultGraphURL
}

// URL is the address of a Graph API path (an id and an edge, with a query if any).
func (g MetaGraph) URL(path string) string {
	ver := g.APIVersion
	if ver == "" {
		ver = DefaultGraphVersion
	}
	return strings.TrimSuffix(g.Base(), "/") + "/" + ver + "/" + path
}

// Check adds the problems of the address and version to v.
func (g MetaGraph) Check(v *switchboard.Validator) {
	if g.APIBaseURL != "" {
		u, err := url.Parse(g.APIBaseURL)
		v.Check(err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "", "settings.api_base_url", "Use an absolute http or https URL.")
	}
	v.Check(g.APIVersion == "" || (strings.HasPrefix(g.APIVersion, "v") && len(g.APIVersion) <= 10), "settings.api_version", "Use a version such as v23.0.")
}

// Digits reports whether x is one of Meta's ids: 1 to 30 digits.
func Digits(x string) bool {
	if x == "" || len(x) > 30 {
		return false
	}
	for _, r := range x {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// GraphCall makes one request to Meta's Graph API with a bearer token and decodes a 2xx answer
// into out (when not nil). A refusal is read by refused (the connector's table of Meta's error
// codes), a failed connection by TransportError; provider names the product in reasons.
func GraphCall(ctx context.Context, client *http.Client, provider, method, u, token, contentType string, body []byte, out any,
	refused func(*http.Response, []byte) error) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return &switchboard.SendError{Code: "bad_settings", Reason: "The Graph API address is not valid.", Err: err}
	}
	if token == "" {
		return &switchboard.SendError{Code: switchboard.FailInvalidToken, Reason: "This " + provider + " inbox has no access token."}
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := client.Do(req)
	if err != nil {
		return TransportError(ctx, provider, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return TransportError(ctx, provider, err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return refused(res, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return &switchboard.SendError{Code: "bad_answer", Reason: provider + "'s answer is not the expected JSON.", Err: err}
		}
	}
	return nil
}

// UploadForm is a multipart form carrying a stored attachment's file, as Meta's upload
// endpoints take it: the fields given (in order), then the file under fileField with its base
// media type (Meta names types without parameters). It answers the body and its content type.
func UploadForm(ctx context.Context, open func(ctx context.Context, key string) (io.ReadCloser, error), a *switchboard.Attachment,
	fileField string, fields ...[2]string) ([]byte, string, error) {
	if open == nil || a.StorageKey == "" {
		return nil, "", &switchboard.SendError{Code: "no_file", Reason: "The attachment's file is not stored here."}
	}
	f, err := open(ctx, a.StorageKey)
	if err != nil {
		return nil, "", &switchboard.SendError{Code: "no_file", Reason: "The attachment's file cannot be read.", Err: err}
	}
	defer f.Close()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, kv := range fields {
		_ = w.WriteField(kv[0], kv[1])
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", multipart.FileContentDisposition(fileField, a.Filename))
	h.Set("Content-Type", mediatype.Base(a.ContentType))
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := io.Copy(part, f); err != nil {
		return nil, "", &switchboard.SendError{Code: "no_file", Reason: "The attachment's file cannot be read.", Err: err}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return body.Bytes(), w.FormDataContentType(), nil
}
