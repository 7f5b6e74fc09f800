// Package twilio is a local stand-in for Twilio's Programmable Messaging API (SMS, MMS and
// WhatsApp senders), for tests and demo mode. It serves the REST Messages resource with HTTP
// Basic auth and Twilio's error shape, keeps customers' media behind Basic auth with a redirect
// (whose first hit may 404, as Twilio's does), fetches outgoing MediaUrl files as Twilio would,
// and plays the customer's side: form-encoded webhooks signed with X-Twilio-Signature, status
// callbacks in any order or repeated, and faults on request. Like Twilio's SMS numbers it honours
// opt-out keywords: a customer who texts STOP is sent nothing (error 21610) until they text START.
package twilio

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	tw "github.com/switchboardhq/switchboard/channel/twilio"
	"github.com/switchboardhq/switchboard/emulator/internal/fault"
)

// Fault is a failure the next calls to the Messages resource answer with.
type Fault int

// The faults.
const (
	// Unavailable answers 503 without taking the message.
	Unavailable Fault = iota + 1
	// RateLimited answers 429 with code 20429 and Retry-After: 1.
	RateLimited
	// Drop takes the message, then closes the connection without answering.
	Drop
	// Slow takes the message and answers only after SlowDelay: past a client's timeout, the
	// sender cannot know it went out.
	Slow
)

// Sent is a message the business created, as its form arrived, with the files Twilio fetched.
type Sent struct {
	SID            string
	Form           url.Values
	Media          [][]byte // the bytes behind each MediaUrl, fetched as Twilio does
	StatusCallback string
}

// Server is the emulated Twilio account.
type Server struct {
	AccountSID string
	AuthToken  string
	// WebhookURL is the inbox's "a message comes in" URL.
	WebhookURL string
	// BaseURL is where this server is reached, for the media URLs it hands out.
	BaseURL string
	Client  *http.Client
	// SlowDelay is how long a Slow fault holds its answer.
	SlowDelay time.Duration
	// OnSend, when set, hears of every message the business sends (in its own goroutine).
	OnSend func(*Sent)
	// Contents are the Content API templates, in its ContentAndApprovals shape.
	Contents []map[string]any
	// AdvancedOptOut, when set, is the keywords of a Messaging Service with Advanced Opt-Out, in
	// upper case, each with its OptOutType (STOP, START or HELP): they replace the default
	// words, and a customer's message that is one carries OptOutType.
	AdvancedOptOut map[string]string

	faults   fault.Queue[Fault]
	mu       sync.Mutex
	sent     []*Sent
	media    map[string]*media
	attempts int
	optedOut map[string]bool // customer and business number, as optOutKey makes them
	gate     chan struct{}   // while set, sends wait for it to close (see Hold)
}

type media struct {
	data        []byte
	contentType string
	hits        int
}

// New returns an emulated account.
func New(accountSID, authToken string) *Server {
	return &Server{AccountSID: accountSID, AuthToken: authToken, Client: &http.Client{Timeout: 30 * time.Second}, media: map[string]*media{},
		Contents: []map[string]any{
			{"sid": "HX" + strings.Repeat("a", 32), "friendly_name": "order_update", "language": "en", "variables": map[string]string{"1": "name", "2": "order"},
				"types":             map[string]any{"twilio/text": map[string]string{"body": "Hello {{1}}, your order {{2}} is on its way."}},
				"approval_requests": map[string]string{"name": "order_update", "category": "UTILITY", "status": "approved"}},
			{"sid": "HX" + strings.Repeat("b", 32), "friendly_name": "spring_sale", "language": "en",
				"types":             map[string]any{"twilio/text": map[string]string{"body": "Spring sale!"}},
				"approval_requests": map[string]string{"name": "spring_sale", "category": "MARKETING", "status": "rejected"}},
		}}
}

// NewSID returns a fresh SID with a prefix (SM, MM, ME).
func NewSID(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Inject makes the next calls to the send endpoint fail, one fault each.
func (s *Server) Inject(f ...Fault) { s.faults.Inject(f...) }

// Attempts counts the calls to the send endpoint so far, refused ones included.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// Hold makes the next call to the send endpoint wait, counted, until release is called; then it
// is answered as it would have been (with the next fault injected, if any).
func (s *Server) Hold() (release func()) {
	g := make(chan struct{})
	s.mu.Lock()
	s.gate = g
	s.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(g) }) }
}

// Sent returns what the business sent so far.
func (s *Server) Sent() []*Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Sent(nil), s.sent...)
}

