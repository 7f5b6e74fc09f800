// Package meta is a local stand-in for Meta's Graph API as the Messenger Platform uses it, for
// tests and demo mode. It serves the Send API (POST /{ver}/{PAGE_ID}/messages and /me/messages)
// with its checks and error answers (token, recipient, the 24-hour window and the HUMAN_AGENT tag's
// 7 days, rate limits), attachment uploads, GET /me, and files behind expiring links; and it plays
// the customers' side, POSTing signed page webhooks: messages, attachments, quick replies,
// postbacks, reactions, edits, deliveries and reads by watermark, referrals, and echoes of the
// page's sends (before or after the send's answer). A Server made by NewInstagram is an Instagram
// professional account instead (instagram.go): webhooks of object "instagram" and Instagram's
// send rules, on the Instagram Login host or the Facebook Page-linked one. Either plays comments
// under the business's posts too (comments.go).
package meta

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/emulator/internal/fault"
)

// Fault is a failure the next calls to the send endpoint (and to the comment calls: public
// replies, hiding and deleting) answer with.
type Fault int

// The faults.
const (
	// RateLimited answers code 613 (calls to this API exceeded the rate limit).
	RateLimited Fault = iota + 1
	// AppRateLimited answers code 4 (the app's rate limit).
	AppRateLimited
	// Unavailable answers 500 with code 2 (temporary) without taking the message.
	Unavailable
	// BadToken answers code 190.
	BadToken
	// Unavailable person: code 551, subcode 1545041.
	PersonUnavailable
	// AlreadyReplied answers code 10900 (a private reply was already sent to that comment).
	AlreadyReplied
	// CannotReply answers code 10903 (that comment cannot be replied to).
	CannotReply
)

// The windows Meta enforces on the Send API.
const (
	Window      = 24 * time.Hour
	HumanWindow = 7 * 24 * time.Hour
)

// Sent is a message (or sender action) the page sent through the emulator, or one of its calls
// on comments (Kind).
type Sent struct {
	// Kind is "" for the Send API's messages and sender actions, else one of the comment calls:
	// SentPrivateReply (a message too), SentPublicReply, SentHide, SentUnhide, SentDelete.
	Kind string
	// Path is the request's path, for the comment calls.
	Path string
	// MID is the message's id; for a comment call, the comment's (a public reply's own).
	MID           string
	To            string // PSID
	MessagingType string
	Tag           string
	Action        string         // sender_action, when the call carried one
	Body          map[string]any // the JSON body as sent
	At            time.Time
}

// Text is what the sent message (or public reply) says, "" for another kind.
func (s *Sent) Text() string {
	if t, ok := s.Body["message"].(string); ok {
		return t
	}
	m, _ := s.Body["message"].(map[string]any)
	t, _ := m["text"].(string)
	return t
}

// Server is the emulated Graph API of one Facebook Page.
type Server struct {
	PageID    string
	AppID     string
	Token     string // the page access token the API accepts
	AppSecret string // signs webhooks
	// WebhookURL is the inbox's callback URL the customer side POSTs to.
	WebhookURL string
	// BaseURL is where this server is reached, for the file links it hands out.
	BaseURL string
	Client  *http.Client
	// Now is the emulator's clock (time.Now when nil): tests move it with the server's.
	Now func() time.Time
	// EchoFirst delivers the echo of a send before answering the send (Meta's race); else the
	// echo follows the answer. NoEcho sends none.
	EchoFirst, NoEcho bool
	// MediaTTL is how long a customer's file link works (an hour by default).
	MediaTTL time.Duration
	// OnSend, when set, hears of every message the page sends and every answer to a comment,
	// public or private (in its own goroutine); not of hiding or deleting comments.
	OnSend func(*Sent)
	// Instagram makes this an Instagram account's API (see NewInstagram): AccountID names the
	// business in webhooks, PageID in the API's paths.
	Instagram bool
	AccountID string

	faults    fault.Queue[Fault]
	mu        sync.Mutex
	sent      []*Sent
	customers map[string]time.Time // PSID → the customer's last message, reaction or postback
	names     map[string][2]string // PSID → first and last name, for the User Profile API
	pictures  map[string]*media    // PSID → profile picture, for the User Profile API
	media     map[string]*media
	uploads   map[string]*media // attachment_id → uploaded file
	echoes    []int             // statuses Switchboard answered the echoes with
	seq       int
	feed      *feed      // posts and comments (comments.go)
	oauth     oauthState // the sign-ins' codes, tokens and webhook subscriptions (oauth.go)
}

