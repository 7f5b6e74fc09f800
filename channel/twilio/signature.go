// Package twilio is the Twilio Programmable Messaging channel: SMS/MMS numbers and WhatsApp
// senders. Twilio POSTs form-encoded webhooks signed with X-Twilio-Signature and expects TwiML
// back; messages go out through the REST Messages resource with HTTP Basic auth. The wire format
// is described in shared/channels/twilio.md.
package twilio

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"net/url"
	"sort"
	"strings"
)

// SignatureHeader carries base64(HMAC-SHA1(auth token, URL + sorted form parameters)).
const SignatureHeader = "X-Twilio-Signature"

// ErrBadSignature is returned for a request whose signature is missing or does not match.
var ErrBadSignature = errors.New("twilio: the signature does not match the request")

// Sign computes the X-Twilio-Signature of a request to fullURL with form parameters params:
// the URL exactly as configured, then each parameter's name and value, sorted by name (and, for
// repeated names, by value), with no separators.
func Sign(authToken, fullURL string, params url.Values) string {
	var b strings.Builder
	b.WriteString(fullURL)
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		vs := append([]string(nil), params[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	m := hmac.New(sha1.New, []byte(authToken))
	m.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// VerifySignature checks a request's signature in constant time. Like Twilio's own libraries it
// accepts the URL with or without the scheme's default port, which proxies add or drop.
func VerifySignature(authToken, fullURL string, params url.Values, signature string) error {
	if signature == "" || authToken == "" {
		return ErrBadSignature
	}
	for _, u := range urlVariants(fullURL) {
		if hmac.Equal([]byte(Sign(authToken, u, params)), []byte(signature)) {
			return nil
		}
	}
	return ErrBadSignature
}

func urlVariants(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		return []string{raw}
	}
	out := []string{raw}
	port := map[string]string{"https": "443", "http": "80"}[u.Scheme]
	switch {
	case port == "":
	case u.Port() == port:
		v := *u
		v.Host = u.Hostname()
		out = append(out, v.String())
	case u.Port() == "":
		v := *u
		v.Host = u.Host + ":" + port
		out = append(out, v.String())
	}
	return out
}
