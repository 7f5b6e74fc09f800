package webpush

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/google/go-cmp/cmp"
)

// sender is an application server: webpush-go's encryption and VAPID, with a hook that changes
// each request before it leaves, to send what a push service must refuse.
type sender struct {
	t       *testing.T
	pub     string // VAPID keys, base64url
	priv    string
	tamper  func(r *http.Request)
	status  int
	header  http.Header
	answer  string
	subject string
}

func (s *sender) Do(r *http.Request) (*http.Response, error) {
	if s.tamper != nil {
		s.tamper(r)
	}
	return http.DefaultClient.Do(r)
}

func newSender(t *testing.T) *sender {
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	return &sender{t: t, pub: pub, priv: priv, subject: "ops@example.com"}
}

func (s *sender) send(sub Sub, payload string) {
	s.t.Helper()
	resp, err := webpush.SendNotification([]byte(payload), &webpush.Subscription{Endpoint: sub.Endpoint,
		Keys: webpush.Keys{P256dh: sub.Keys.P256dh, Auth: sub.Keys.Auth}},
		&webpush.Options{HTTPClient: s, Subscriber: s.subject, TTL: 60, Urgency: webpush.UrgencyHigh, VAPIDPublicKey: s.pub, VAPIDPrivateKey: s.priv})
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	s.status, s.header, s.answer = resp.StatusCode, resp.Header, string(b)
}

// jwt signs claims ES256 with a raw P-256 scalar (base64url).
func jwt(t *testing.T, priv string, claims map[string]any) string {
	t.Helper()
	d, err := base64.RawURLEncoding.DecodeString(priv)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d)
	if err != nil {
		t.Fatal(err)
	}
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT","alg":"ES256"}`))
	body, _ := json.Marshal(claims)
	signed := head + "." + base64.RawURLEncoding.EncodeToString(body)
	digest := sha256.Sum256([]byte(signed))
	r, s, err := ecdsa.Sign(rand.Reader, key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

type Sub = struct {
	Endpoint string
	Keys     struct{ P256dh, Auth string }
}

func subscribe(t *testing.T, s *Server, url string) Sub {
	t.Helper()
	in, err := s.Subscribe(url)
	if err != nil {
		t.Fatal(err)
	}
	var sub Sub
	sub.Endpoint, sub.Keys.P256dh, sub.Keys.Auth = in.Endpoint, in.Keys.P256dh, in.Keys.Auth
	if err := in.Validate(); err != nil {
		t.Fatalf("the subscription does not pass the app's validation: %v", err)
	}
	return sub
}

func TestServerAcceptsAndDecrypts(t *testing.T) {
	s := New()
	var heard []Push
	s.OnPush = func(p Push) { heard = append(heard, p) }
	srv := httptest.NewServer(s)
	defer srv.Close()
	sub := subscribe(t, s, srv.URL)
	snd := newSender(t)
	snd.send(sub, `{"title":"Hello"}`)
	if snd.status != http.StatusCreated {
		t.Fatalf("push answered %d: %s", snd.status, snd.answer)
	}
	want := []Push{{Endpoint: sub.Endpoint, Payload: []byte(`{"title":"Hello"}`), TTL: 60, Urgency: "high", Subject: "mailto:ops@example.com"}}
	if diff := cmp.Diff(want, s.Received()); diff != "" {
		t.Errorf("received (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, heard); diff != "" {
		t.Errorf("OnPush heard (-want +got):\n%s", diff)
	}
}

func TestServerRefuses(t *testing.T) {
	s := New()
	srv := httptest.NewServer(s)
	defer srv.Close()
	sub := subscribe(t, s, srv.URL)
	snd := newSender(t)
	other := newSender(t)
	now := time.Now()
	vapid := func(priv string, claims map[string]any) func(r *http.Request) {
		return func(r *http.Request) {
			r.Header.Set("Authorization", "vapid t="+jwt(t, priv, claims)+", k="+snd.pub)
		}
	}
	good := map[string]any{"aud": srv.URL, "exp": now.Add(time.Hour).Unix(), "sub": "mailto:ops@example.com"}
	with := func(k string, v any) map[string]any {
		c := map[string]any{}
		for kk, vv := range good {
			c[kk] = vv
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	for _, tc := range []struct {
		name   string
		tamper func(r *http.Request)
		status int
		reason string
	}{
		{"our own token", vapid(snd.priv, good), 201, ""},
		{"no TTL", func(r *http.Request) { r.Header.Del("TTL") }, 400, "TTL"},
		{"not aes128gcm", func(r *http.Request) { r.Header.Set("Content-Encoding", "aesgcm") }, 400, "aes128gcm"},
		{"no authorization", func(r *http.Request) { r.Header.Del("Authorization") }, 401, "vapid"},
		{"signed by another key", vapid(other.priv, good), 403, "not signed by k"},
		{"another audience", vapid(snd.priv, with("aud", "https://push.example.net")), 403, "aud"},
		{"expired", vapid(snd.priv, with("exp", now.Add(-time.Minute).Unix())), 403, "expired"},
		{"too far ahead", vapid(snd.priv, with("exp", now.Add(25*time.Hour).Unix())), 403, "24 hours"},
		{"no subject", vapid(snd.priv, with("sub", nil)), 403, "sub"},
		{"tampered body", func(r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			b[len(b)-5] ^= 0x40
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		}, 400, "does not decrypt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(s.Received())
			snd.tamper = tc.tamper
			snd.send(sub, `{"n":1}`)
			if snd.status != tc.status || !strings.Contains(snd.answer, tc.reason) {
				t.Fatalf("answered %d %q, want %d with %q", snd.status, snd.answer, tc.status, tc.reason)
			}
			accepted := len(s.Received()) - before
			if want := map[bool]int{true: 1, false: 0}[tc.status == 201]; accepted != want {
				t.Fatalf("%d pushes accepted, want %d", accepted, want)
			}
		})
	}
}

func TestServerFailsAndExpires(t *testing.T) {
	s := New()
	srv := httptest.NewServer(s)
	defer srv.Close()
	sub := subscribe(t, s, srv.URL)
	snd := newSender(t)
	s.FailNext(http.StatusTooManyRequests, "120")
	s.FailNext(http.StatusServiceUnavailable, "")
	snd.send(sub, "a")
	if snd.status != 429 || snd.header.Get("Retry-After") != "120" {
		t.Fatalf("first push answered %d Retry-After %q, want 429 and 120", snd.status, snd.header.Get("Retry-After"))
	}
	snd.send(sub, "b")
	if snd.status != 503 {
		t.Fatalf("second push answered %d, want 503", snd.status)
	}
	snd.send(sub, "c")
	if snd.status != 201 {
		t.Fatalf("third push answered %d, want 201: %s", snd.status, snd.answer)
	}
	s.Expire(sub.Endpoint)
	snd.send(sub, "d")
	if snd.status != http.StatusGone {
		t.Fatalf("push to an expired subscription answered %d, want 410", snd.status)
	}
	if n := len(s.Received()); n != 1 {
		t.Fatalf("%d pushes received, want 1 (c)", n)
	}
	resp, err := http.Post(srv.URL+"/push/nosuch", "application/octet-stream", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("unknown subscription answered %d, want 404", resp.StatusCode)
	}
}