type media struct {
	data        []byte
	contentType string
	expires     time.Time
}

// New returns the emulator of a page.
func New(pageID, token, appSecret string) *Server {
	return &Server{PageID: pageID, AppID: "1234567890", Token: token, AppSecret: appSecret,
		Client: &http.Client{Timeout: 30 * time.Second}, customers: map[string]time.Time{}, names: map[string][2]string{}, pictures: map[string]*media{}, media: map[string]*media{}, uploads: map[string]*media{}}
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Inject makes the next calls to the send endpoint and the comment calls fail, one fault each.
func (s *Server) Inject(f ...Fault) { s.faults.Inject(f...) }

// Sent returns what the page sent so far (messages and sender actions) and its calls on comments.
func (s *Server) Sent() []*Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Sent(nil), s.sent...)
}

// fetchURL downloads the file a message names by payload.url, as Meta does, without credentials,
// and keeps it (see Upload); it says why it could not, "" when it could or there is none.
func (s *Server) fetchURL(msg map[string]any) string {
	a, _ := msg["attachment"].(map[string]any)
	p, _ := a["payload"].(map[string]any)
	u, _ := p["url"].(string)
	if u == "" {
		return ""
	}
	res, err := s.Client.Get(u)
	if err != nil {
		return "the file's URL could not be reached"
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(res.Body, 25<<20))
	if res.StatusCode != http.StatusOK {
		return fmt.Sprintf("the file's URL answered %d", res.StatusCode)
	}
	s.mu.Lock()
	s.uploads[u] = &media{data: data, contentType: res.Header.Get("Content-Type")}
	s.mu.Unlock()
	return ""
}

// Upload returns a file the page uploaded, by attachment id, or fetched, by its URL.
func (s *Server) Upload(id string) ([]byte, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.uploads[id]
	if !ok {
		return nil, "", false
	}
	return m.data, m.contentType, true
}

func (s *Server) id(prefix string) string {
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s%d_%s", prefix, n, base64.RawURLEncoding.EncodeToString(b))
}

