package meta

import (
	"time"
)

// The hosts of Instagram's messaging API: Instagram Login's, and the Facebook Graph API for an
// account linked to a Page.
const (
	InstagramHost = "graph.instagram.com"
	FacebookHost  = "graph.facebook.com"
)

// NewInstagram returns the emulator of an Instagram professional account. With pageID "" it is
// the Instagram Login host (the account's own id in the send path, an Instagram user token);
// else the Facebook Page-linked variant (the page's id or me in the path, the page's token).
// Either way webhooks are of object "instagram" and name the account.
func NewInstagram(igID, pageID, token, appSecret string) *Server {
	s := New(igID, token, appSecret)
	s.Instagram, s.AccountID = true, igID
	if pageID != "" {
		s.PageID = pageID
	}
	return s
}

// Host is which of Meta's hosts this server stands for.
func (s *Server) Host() string {
	if s.Instagram && s.PageID == s.AccountID {
		return InstagramHost
	}
	return FacebookHost
}

// business is the id webhooks name the business by: the page, or the Instagram account.
func (s *Server) business() string {
	if s.AccountID != "" {
		return s.AccountID
	}
	return s.PageID
}

// StoryReply is a customer answering the account's story; the story's media is kept behind an
// expiring link, as Meta's CDN does (stories last 24 hours).
func (s *Server) StoryReply(igsid, mid, text string, story []byte, contentType string) Event {
	url := s.AddMedia(story, contentType)
	return s.from(igsid, time.Time{}, true, Event{"message": map[string]any{"mid": mid, "text": text,
		"reply_to": map[string]any{"story": map[string]any{"url": url, "id": "1789" + mid}}}})
}

// StoryMention is a customer mentioning the account in their story (the story's media linked).
func (s *Server) StoryMention(igsid, mid string, story []byte, contentType string) Event {
	url := s.AddMedia(story, contentType)
	return s.from(igsid, time.Time{}, true, Event{"message": map[string]any{"mid": mid,
		"attachments": []map[string]any{{"type": "story_mention", "payload": map[string]any{"url": url}}}}})
}

// Share is a customer sharing a post or a reel (typ share, ig_post, ig_reel or reel) by its link.
func (s *Server) Share(igsid, mid, typ, link, title string) Event {
	p := map[string]any{"url": link}
	if title != "" {
		p["title"] = title
	}
	return s.from(igsid, time.Time{}, true, Event{"message": map[string]any{"mid": mid,
		"attachments": []map[string]any{{"type": typ, "payload": p}}}})
}

// Unsend is a customer unsending (deleting) one of their messages.
func (s *Server) Unsend(igsid, mid string) Event {
	return s.from(igsid, time.Time{}, false, Event{"message": map[string]any{"mid": mid, "is_deleted": true}})
}

// Unsupported is a message whose content the API does not give (some stickers, GIFs).
func (s *Server) Unsupported(igsid, mid string) Event {
	return s.from(igsid, time.Time{}, true, Event{"message": map[string]any{"mid": mid, "is_unsupported": true}})
}

// Seen is Instagram's read receipt: the customer saw one message (by mid).
func (s *Server) Seen(igsid, mid string) Event {
	return s.from(igsid, time.Time{}, false, Event{"read": map[string]any{"mid": mid}})
}
