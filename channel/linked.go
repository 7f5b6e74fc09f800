package channel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// linkFetcher downloads the files integrations give by URL (switchboard.LinkedURL), whatever
// the inbox's channel: only over https, redirects included, and no larger than the limit.
type linkFetcher struct {
	client *http.Client
}

// errNotHTTPS stops a redirect to an address that is not https.
var errNotHTTPS = errors.New("redirected to an address that is not https")

// FetchMedia GETs the linked file. The content type the integration declared wins over the
// server's; the store checks either against the bytes.
func (l linkFetcher) FetchMedia(ctx context.Context, f *switchboard.MediaFetch) (io.ReadCloser, string, error) {
	link, _ := switchboard.LinkedURL(f.Source)
	if !switchboard.IsHTTPSURL(link) {
		return nil, "", &switchboard.SendError{Code: "bad_source", Reason: "The file's address is not an https URL."}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, "", &switchboard.SendError{Code: "bad_source", Reason: "The file's address is not valid.", Err: err}
	}
	req.Header.Set("User-Agent", "Switchboard")
	client := http.DefaultClient
	if l.client != nil {
		client = l.client
	}
	c := *client // the same transport, with https required of every redirect
	c.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if !switchboard.IsHTTPSURL(r.URL.String()) {
			return errNotHTTPS
		}
		if client.CheckRedirect != nil {
			return client.CheckRedirect(r, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	res, err := c.Do(req)
	switch {
	case ctx.Err() != nil:
		return nil, "", ctx.Err()
	case errors.Is(err, errNotHTTPS):
		return nil, "", &switchboard.SendError{Code: "bad_source", Reason: "The file's address redirected to one that is not https.", Err: err}
	case err != nil:
		return nil, "", &switchboard.SendError{Code: "unreachable", Reason: "The file's address did not answer.", Retryable: true, Err: err}
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		e := &switchboard.SendError{Code: "http_" + strconv.Itoa(res.StatusCode), Retryable: backoff.Retryable(res.StatusCode),
			Reason: fmt.Sprintf("The file's address answered %d %s.", res.StatusCode, http.StatusText(res.StatusCode))}
		if d, ok := backoff.RetryAfter(res.Header, time.Now()); ok {
			e.RetryAfter = d
		}
		return nil, "", e
	}
	if f.Limits.MaxBytes > 0 && res.ContentLength > f.Limits.MaxBytes {
		res.Body.Close()
		return nil, "", &switchboard.SendError{Code: "too_large", Reason: fmt.Sprintf("The file is larger than %d MB.", f.Limits.MaxBytes>>20)}
	}
	ct := f.Attachment.ContentType
	if ct == "" {
		ct = res.Header.Get("Content-Type")
	}
	return res.Body, ct, nil
}