// ServeHTTP implements the Graph endpoints and the file links.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) == 2 && parts[0] == "cdn" {
		s.download(w, r, parts[1])
		return
	}
	if s.serveOAuth(w, r, parts) {
		return
	}
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "v") {
		GraphError(w, http.StatusNotFound, 100, 0, "Unknown path")
		return
	}
	token := r.URL.Query().Get("access_token")
	if b, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		token = b
	}
	if !s.accepts(token) {
		GraphError(w, http.StatusBadRequest, 190, 0, "Invalid OAuth access token - Cannot parse access token")
		return
	}
	if s.serveComments(w, r, parts) {
		return
	}
	page := parts[1] == s.PageID || parts[1] == "me"
	switch {
	case len(parts) == 2 && page && r.Method == http.MethodGet:
		if s.Host() == InstagramHost { // Instagram Login's /me: an app-scoped id, the account as user_id
			writeJSON(w, http.StatusOK, map[string]any{"id": "27" + s.AccountID, "user_id": s.AccountID, "username": "emulated.shop"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": s.PageID, "name": "Emulated Page"})
	case len(parts) == 2 && r.Method == http.MethodGet:
		s.profile(w, parts[1])
	case len(parts) == 3 && page && parts[2] == "messages" && r.Method == http.MethodPost:
		s.messages(w, r)
	case len(parts) == 3 && page && parts[2] == "message_attachments" && r.Method == http.MethodPost:
		s.upload(w, r)
	default:
		GraphError(w, http.StatusBadRequest, 100, 33, "Unsupported request - method type or path")
	}
}

// SetName gives a customer the name the User Profile API answers for them.
func (s *Server) SetName(psid, first, last string) {
	s.mu.Lock()
	s.names[psid] = [2]string{first, last}
	s.mu.Unlock()
}

// SetPicture gives a customer the profile picture the User Profile API links to (behind a link
// that expires after MediaTTL, as Meta's CDN does).
func (s *Server) SetPicture(psid string, data []byte, contentType string) {
	s.mu.Lock()
	s.pictures[psid] = &media{data: data, contentType: contentType}
	s.mu.Unlock()
}

// Name is the name SetName gave a customer ("" if none).
func (s *Server) Name(psid string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.names[psid]
	if !ok {
		return ""
	}
	return strings.TrimSpace(n[0] + " " + n[1])
}

// profile is the User Profile API, GET /{PSID}: the names of a customer who wrote to the page
// (Instagram's: name and username), and their picture's expiring link.
func (s *Server) profile(w http.ResponseWriter, psid string) {
	s.mu.Lock()
	_, known := s.customers[psid]
	n := s.names[psid]
	pic := s.pictures[psid]
	s.mu.Unlock()
	if !known {
		GraphError(w, http.StatusBadRequest, 100, 33, "Unsupported get request. Object with ID '"+psid+"' does not exist")
		return
	}
	p := map[string]any{"id": psid, "first_name": n[0], "last_name": n[1]}
	if s.Instagram {
		p = map[string]any{"id": psid, "name": strings.TrimSpace(n[0] + " " + n[1]), "username": strings.ToLower(n[0])}
	}
	if pic != nil {
		p["profile_pic"] = s.AddMedia(pic.data, pic.contentType)
	}
	writeJSON(w, http.StatusOK, p)
}

// messages is the Send API: a message or a sender action to one customer.
func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	raw, _ := io.ReadAll(r.Body)
	if json.Unmarshal(raw, &body) != nil {
		GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: the body is not JSON")
		return
	}
	rcpt, _ := body["recipient"].(map[string]any)
	if comment, _ := rcpt["comment_id"].(string); comment != "" {
		s.privateReply(w, r, body, comment)
		return
	}
	to, _ := rcpt["id"].(string)
	msg, hasMsg := body["message"].(map[string]any)
	action, _ := body["sender_action"].(string)
	if hasMsg == (action != "") {
		GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: give exactly one of message and sender_action")
		return
	}
	s.mu.Lock()
	last, known := s.customers[to]
	s.mu.Unlock()
	if to == "" || !known {
		GraphError(w, http.StatusBadRequest, 100, 2018001, "No matching user found")
		return
	}
	if action != "" {
		switch action {
		case "mark_seen", "typing_on", "typing_off", "react", "unreact":
		default:
			GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: sender_action")
			return
		}
		s.record(&Sent{To: to, Action: action, Body: body, At: s.now()})
		writeJSON(w, http.StatusOK, map[string]any{"recipient_id": to})
		return
	}
	why := checkMessage(msg)
	if t, _ := msg["text"].(string); why == "" && s.Instagram && len(t) > 1000 {
		why = "Instagram takes text of at most 1000 bytes"
	}
	if why != "" {
		GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: "+why)
		return
	}
	typ, _ := body["messaging_type"].(string)
	tag, _ := body["tag"].(string)
	switch typ {
	case "RESPONSE", "UPDATE", "":
		if s.now().Sub(last) > Window {
			GraphError(w, http.StatusBadRequest, 10, 2018278, "(#10) This message is sent outside of allowed window.")
			return
		}
	case "MESSAGE_TAG":
		if tag != "HUMAN_AGENT" {
			GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: this emulator takes the HUMAN_AGENT tag only")
			return
		}
		if s.now().Sub(last) > HumanWindow {
			GraphError(w, http.StatusBadRequest, 10, 2018278, "(#10) This message is sent outside of allowed window.")
			return
		}
	default:
		GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: messaging_type")
		return
	}
	if s.injected(w) {
		return
	}
	if why := s.fetchURL(msg); why != "" {
		GraphError(w, http.StatusBadRequest, 100, 2018047, "Upload attachment failure: "+why)
		return
	}
	m := &Sent{MID: s.id("m_"), To: to, MessagingType: typ, Tag: tag, Body: body, At: s.now()}
	s.record(m)
	answer := map[string]any{"recipient_id": to, "message_id": m.MID}
	if a, _ := msg["attachment"].(map[string]any); a != nil {
		if p, _ := a["payload"].(map[string]any); p != nil && p["attachment_id"] != nil {
			answer["attachment_id"] = p["attachment_id"]
		}
	}
	s.answerEchoed(w, answer, s.echoOf(m))
}

// injected answers the next injected fault, if any, and says whether it did.
func (s *Server) injected(w http.ResponseWriter) bool {
	switch s.faults.Next() {
	case RateLimited:
		GraphError(w, http.StatusBadRequest, 613, 0, "Calls to this api have exceeded the rate limit.")
	case AppRateLimited:
		GraphError(w, http.StatusBadRequest, 4, 0, "Application request limit reached")
	case Unavailable:
		GraphError(w, http.StatusInternalServerError, 2, 0, "An unexpected error has occurred. Please retry your request later.")
	case BadToken:
		GraphError(w, http.StatusBadRequest, 190, 460, "Error validating access token: the session has been invalidated")
	case PersonUnavailable:
		GraphError(w, http.StatusBadRequest, 551, 1545041, "This person isn't available right now.")
	case AlreadyReplied:
		GraphError(w, http.StatusBadRequest, 10900, 0, "Activity already replied to")
	case CannotReply:
		GraphError(w, http.StatusBadRequest, 10903, 0, "This activity can't be replied to")
	default:
		return false
	}
	return true
}

// answerEchoed answers a call that Meta echoes by webhook (a send's echo, a public reply's
// comment): the webhook goes before the answer with EchoFirst (Meta's race), else after it;
// never with NoEcho.
func (s *Server) answerEchoed(w http.ResponseWriter, answer any, hook []byte) {
	if s.EchoFirst && !s.NoEcho {
		s.deliverEcho(hook)
	}
	writeJSON(w, http.StatusOK, answer)
	if !s.EchoFirst && !s.NoEcho {
		go s.deliverEcho(hook)
	}
}

func (s *Server) record(m *Sent) {
	s.mu.Lock()
	s.sent = append(s.sent, m)
	s.mu.Unlock()
	if s.OnSend != nil && (m.Kind == "" || m.Kind == SentPrivateReply || m.Kind == SentPublicReply) {
		go s.OnSend(m)
	}
}

func (s *Server) deliverEcho(body []byte) {
	status, _ := s.Deliver(body)
	s.mu.Lock()
	s.echoes = append(s.echoes, status)
	s.mu.Unlock()
}

// Echoes returns the statuses Switchboard answered the echoes of sends with, in order.
func (s *Server) Echoes() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.echoes...)
}

