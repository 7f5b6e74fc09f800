package meta

import (
	"encoding/json"
	"time"
)

// Event is one messaging event: Customer and the other builders fill sender, recipient and
// timestamp.
type Event map[string]any

// Envelope wraps messaging events in the page webhook Meta POSTs (one entry per event, as Meta
// batches them). An event with a field is a change (a comment, see comments.go): it goes under
// the entry's changes, whose time Meta gives in seconds.
func (s *Server) Envelope(events ...Event) []byte {
	var entries []map[string]any
	for _, e := range events {
		if _, change := e["field"]; change {
			entries = append(entries, map[string]any{"id": s.business(), "time": s.now().Unix(), "changes": []Event{e}})
			continue
		}
		entries = append(entries, map[string]any{"id": s.business(), "time": s.now().UnixMilli(), "messaging": []Event{e}})
	}
	object := "page"
	if s.Instagram {
		object = "instagram"
	}
	b, _ := json.Marshal(map[string]any{"object": object, "entry": entries})
	return b
}

// from fills a customer's event and, when it opens the window (a message, a reaction, a
// postback), records it with the emulator at its timestamp.
func (s *Server) from(psid string, at time.Time, opens bool, e Event) Event {
	if at.IsZero() {
		at = s.now()
	}
	e["sender"] = map[string]any{"id": psid}
	e["recipient"] = map[string]any{"id": s.business()}
	e["timestamp"] = at.UnixMilli()
	s.mu.Lock()
	if last, ok := s.customers[psid]; opens && (!ok || at.After(last)) {
		s.customers[psid] = at
	} else if !ok {
		s.customers[psid] = time.Time{}
	}
	s.mu.Unlock()
	return e
}

// Text is a customer's text message; at zero is now.
func (s *Server) Text(psid, mid, text string, at time.Time) Event {
	return s.from(psid, at, true, Event{"message": map[string]any{"mid": mid, "text": text}})
}

// ReplyTo is a customer's text answering one message (by mid).
func (s *Server) ReplyTo(psid, mid, text, to string) Event {
	return s.from(psid, time.Time{}, true, Event{"message": map[string]any{"mid": mid, "text": text, "reply_to": map[string]any{"mid": to}}})
}

// File is a customer's attachment (type image, video, audio or file): the bytes are kept behind
// an expiring link, as Meta's CDN does.
func (s *Server) File(psid, mid, typ string, data []byte, contentType string) Event {
	url := s.AddMedia(data, contentType)
	return s.from(psid, time.Time{}, true, Event{"message": map[string]any{"mid": mid,
		"attachments": []map[string]any{{"type": typ, "payload": map[string]any{"url": url}}}}})
}

// QuickReply is a customer's tap on a quick reply the page offered.
func (s *Server) QuickReply(psid, mid, title, payload string) Event {
	return s.from(psid, time.Time{}, true, Event{"message": map[string]any{"mid": mid, "text": title,
		"quick_reply": map[string]any{"payload": payload}}})
}

// Postback is a customer's tap on a button (a persistent menu item, a template button).
func (s *Server) Postback(psid, mid, title, payload string) Event {
	return s.from(psid, time.Time{}, true, Event{"postback": map[string]any{"mid": mid, "title": title, "payload": payload}})
}

// Reaction is a customer reacting to a message (emoji "" unreacts).
func (s *Server) Reaction(psid, mid, emoji string) Event {
	r := map[string]any{"mid": mid, "action": "react", "reaction": "other", "emoji": emoji}
	if emoji == "" {
		r = map[string]any{"mid": mid, "action": "unreact"}
	} else if emoji == "\u2764\ufe0f" {
		r["reaction"] = "love"
	}
	return s.from(psid, time.Time{}, true, Event{"reaction": r})
}

// Edit is a customer editing their message (n-th edit).
func (s *Server) Edit(psid, mid, text string, n int) Event {
	return s.from(psid, time.Time{}, false, Event{"message_edit": map[string]any{"mid": mid, "text": text, "num_edit": n}})
}

// Delivered says everything sent to the customer before the watermark arrived; mids may be
// left out, as Meta often does.
func (s *Server) Delivered(psid string, watermark time.Time, mids ...string) Event {
	d := map[string]any{"watermark": watermark.UnixMilli()}
	if len(mids) > 0 {
		d["mids"] = mids
	}
	return s.from(psid, time.Time{}, false, Event{"delivery": d})
}

// Read says the customer read everything sent before the watermark.
func (s *Server) Read(psid string, watermark time.Time) Event {
	return s.from(psid, time.Time{}, false, Event{"read": map[string]any{"watermark": watermark.UnixMilli()}})
}

// Referral is a customer entering the thread from an ad or an m.me link (source ADS, SHORTLINK).
func (s *Server) Referral(psid, source, ref string) Event {
	return s.from(psid, time.Time{}, false, Event{"referral": map[string]any{"ref": ref, "source": source, "type": "OPEN_THREAD"}})
}

// ExternalEcho is a message the page sent from Meta's own apps (Business Suite), as its echo
// arrives: another app id, no metadata.
func (s *Server) ExternalEcho(psid, mid, text string) Event {
	return Event{"sender": map[string]any{"id": s.business()}, "recipient": map[string]any{"id": psid}, "timestamp": s.now().UnixMilli(),
		"message": map[string]any{"mid": mid, "text": text, "is_echo": true, "app_id": 263902037430900}}
}

// echoOf is the echo webhook of one of the page's sends through the API: this app's id, and the
// metadata the send carried.
func (s *Server) echoOf(m *Sent) []byte {
	msg := map[string]any{"mid": m.MID, "is_echo": true, "app_id": json.Number(s.AppID)}
	if sm, _ := m.Body["message"].(map[string]any); sm != nil {
		for _, k := range []string{"text", "metadata"} {
			if v, ok := sm[k]; ok {
				msg[k] = v
			}
		}
		if a, _ := sm["attachment"].(map[string]any); a != nil {
			msg["attachments"] = []map[string]any{{"type": a["type"], "payload": map[string]any{"url": s.BaseURL + "/cdn/sent"}}}
		}
	}
	return s.Envelope(Event{"sender": map[string]any{"id": s.business()}, "recipient": map[string]any{"id": m.To},
		"timestamp": m.At.UnixMilli(), "message": msg})
}
