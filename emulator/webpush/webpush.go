// Package webpush is a local push service speaking the Web Push wire format: RFC 8030 delivery,
// RFC 8291 message encryption (aes128gcm, RFC 8188) and RFC 8292 VAPID. It stands in for the
// browsers' push services (FCM, Mozilla's autopush, Apple's) in tests and the demo: Subscribe
// plays a browser's PushManager.subscribe, and each push it accepts is decrypted as the browser
// would, with the standard library alone, so a test reads exactly what the service worker gets.
package webpush

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
)

// Push is one push the service accepted, decrypted.
type Push struct {
	Endpoint string
	Payload  []byte // the plaintext the application server sent
	TTL      int
	Urgency  string
	Subject  string // the VAPID JWT's sub
}

// maxBody bounds a push's body: RFC 8030 services must take 4096 bytes of payload; a little
// more covers the aes128gcm header.
const maxBody = 8192

// subscription is one browser's registration: its keys and the origin of its endpoint.
type subscription struct {
	endpoint string
	origin   string
	key      *ecdh.PrivateKey
	auth     []byte
	expired  bool
}

type failure struct {
	status     int
	retryAfter string
}

// Server is the push service, an http.Handler: mount it with httptest.NewServer and subscribe
// with that server's URL.
type Server struct {
	// OnPush, when set, is called with each accepted push (outside the server's lock), so a test
	// can forward it to a real browser.
	OnPush func(Push)
	// Now is the clock VAPID tokens are checked by (time.Now when nil).
	Now func() time.Time

	mu       sync.Mutex
	subs     map[string]*subscription // by id, the endpoint's last path element
	received []Push
	fail     []failure
}

// New returns a push service without subscriptions.
func New() *Server { return &Server{subs: map[string]*subscription{}} }

// Subscribe registers a browser, as PushManager.subscribe does: an endpoint baseURL+"/push/<id>"
// and fresh keys (a P-256 key pair and a 16-byte authentication secret), returned as the web app
// would post them.
func (s *Server) Subscribe(baseURL string) (switchboard.PushSubscriptionInput, error) {
	var in switchboard.PushSubscriptionInput
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return in, fmt.Errorf("push service URL %q: not an absolute URL", baseURL)
	}
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return in, err
	}
	auth := make([]byte, 16)
	idb := make([]byte, 12)
	if _, err := rand.Read(auth); err != nil {
		return in, err
	}
	if _, err := rand.Read(idb); err != nil {
		return in, err
	}
	id := hex.EncodeToString(idb)
	sub := &subscription{endpoint: strings.TrimRight(baseURL, "/") + "/push/" + id, origin: u.Scheme + "://" + u.Host, key: key, auth: auth}
	s.mu.Lock()
	s.subs[id] = sub
	s.mu.Unlock()
	in.Endpoint = sub.endpoint
	in.Keys.P256dh = base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes())
	in.Keys.Auth = base64.RawURLEncoding.EncodeToString(auth)
	in.UserAgent = "webpush emulator"
	return in, nil
}

// Received returns the pushes accepted so far, oldest first.
func (s *Server) Received() []Push {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Push(nil), s.received...)
}

// Expire makes later pushes to an endpoint answer 410 Gone, as when a browser unsubscribed.
func (s *Server) Expire(endpoint string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sub := range s.subs {
		if sub.endpoint == endpoint {
			sub.expired = true
		}
	}
}

// FailNext makes the next push (to any subscription) answer status, with a Retry-After header
// when retryAfter is not "". Calls queue up: each fails one push.
func (s *Server) FailNext(status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = append(s.fail, failure{status, retryAfter})
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// ServeHTTP takes pushes: POST /push/<id>.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutPrefix(r.URL.Path, "/push/")
	if !ok || r.Method != http.MethodPost {
		http.Error(w, "push to POST /push/<subscription>", http.StatusNotFound)
		return
	}
	s.mu.Lock()
	sub := s.subs[id]
	var fail *failure
	if sub != nil && !sub.expired && len(s.fail) > 0 {
		fail = &s.fail[0]
		s.fail = s.fail[1:]
	}
	s.mu.Unlock()
	switch {
	case sub == nil:
		http.Error(w, "no such subscription", http.StatusNotFound)
		return
	case sub.expired:
		http.Error(w, "the subscription has expired", http.StatusGone)
		return
	case fail != nil:
		if fail.retryAfter != "" {
			w.Header().Set("Retry-After", fail.retryAfter)
		}
		http.Error(w, "failing as told (FailNext)", fail.status)
		return
	}
	p, status, reason := s.accept(r, sub)
	if status != 0 {
		http.Error(w, reason, status)
		return
	}
	s.mu.Lock()
	s.received = append(s.received, p)
	s.mu.Unlock()
	if s.OnPush != nil {
		s.OnPush(p)
	}
	w.Header().Set("Location", sub.endpoint+"/messages/"+strconv.Itoa(len(s.Received())))
	w.WriteHeader(http.StatusCreated)
}

// accept checks a push as a push service does and decrypts it as the browser would; a refusal
// comes back as a status and its reason.
func (s *Server) accept(r *http.Request, sub *subscription) (Push, int, string) {
	p := Push{Endpoint: sub.endpoint, Urgency: r.Header.Get("Urgency")}
	ttl, err := strconv.Atoi(strings.TrimSpace(r.Header.Get("TTL")))
	if err != nil || ttl < 0 {
		return p, http.StatusBadRequest, "a push needs a TTL header (seconds)"
	}
	p.TTL = ttl
	if !strings.EqualFold(strings.TrimSpace(r.Header.Get("Content-Encoding")), "aes128gcm") {
		return p, http.StatusBadRequest, "a push must be encrypted: Content-Encoding: aes128gcm"
	}
	sub2, status, reason := verifyVAPID(r.Header.Get("Authorization"), sub.origin, s.now())
	if status != 0 {
		return p, status, reason
	}
	p.Subject = sub2
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return p, http.StatusBadRequest, "reading the body: " + err.Error()
	}
	if len(body) > maxBody {
		return p, http.StatusRequestEntityTooLarge, "the payload is too large"
	}
	plain, err := Decrypt(body, sub.key.Bytes(), sub.auth)
	if err != nil {
		return p, http.StatusBadRequest, "the body does not decrypt with the subscription's keys: " + err.Error()
	}
	p.Payload = plain
	return p, 0, ""
}
