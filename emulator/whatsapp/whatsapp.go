// Package whatsapp is a local stand-in for Meta's WhatsApp Cloud API, for tests and demo mode.
// It serves the Graph endpoints Switchboard calls (send, media upload and download, templates)
// with their real request checks, answers and error codes, and plays the customer's side: it
// POSTs signed webhooks (messages, statuses, reactions) to the inbox's callback URL, can deliver
// the same webhook twice or statuses out of order, and injects faults on request (5xx, 429 with
// Retry-After, slow answers, answers dropped after the message was taken).
package whatsapp

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	wa "github.com/switchboardhq/switchboard/channel/whatsapp"
	"github.com/switchboardhq/switchboard/emulator/internal/fault"
)

// Fault is a failure the next calls to the send endpoint answer with.
type Fault int

// The faults.
const (
	// Unavailable answers 500 with code 131000 without taking the message.
	Unavailable Fault = iota + 1
	// RateLimited answers 429 with code 130429 and Retry-After: 1.
	RateLimited
	// Drop takes the message, then closes the connection without answering.
	Drop
	// Slow takes the message and answers only after SlowDelay: past a client's timeout, the
	// sender cannot know it went out.
	Slow
	// WindowClosed answers code 131047 whatever the window.
	WindowClosed
	// BadToken answers 401 with code 190.
	BadToken
	// Hang takes the message and never answers, until the client goes away: the send is in
	// flight for as long as the test wants (to kill the sender mid-send, say).
	Hang
)

// Sent is a message the business sent through the emulator, as its body arrived.
type Sent struct {
	ID       string         // the wamid given
	To       string         // wa_id
	Type     string         // text, image, template, reaction, …
	Body     map[string]any // the JSON body as sent
	Callback string         // biz_opaque_callback_data
}

// Server is the emulated Cloud API of one business number.
type Server struct {
	PhoneNumberID     string
	BusinessAccountID string
	Token             string // the access token the API accepts
	AppSecret         string // signs webhooks
	// WebhookURL is the inbox's callback URL the customer side POSTs to.
	WebhookURL string
	// BaseURL is where this server is reached, for the media URLs it hands out.
	BaseURL string
	Client  *http.Client
	// Templates are what GET message_templates lists, in Graph's shape.
	Templates []map[string]any
	// SlowDelay is how long a Slow fault holds its answer (default 0: set it with the fault).
	SlowDelay time.Duration
	// OnSend, when set, hears of every message the business sends (in its own goroutine): demo
	// mode's customers answer from it.
	OnSend func(*Sent)

	faults      fault.Queue[Fault]
	mu          sync.Mutex
	sent        []*Sent
	reads       []string             // wamids marked read
	media       map[string]*media    // uploaded or customer files, by media id
	lastInbound map[string]time.Time // by wa_id: opens the 24-hour window
	seq         int
}

type media struct {
	data        []byte
	contentType string
}

// New returns an emulator with a default template.
func New(phoneNumberID, token, appSecret string) *Server {
	return &Server{PhoneNumberID: phoneNumberID, BusinessAccountID: "1000" + phoneNumberID, Token: token, AppSecret: appSecret,
		Client: &http.Client{Timeout: 30 * time.Second}, media: map[string]*media{}, lastInbound: map[string]time.Time{},
		Templates: []map[string]any{{"name": "order_update", "language": "en_US", "category": "UTILITY", "status": "APPROVED", "id": "5001",
			"components": []map[string]any{{"type": "BODY", "text": "Hello {{1}}, your order {{2}} is on its way."}}},
			{"name": "welcome_back", "language": "en_US", "category": "MARKETING", "status": "PENDING", "id": "5002",
				"components": []map[string]any{{"type": "BODY", "text": "We miss you!"}}}}}
}

// Inject makes the next calls to the send endpoint fail, one fault each.
func (s *Server) Inject(f ...Fault) { s.faults.Inject(f...) }

// Sent returns what the business sent so far.
func (s *Server) Sent() []*Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Sent(nil), s.sent...)
}

// Reads returns the wamids the business marked read.
func (s *Server) Reads() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reads...)
}

func (s *Server) id(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s%d.%s", prefix, s.seq, base64.RawURLEncoding.EncodeToString(b))
}