// checkMessage applies the Send API's rules on a message: text under 2000 characters, or one
// attachment given by url or attachment_id, with optional quick replies.
func checkMessage(m map[string]any) string {
	text, hasText := m["text"].(string)
	att, hasAtt := m["attachment"].(map[string]any)
	if hasText == hasAtt {
		return "give exactly one of message.text and message.attachment"
	}
	if hasText && (text == "" || len([]rune(text)) >= 2000) {
		return "message.text must have 1 to 1999 characters"
	}
	if hasAtt {
		switch att["type"] {
		case "image", "audio", "video", "file", "template":
		default:
			return "message.attachment.type"
		}
		p, _ := att["payload"].(map[string]any)
		_, url := p["url"]
		_, id := p["attachment_id"]
		if att["type"] != "template" && url == id {
			return "give exactly one of payload.url and payload.attachment_id"
		}
	}
	if md, _ := m["metadata"].(string); len(md) >= 1000 {
		return "message.metadata must be under 1000 characters"
	}
	return ""
}

// upload is POST /{PAGE_ID}/message_attachments: multipart with message (JSON naming the type)
// and filedata.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(30 << 20); err != nil {
		GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: multipart form with message and filedata is required")
		return
	}
	var msg struct {
		Attachment struct {
			Type string `json:"type"`
		} `json:"attachment"`
	}
	if json.Unmarshal([]byte(r.FormValue("message")), &msg) != nil || msg.Attachment.Type == "" {
		GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: message.attachment.type")
		return
	}
	if s.Instagram && r.FormValue("platform") != "instagram" {
		GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: platform must be instagram for an Instagram account's attachment")
		return
	}
	f, h, err := r.FormFile("filedata")
	if err != nil {
		GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: filedata")
		return
	}
	data, _ := io.ReadAll(f)
	if len(data) > 25<<20 {
		GraphError(w, http.StatusBadRequest, 100, 2018047, "Upload attachment failure: the file is larger than 25 MB")
		return
	}
	id := strconv.FormatInt(time.Now().UnixNano(), 10)
	s.mu.Lock()
	s.uploads[id] = &media{data: data, contentType: h.Header.Get("Content-Type")}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"attachment_id": id})
}