// ServeHTTP implements the REST resources and the media files.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	prefix := "/2010-04-01/Accounts/" + s.AccountSID + "/"
	switch {
	case strings.HasPrefix(r.URL.Path, "/files/"):
		s.file(w, r, strings.TrimPrefix(r.URL.Path, "/files/"))
		return
	case !strings.HasPrefix(r.URL.Path, prefix) && r.URL.Path != "/v1/ContentAndApprovals":
		apiError(w, http.StatusNotFound, 20404, "The requested resource was not found")
		return
	}
	if user, pass, ok := r.BasicAuth(); !ok || user != s.AccountSID || pass != s.AuthToken {
		apiError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, prefix)
	switch {
	case r.URL.Path == "/v1/ContentAndApprovals" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"contents": s.Contents, "meta": map[string]any{"page": 0, "next_page_url": nil}})
	case rest == "Messages.json" && r.Method == http.MethodPost:
		s.create(w, r)
	case strings.HasPrefix(rest, "Messages/") && strings.Contains(rest, "/Media/") && r.Method == http.MethodGet:
		id := rest[strings.LastIndex(rest, "/")+1:]
		http.Redirect(w, r, s.BaseURL+"/files/"+id, http.StatusTemporaryRedirect)
	default:
		apiError(w, http.StatusNotFound, 20404, "The requested resource was not found")
	}
}

// create is POST Messages.json.
func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		apiError(w, http.StatusBadRequest, 21602, "The form is not valid")
		return
	}
	f := r.PostForm
	to, from := f.Get("To"), f.Get("From")
	s.mu.Lock()
	s.attempts++
	gate := s.gate
	s.gate = nil
	blocked := s.optedOut[optOutKey(to, from)]
	s.mu.Unlock()
	if gate != nil {
		<-gate
	}
	switch {
	case to == "":
		apiError(w, http.StatusBadRequest, 21604, "A 'To' phone number is required.")
		return
	case from == "" && f.Get("MessagingServiceSid") == "":
		apiError(w, http.StatusBadRequest, 21603, "A 'From' phone number is required.")
		return
	case f.Get("Body") == "" && len(f["MediaUrl"]) == 0 && f.Get("ContentSid") == "":
		apiError(w, http.StatusBadRequest, 21602, "Message body is required.")
		return
	case f.Get("ContentSid") != "" && !s.approved(f.Get("ContentSid")):
		apiError(w, http.StatusBadRequest, 63027, "Template does not exist or is not approved for this sender.")
		return
	case len([]rune(f.Get("Body"))) > 1600:
		apiError(w, http.StatusBadRequest, 21617, "The concatenated message body exceeds the 1600 character limit.")
		return
	case strings.HasPrefix(to, "whatsapp:") != strings.HasPrefix(from, "whatsapp:") && from != "":
		apiError(w, http.StatusBadRequest, 21910, "Invalid From and To pair. From and To should be of the same channel.")
		return
	case blocked:
		apiError(w, http.StatusBadRequest, 21610, "Attempt to send to unsubscribed recipient")
		return
	}
	m := &Sent{SID: NewSID("SM"), Form: f, StatusCallback: f.Get("StatusCallback")}
	for _, u := range f["MediaUrl"] {
		data, err := s.fetch(u)
		if err != nil {
			apiError(w, http.StatusBadRequest, 11200, "HTTP retrieval failure: "+err.Error())
			return
		}
		m.Media = append(m.Media, data)
		m.SID = strings.Replace(m.SID, "SM", "MM", 1)
	}
	switch s.faults.Next() {
	case Unavailable:
		apiError(w, http.StatusServiceUnavailable, 20500, "Service unavailable")
		return
	case RateLimited:
		w.Header().Set("Retry-After", "1")
		apiError(w, http.StatusTooManyRequests, 20429, "Too Many Requests")
		return
	case Slow:
		time.Sleep(s.SlowDelay)
	case Drop:
		s.record(m)
		fault.Drop(w)
		return
	}
	s.record(m)
	writeJSON(w, http.StatusCreated, map[string]any{"sid": m.SID, "account_sid": s.AccountSID, "to": to, "from": from,
		"body": f.Get("Body"), "status": "queued", "direction": "outbound-api", "num_media": fmt.Sprint(len(m.Media)),
		"num_segments": "1", "api_version": "2010-04-01", "date_created": time.Now().UTC().Format(time.RFC1123Z),
		"error_code": nil, "error_message": nil, "uri": "/2010-04-01/Accounts/" + s.AccountSID + "/Messages/" + m.SID + ".json"})
}

// approved reports whether a ContentSid names an approved template.
func (s *Server) approved(sid string) bool {
	for _, c := range s.Contents {
		if c["sid"] == sid {
			a, _ := c["approval_requests"].(map[string]string)
			return a["status"] == "approved"
		}
	}
	return false
}

func (s *Server) record(m *Sent) {
	s.mu.Lock()
	s.sent = append(s.sent, m)
	s.mu.Unlock()
	if s.OnSend != nil {
		go s.OnSend(m)
	}
}

// fetch GETs an outgoing MediaUrl as Twilio does: publicly, without credentials.
func (s *Server) fetch(u string) ([]byte, error) {
	res, err := s.Client.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %d", u, res.StatusCode)
	}
	return io.ReadAll(io.LimitReader(res.Body, 16<<20))
}