// ServeHTTP implements the Graph endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) >= 2 && parts[0] == "download" {
		s.download(w, r, parts[1])
		return
	}
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "v") {
		graphError(w, http.StatusNotFound, 100, "Unknown path")
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		graphError(w, http.StatusUnauthorized, 190, "Invalid OAuth access token")
		return
	}
	switch {
	case len(parts) == 3 && parts[1] == s.PhoneNumberID && parts[2] == "messages" && r.Method == http.MethodPost:
		s.messages(w, r)
	case len(parts) == 3 && parts[1] == s.PhoneNumberID && parts[2] == "media" && r.Method == http.MethodPost:
		s.upload(w, r)
	case len(parts) == 3 && parts[1] == s.BusinessAccountID && parts[2] == "message_templates" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"data": s.Templates, "paging": map[string]any{}})
	case len(parts) == 2 && r.Method == http.MethodGet:
		s.mediaInfo(w, parts[1])
	default:
		graphError(w, http.StatusBadRequest, 100, "Unsupported request")
	}
}

// messages is POST /{ver}/{phone-number-id}/messages: sends, reactions and read receipts.
func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	raw, _ := io.ReadAll(r.Body)
	if json.Unmarshal(raw, &body) != nil || body["messaging_product"] != "whatsapp" {
		graphError(w, http.StatusBadRequest, 100, "messaging_product must be whatsapp")
		return
	}
	if body["status"] == "read" {
		id, _ := body["message_id"].(string)
		if id == "" {
			graphError(w, http.StatusBadRequest, 131009, "message_id is required")
			return
		}
		s.mu.Lock()
		s.reads = append(s.reads, id)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"success": true})
		return
	}
	to, _ := body["to"].(string)
	typ, _ := body["type"].(string)
	if to == "" || typ == "" {
		graphError(w, http.StatusBadRequest, 131008, "to and type are required")
		return
	}
	if msg := checkType(typ, body); msg != "" {
		graphError(w, http.StatusBadRequest, 131009, msg)
		return
	}
	switch s.faults.Next() {
	case Unavailable:
		graphError(w, http.StatusInternalServerError, 131000, "Something went wrong")
		return
	case RateLimited:
		w.Header().Set("Retry-After", "1")
		graphError(w, http.StatusTooManyRequests, 130429, "Rate limit hit")
		return
	case WindowClosed:
		graphError(w, http.StatusBadRequest, 131047, "Re-engagement message")
		return
	case BadToken:
		graphError(w, http.StatusUnauthorized, 190, "Invalid OAuth access token")
		return
	case Slow:
		time.Sleep(s.SlowDelay)
	case Drop:
		s.accept(to, typ, body)
		fault.Drop(w)
		return
	case Hang:
		s.accept(to, typ, body)
		<-r.Context().Done()
		return
	}
	s.mu.Lock()
	last, wrote := s.lastInbound[to]
	s.mu.Unlock()
	if typ != "template" && typ != "reaction" && (!wrote || time.Since(last) > wa.Window) {
		graphError(w, http.StatusBadRequest, 131047, "Re-engagement message: more than 24 hours have passed since the customer last replied")
		return
	}
	m := s.accept(to, typ, body)
	writeJSON(w, http.StatusOK, map[string]any{"messaging_product": "whatsapp", "contacts": []map[string]any{{"input": to, "wa_id": to}},
		"messages": []map[string]any{{"id": m.ID, "message_status": "accepted"}}})
}

func (s *Server) accept(to, typ string, body map[string]any) *Sent {
	cb, _ := body["biz_opaque_callback_data"].(string)
	m := &Sent{ID: s.id("wamid.OUT"), To: to, Type: typ, Body: body, Callback: cb}
	s.mu.Lock()
	s.sent = append(s.sent, m)
	s.mu.Unlock()
	if s.OnSend != nil {
		go s.OnSend(m)
	}
	return m
}

// checkType applies the send API's per-type rules (§2): exactly one of link or id on media, no
// caption on audio or stickers, a filename only on documents.
func checkType(typ string, body map[string]any) string {
	obj, _ := body[typ].(map[string]any)
	if obj == nil {
		return typ + " object is required"
	}
	switch typ {
	case "text":
		if b, _ := obj["body"].(string); b == "" || len([]rune(b)) > 4096 {
			return "text.body must have 1 to 4096 characters"
		}
	case "image", "audio", "video", "document", "sticker":
		_, link := obj["link"]
		_, id := obj["id"]
		if link == id {
			return "give exactly one of link and id"
		}
		if _, c := obj["caption"]; c && (typ == "audio" || typ == "sticker") {
			return typ + " takes no caption"
		}
		if _, f := obj["filename"]; f && typ != "document" {
			return "only documents have a filename"
		}
	case "reaction":
		if id, _ := obj["message_id"].(string); id == "" {
			return "reaction.message_id is required"
		}
	case "template":
		if n, _ := obj["name"].(string); n == "" {
			return "template.name is required"
		}
		if lang, _ := obj["language"].(map[string]any); lang == nil || lang["code"] == "" {
			return "template.language.code is required"
		}
	case "location":
		lat, ok1 := obj["latitude"].(float64)
		lon, ok2 := obj["longitude"].(float64)
		if !ok1 || !ok2 || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			return "location.latitude and location.longitude are required numbers"
		}
	case "interactive":
		return checkInteractive(obj)
	case "contacts":
	default:
		return "unknown type " + typ
	}
	return ""
}

