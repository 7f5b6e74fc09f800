package messenger

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
)

// TestClassify: Meta's codes and subcodes map to the product's failure codes, rate limits are
// retried after a pause, and the reason keeps Meta's numbers.
func TestClassify(t *testing.T) {
	for _, c := range []struct {
		code, sub, status int
		want              string
		retry             bool
	}{
		{10, 2018278, 400, switchboard.FailWindowClosed, false},
		{10, 0, 400, switchboard.FailPermissionDenied, false},
		{190, 460, 400, switchboard.FailInvalidToken, false},
		{100, 2018001, 400, switchboard.FailUndeliverable, false},
		{100, 0, 400, switchboard.FailInvalidRequest, false},
		{551, 1545041, 400, switchboard.FailUndeliverable, false},
		{4, 0, 400, switchboard.FailRateLimited, true},
		{613, 0, 400, switchboard.FailRateLimited, true},
		{2, 0, 500, switchboard.FailProviderUnavailable, true},
		{368, 0, 400, switchboard.FailAccountRestricted, false},
		{230, 0, 403, switchboard.FailPermissionDenied, false},
		{10900, 0, 400, switchboard.FailInvalidRequest, false},
		{10903, 0, 400, switchboard.FailInvalidRequest, false},
		{-1, 0, 503, switchboard.FailProviderUnavailable, true},
		{-1, 0, 404, switchboard.FailProvider, false},
	} {
		e := classify("Messenger", c.code, c.sub, c.status, "msg")
		if e.Code != c.want || e.Retryable != c.retry {
			t.Errorf("%d/%d (%d) = %s retry %v, want %s retry %v", c.code, c.sub, c.status, e.Code, e.Retryable, c.want, c.retry)
		}
		if c.retry && c.code >= 0 && c.code != 2 && e.RetryAfter < time.Second {
			t.Errorf("%d: retried after %v", c.code, e.RetryAfter)
		}
		if c.code >= 0 && !strings.Contains(e.Reason, "Messenger error") {
			t.Errorf("%d: reason %q", c.code, e.Reason)
		}
	}
	// A private reply's refusals say what happened to the comment, before Meta's words.
	if e := classify("Messenger", 10900, 0, 400, "msg"); !strings.Contains(e.Reason, "one private reply per comment") || !strings.HasSuffix(e.Reason, "msg") {
		t.Errorf("10900: %q", e.Reason)
	}
	if e := classify("Messenger", 10903, 0, 400, "msg"); !strings.Contains(e.Reason, "within 7 days") {
		t.Errorf("10903: %q", e.Reason)
	}
	if e := classify("Messenger", -1, 0, http.StatusBadGateway, ""); !strings.Contains(e.Reason, "Bad Gateway") {
		t.Errorf("reason without a message: %q", e.Reason)
	}
	if e := classify("Instagram", 10, 2018278, 400, "msg"); !strings.HasPrefix(e.Reason, "Instagram error 10/2018278: ") || !strings.Contains(e.Reason, "for Instagram to take") || strings.Contains(e.Reason, "Messenger") {
		t.Errorf("Instagram's reason: %q", e.Reason)
	}
}

// TestVerifySignature: either header verifies the raw body; a forged or missing one does not.
func TestVerifySignature(t *testing.T) {
	body := []byte(`{"object":"page","entry":[]}`)
	s256, s1 := Sign("secret", body)
	f256, f1 := Sign("other", body)
	for _, c := range []struct {
		h256, h1 string
		ok       bool
	}{{s256, s1, true}, {s256, "", true}, {"", s1, true}, {f256, s1, false}, {"", f1, false}, {"", "", false}, {"sha256=zz", "", false}} {
		if err := VerifySignature("secret", c.h256, c.h1, body); (err == nil) != c.ok {
			t.Errorf("%q %q: %v", c.h256, c.h1, err)
		}
	}
}