// AddMedia keeps a customer's file and returns the signed link a webhook gives for it, which
// works for MediaTTL.
func (s *Server) AddMedia(data []byte, contentType string) string {
	id := s.id("f")
	ttl := s.MediaTTL
	if ttl == 0 {
		ttl = time.Hour
	}
	s.mu.Lock()
	s.media[id] = &media{data: data, contentType: contentType, expires: s.now().Add(ttl)}
	s.mu.Unlock()
	return s.BaseURL + "/cdn/" + id + "?_nc_oe=" + strconv.FormatInt(s.now().Add(ttl).Unix(), 16)
}

// download serves a customer's file without credentials, until its link expires.
func (s *Server) download(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	m, ok := s.media[id]
	s.mu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if !s.now().Before(m.expires) {
		http.Error(w, "URL signature expired", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", m.contentType)
	_, _ = w.Write(m.data)
}

// GraphError answers a Graph API error in Meta's envelope.
func GraphError(w http.ResponseWriter, status, code, subcode int, msg string) {
	e := map[string]any{"message": msg, "type": "OAuthException", "code": code, "fbtrace_id": "AEmulated"}
	if subcode != 0 {
		e["error_subcode"] = subcode
	}
	writeJSON(w, status, map[string]any{"error": e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Deliver POSTs a webhook body to the inbox with both of Meta's signatures, and returns the
// status Switchboard answered.
func (s *Server) Deliver(body []byte) (int, error) {
	s256, s1 := messenger.Sign(s.AppSecret, body)
	return s.DeliverSigned(body, s256, s1)
}

// DeliverSigned POSTs a webhook body with the signatures given ("" leaves a header out).
func (s *Server) DeliverSigned(body []byte, sha256Sig, sha1Sig string) (int, error) {
	req, err := http.NewRequest(http.MethodPost, s.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "facebookexternalua")
	if sha256Sig != "" {
		req.Header.Set(messenger.SignatureHeader, sha256Sig)
	}
	if sha1Sig != "" {
		req.Header.Set(messenger.LegacySignatureHeader, sha1Sig)
	}
	res, err := s.Client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

// Handshake performs Meta's subscription check against the webhook URL: it GETs it with the
// verify token and a challenge and returns the status and body answered.
func (s *Server) Handshake(verifyToken, challenge string) (int, string, error) {
	res, err := s.Client.Get(s.WebhookURL + "?hub.mode=subscribe&hub.verify_token=" + verifyToken + "&hub.challenge=" + challenge)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), nil
}