// checkInteractive applies the interactive message's rules (§2): a body text; reply buttons
// (1 to 3, each of type reply with an id of at most 256 characters and a title of at most 20,
// ids and titles unique), or a list (a button text of at most 20 characters, sections whose rows,
// 1 to 10 in all, have unique ids of at most 200 characters and titles of at most 24).
func checkInteractive(obj map[string]any) string {
	body, _ := obj["body"].(map[string]any)
	if t, _ := body["text"].(string); t == "" || len([]rune(t)) > 1024 {
		return "interactive.body.text must have 1 to 1024 characters"
	}
	action, _ := obj["action"].(map[string]any)
	if action == nil {
		return "interactive.action is required"
	}
	ids, titles := map[string]bool{}, map[string]bool{}
	unique := func(id, title string, maxID, maxTitle int) string {
		if id == "" || len(id) > maxID || ids[id] {
			return fmt.Sprintf("each id must be unique, 1 to %d characters", maxID)
		}
		if title == "" || len([]rune(title)) > maxTitle || titles[title] {
			return fmt.Sprintf("each title must be unique, 1 to %d characters", maxTitle)
		}
		ids[id], titles[title] = true, true
		return ""
	}
	switch obj["type"] {
	case "button":
		buttons, _ := action["buttons"].([]any)
		if len(buttons) == 0 || len(buttons) > 3 {
			return "interactive.action.buttons must have 1 to 3 buttons"
		}
		for _, b := range buttons {
			bm, _ := b.(map[string]any)
			reply, _ := bm["reply"].(map[string]any)
			if bm["type"] != "reply" || reply == nil {
				return "each button is {type: reply, reply: {id, title}}"
			}
			id, _ := reply["id"].(string)
			title, _ := reply["title"].(string)
			if why := unique(id, title, 256, 20); why != "" {
				return "button: " + why
			}
		}
	case "list":
		if b, _ := action["button"].(string); b == "" || len([]rune(b)) > 20 {
			return "interactive.action.button must have 1 to 20 characters"
		}
		sections, _ := action["sections"].([]any)
		rows := 0
		for _, sec := range sections {
			sm, _ := sec.(map[string]any)
			list, _ := sm["rows"].([]any)
			for _, r := range list {
				rm, _ := r.(map[string]any)
				id, _ := rm["id"].(string)
				title, _ := rm["title"].(string)
				if why := unique(id, title, 200, 24); why != "" {
					return "row: " + why
				}
				rows++
			}
		}
		if len(sections) == 0 || rows == 0 || rows > 10 {
			return "interactive.action.sections must have 1 to 10 rows in all"
		}
	default:
		return "interactive.type must be button or list"
	}
	return ""
}

// ButtonReply is the customer's tap on a reply button, as a message of Customer's webhook.
func ButtonReply(wamid, id, title string) map[string]any {
	return map[string]any{"id": wamid, "type": "interactive",
		"interactive": map[string]any{"type": "button_reply", "button_reply": map[string]any{"id": id, "title": title}}}
}

// ListReply is the customer's choice of a list row, as a message of Customer's webhook.
func ListReply(wamid, id, title string) map[string]any {
	return map[string]any{"id": wamid, "type": "interactive",
		"interactive": map[string]any{"type": "list_reply", "list_reply": map[string]any{"id": id, "title": title, "description": ""}}}
}

// upload is POST /{ver}/{phone-number-id}/media (multipart: messaging_product, type, file).
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(110 << 20); err != nil || r.FormValue("messaging_product") != "whatsapp" {
		graphError(w, http.StatusBadRequest, 100, "multipart form with messaging_product=whatsapp, type and file is required")
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		graphError(w, http.StatusBadRequest, 100, "file is required")
		return
	}
	data, _ := io.ReadAll(f)
	if why := uploadRefusal(r.FormValue("type"), data); why != "" {
		graphError(w, http.StatusBadRequest, 131053, why)
		return
	}
	id := s.AddMedia(data, r.FormValue("type"))
	writeJSON(w, http.StatusOK, map[string]any{"id": id})
}