// AddMedia stores a customer's file and returns its MediaUrl. With flaky, its first fetch 404s.
func (s *Server) AddMedia(data []byte, contentType string, flaky bool) string {
	id := NewSID("ME")
	s.mu.Lock()
	m := &media{data: data, contentType: contentType}
	if !flaky {
		m.hits = 1
	}
	s.media[id] = m
	s.mu.Unlock()
	return s.BaseURL + "/2010-04-01/Accounts/" + s.AccountSID + "/Messages/" + NewSID("MM") + "/Media/" + id
}

// file serves a media file's bytes (the CDN behind the redirect).
func (s *Server) file(w http.ResponseWriter, _ *http.Request, id string) {
	s.mu.Lock()
	m, ok := s.media[id]
	first := ok && m.hits == 0
	if ok {
		m.hits++
	}
	s.mu.Unlock()
	if !ok || first {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", m.contentType)
	_, _ = w.Write(m.data)
}

func apiError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg, "more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code), "status": status})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Incoming builds the form of a customer's message to the business number. As Twilio does when
// such a message comes in, an SMS that is an opt-out keyword (the whole message, in any case)
// blocks sends to the customer from that number, and an opt-in keyword lifts the block; with
// AdvancedOptOut the form carries the keyword's OptOutType.
func (s *Server) Incoming(from, to, body string) url.Values {
	sid := NewSID("SM")
	v := url.Values{"MessageSid": {sid}, "SmsSid": {sid}, "SmsMessageSid": {sid}, "AccountSid": {s.AccountSID},
		"From": {from}, "To": {to}, "Body": {body}, "NumMedia": {"0"}, "NumSegments": {"1"}, "SmsStatus": {"received"}, "ApiVersion": {"2010-04-01"}}
	if strings.HasPrefix(from, "whatsapp:") {
		return v
	}
	word := strings.ToUpper(strings.TrimSpace(body))
	kind := defaultKeywords[word]
	if s.AdvancedOptOut != nil {
		if kind = s.AdvancedOptOut[word]; kind != "" {
			v.Set("OptOutType", kind)
		}
	}
	switch kind {
	case "STOP":
		s.OptOut(from, to)
	case "START":
		s.mu.Lock()
		delete(s.optedOut, optOutKey(from, to))
		s.mu.Unlock()
	}
	return v
}

// defaultKeywords are the words Twilio honours on SMS numbers without Advanced Opt-Out.
var defaultKeywords = map[string]string{"STOP": "STOP", "STOPALL": "STOP", "UNSUBSCRIBE": "STOP", "CANCEL": "STOP", "END": "STOP",
	"QUIT": "STOP", "START": "START", "YES": "START", "UNSTOP": "START", "HELP": "HELP", "INFO": "HELP"}

// OptOut blocks sends from a business number to a customer, as an opt-out keyword does: one
// Switchboard may never have heard (texted to another number of the business's, say).
func (s *Server) OptOut(customer, business string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.optedOut == nil {
		s.optedOut = map[string]bool{}
	}
	s.optedOut[optOutKey(customer, business)] = true
}

func optOutKey(customer, business string) string { return customer + " " + business }

// Status builds a status callback of a sent message.
func (s *Server) Status(m *Sent, status string) url.Values {
	v := url.Values{"MessageSid": {m.SID}, "SmsSid": {m.SID}, "MessageStatus": {status}, "SmsStatus": {status}, "AccountSid": {s.AccountSID},
		"From": {m.Form.Get("From")}, "To": {m.Form.Get("To")}, "ApiVersion": {"2010-04-01"}}
	if strings.HasPrefix(m.Form.Get("To"), "whatsapp:") {
		v.Set("ChannelPrefix", "whatsapp")
	}
	if status == "undelivered" || status == "failed" {
		v.Set("ErrorCode", "30006")
		v.Set("ErrorMessage", "Landline or unreachable carrier")
	}
	return v
}

// Failure builds a status callback reporting a message undelivered, with Twilio's error code
// and message.
func (s *Server) Failure(m *Sent, code int, message string) url.Values {
	v := s.Status(m, "undelivered")
	v.Set("ErrorCode", strconv.Itoa(code))
	v.Set("ErrorMessage", message)
	return v
}

// Post sends a signed form to a URL (the inbox's webhook, or a status callback) and returns the
// status Switchboard answered and its body.
func (s *Server) Post(target string, form url.Values) (int, string, error) {
	return s.PostSigned(target, form, tw.Sign(s.AuthToken, target, form))
}

// PostSigned sends a form with the signature given (to test forgeries).
func (s *Server) PostSigned(target string, form url.Values, signature string) (int, string, error) {
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	req.Header.Set("I-Twilio-Idempotency-Token", NewSID("ID"))
	if signature != "" {
		req.Header.Set(tw.SignatureHeader, signature)
	}
	res, err := s.Client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), nil
}
