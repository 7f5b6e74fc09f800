package messenger

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// graphCodes are the Messenger Platform's error codes (shared/channels/messenger-instagram.md
// §2.1) with what each means for a message; a subcode, when it says more, is looked up first
// (subcodes[]). Read only.
var graphCodes = map[int]channel.Failure{
	190: {Code: switchboard.FailInvalidToken},
	10:  {Code: switchboard.FailPermissionDenied},
	200: {Code: switchboard.FailPermissionDenied},
	230: {Code: switchboard.FailPermissionDenied},
	100: {Code: switchboard.FailInvalidRequest},
	551: {Code: switchboard.FailUndeliverable}, // the person is not available (blocked the page, deactivated)
	368: {Code: switchboard.FailAccountRestricted},

	4:    {Code: switchboard.FailRateLimited, Retry: true, After: 30 * time.Second}, // the app's limit
	613:  {Code: switchboard.FailRateLimited, Retry: true, After: 10 * time.Second}, // the API's limit
	2:    {Code: switchboard.FailProviderUnavailable, Retry: true},
	1200: {Code: switchboard.FailProviderUnavailable, Retry: true},

	10900: {Code: switchboard.FailInvalidRequest}, // a private reply to that comment was already sent
	10903: {Code: switchboard.FailInvalidRequest}, // that comment cannot be replied to
}

var subcodes = map[int]channel.Failure{
	2018278: {Code: switchboard.FailWindowClosed},  // sent outside the allowed window
	2018001: {Code: switchboard.FailUndeliverable}, // no matching user
	1545041: {Code: switchboard.FailUndeliverable}, // the person isn't available
	2018047: {Code: switchboard.FailMediaUnsupported},
}

// advice is what Switchboard says before Meta's words where it knows better what to do, by
// failure code, or by Meta's code where that says more (codeAdvice); %s is the product
// (Messenger, Instagram).
var advice = map[string]string{
	switchboard.FailInvalidToken: "Meta refused the access token: paste a new one in the inbox's settings.",
	switchboard.FailWindowClosed: "The customer last wrote too long ago for %s to take this message.",
}

var codeAdvice = map[int]string{
	10900: "This comment was already answered privately, and Meta takes one private reply per comment: answer it publicly, or wait for the customer to write.",
	10903: "Meta no longer takes a reply to this comment: a private reply must go within 7 days of the comment (during the broadcast, for a live), and the comment may have been deleted.",
}

// APIError reads the Graph API's refusals for a product of the platform (Instagram's connector
// passes "Instagram"), naming it in reasons.
func APIError(product string) func(res *http.Response, raw []byte) error {
	return func(res *http.Response, raw []byte) error { return apiError(product, res, raw) }
}

// apiError classifies a Graph API error answer: by error.code and error_subcode, not the HTTP
// status (Meta answers most with 400).
func apiError(product string, res *http.Response, raw []byte) error {
	var env struct {
		Error struct {
			Message string `json:"message"`
			Code    int    `json:"code"`
			Subcode int    `json:"error_subcode"`
		} `json:"error"`
	}
	code := -1
	if json.Unmarshal(raw, &env) == nil && (env.Error.Code != 0 || env.Error.Message != "") {
		code = env.Error.Code
	}
	e := classify(product, code, env.Error.Subcode, res.StatusCode, env.Error.Message)
	if d, ok := backoff.RetryAfter(res.Header, time.Now()); ok && e.Retryable {
		e.RetryAfter = d
	}
	return e
}

// classify maps a Graph error code (-1: the answer had none, the HTTP status decides) and
// subcode to the product's failure code. The reason names the product (Messenger, Instagram)
// and keeps Meta's numbers and words.
func classify(product string, code, subcode, httpStatus int, message string) *switchboard.SendError {
	reason := message
	if reason == "" {
		reason = http.StatusText(httpStatus)
	}
	f, ok := subcodes[subcode]
	if !ok {
		f, ok = graphCodes[code]
	}
	switch {
	case ok:
	case code >= 200 && code <= 299:
		f = channel.Failure{Code: switchboard.FailPermissionDenied}
	case code < 0 && backoff.Retryable(httpStatus):
		f = channel.Failure{Code: switchboard.FailProviderUnavailable, Retry: true}
	default:
		f = channel.Failure{Code: switchboard.FailProvider}
	}
	if a := firstOf(codeAdvice[code], advice[f.Code]); a != "" {
		if strings.Contains(a, "%s") {
			a = fmt.Sprintf(a, product)
		}
		reason = a + " " + reason
	}
	switch {
	case code >= 0 && subcode != 0:
		return f.SendError(fmt.Sprintf("%s error %d/%d: %s", product, code, subcode, reason))
	case code >= 0:
		return f.SendError(fmt.Sprintf("%s error %d: %s", product, code, reason))
	}
	return f.SendError(fmt.Sprintf("%s answered %d: %s", product, httpStatus, reason))
}