// AddMedia stores a file (a customer's, or an upload) and returns its media id.
func (s *Server) AddMedia(data []byte, contentType string) string {
	id := strconv.FormatInt(time.Now().UnixNano(), 10)
	s.mu.Lock()
	s.media[id] = &media{data: data, contentType: contentType}
	s.mu.Unlock()
	return id
}

// Media returns an uploaded file.
func (s *Server) Media(id string) ([]byte, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.media[id]
	if !ok {
		return nil, "", false
	}
	return m.data, m.contentType, true
}

// mediaInfo is GET /{ver}/{media-id}: where to download the file.
func (s *Server) mediaInfo(w http.ResponseWriter, id string) {
	s.mu.Lock()
	m, ok := s.media[id]
	s.mu.Unlock()
	if !ok {
		graphError(w, http.StatusNotFound, 100, "Unsupported get request: no media "+id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"messaging_product": "whatsapp", "url": s.BaseURL + "/download/" + id,
		"mime_type": m.contentType, "sha256": sha256Hex(m.data), "file_size": strconv.Itoa(len(m.data)), "id": id})
}

// download serves a file's bytes, to the bearer of the token only.
func (s *Server) download(w http.ResponseWriter, r *http.Request, id string) {
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	m, ok := s.media[id]
	s.mu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", m.contentType)
	_, _ = w.Write(m.data)
}

func graphError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": fmt.Sprintf("(#%d) %s", code, msg), "type": "OAuthException",
		"code": code, "error_data": map[string]any{"messaging_product": "whatsapp", "details": msg}, "fbtrace_id": "AEmulated"}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Envelope wraps change values in the webhook envelope Meta POSTs.
func (s *Server) Envelope(field string, value map[string]any) []byte {
	value["messaging_product"] = "whatsapp"
	value["metadata"] = map[string]any{"display_phone_number": "15550001111", "phone_number_id": s.PhoneNumberID}
	b, _ := json.Marshal(map[string]any{"object": "whatsapp_business_account",
		"entry": []map[string]any{{"id": s.BusinessAccountID, "changes": []map[string]any{{"field": field, "value": value}}}}})
	return b
}

// Customer builds the webhook of a customer's messages: each message needs from, id, type and
// its type's object; timestamp is filled in. It opens the customer's window with the emulator.
func (s *Server) Customer(name, waID string, messages ...map[string]any) []byte {
	now := time.Now()
	for _, m := range messages {
		if m["from"] == nil {
			m["from"] = waID
		}
		if m["timestamp"] == nil {
			m["timestamp"] = strconv.FormatInt(now.Unix(), 10)
		}
	}
	s.mu.Lock()
	s.lastInbound[waID] = now
	s.mu.Unlock()
	return s.Envelope("messages", map[string]any{"contacts": []map[string]any{{"profile": map[string]any{"name": name}, "wa_id": waID}},
		"messages": messages})
}

// Statuses builds the webhook of delivery statuses of sent messages, echoing their callback data.
// A failed one says the recipient is not on WhatsApp (131026); Failed gives another error.
func (s *Server) Statuses(status string, sent ...*Sent) []byte {
	var e *StatusError
	if status == "failed" {
		e = &StatusError{Code: 131026, Title: "Message undeliverable", Details: "The recipient is not on WhatsApp."}
	}
	return s.statuses(status, e, sent)
}

func (s *Server) statuses(status string, e *StatusError, sent []*Sent) []byte {
	var list []map[string]any
	for _, m := range sent {
		st := map[string]any{"id": m.ID, "status": status, "timestamp": strconv.FormatInt(time.Now().Unix(), 10), "recipient_id": m.To,
			"pricing": map[string]any{"billable": true, "pricing_model": "PMP", "category": "service", "type": "free_customer_service"}}
		if m.Callback != "" {
			st["biz_opaque_callback_data"] = m.Callback
		}
		if e != nil {
			st["errors"] = statusErrors(e)
		}
		list = append(list, st)
	}
	return s.Envelope("messages", map[string]any{"statuses": list})
}

// Deliver POSTs a webhook body to the inbox, signed with the app secret, and returns the status
// Switchboard answered.
func (s *Server) Deliver(body []byte) (int, error) {
	return s.DeliverSigned(body, wa.Sign(s.AppSecret, body))
}

// DeliverSigned POSTs a webhook body with the signature given (to test forgeries).
func (s *Server) DeliverSigned(body []byte, signature string) (int, error) {
	req, err := http.NewRequest(http.MethodPost, s.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "facebookexternalua")
	if signature != "" {
		req.Header.Set(wa.SignatureHeader, signature)
	}
	res, err := s.Client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
