package meta

// Comments under the business's posts (shared/channels/messenger-instagram.md §8): posts with
// their pictures (GET /{ver}/{media-id}, in the host's shape), the customers' side (webhook
// changes for comments, replies, live and ad comments, a Page's edited and removed comments, the
// business's own comments), and the business's calls: public replies (POST
// /{comment-id}/replies on Instagram, /{comment-id}/comments on a Page, echoed by the webhook of
// the new comment), hiding (hide on Instagram, is_hidden on a Page), deleting, and private
// replies through the Send API (recipient.comment_id: once per comment, within 7 days).

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// PrivateReplyWindow is how long after a comment Meta takes its private reply.
const PrivateReplyWindow = 7 * 24 * time.Hour

// The kinds of Sent for the comment calls.
const (
	SentPublicReply  = "public_reply"
	SentPrivateReply = "private_reply"
	SentHide         = "hide"
	SentUnhide       = "unhide"
	SentDelete       = "delete"
)

// The names the business goes by in its own comments.
const (
	businessUsername = "emulated.shop"
	businessName     = "Emulated Page"
)

type feed struct {
	posts    map[string]*post
	comments map[string]*CommentState
}

type post struct {
	id, kind, caption string
	picture           []byte
	contentType       string
	at                time.Time
	ended             bool // a live whose broadcast ended
}

// CommentState is a comment as the emulator knows it.
type CommentState struct {
	ID     string
	PostID string
	// ParentID is the comment it answers, "" for a comment on the post itself.
	ParentID string
	From     string // the commenter's id: a customer's, or the business's own
	Name     string // their username (Instagram) or name (a Page)
	Text     string
	At       time.Time
	Business bool // the business's own comment
	Live     bool // under a live broadcast (live_comments)
	Hidden   bool
	Deleted  bool
	// Replies are the ids of the business's public replies to it, oldest first.
	Replies []string
	// PrivateReply is the mid of its private reply, "" while it has none.
	PrivateReply string
}

// feedLocked is the server's posts and comments; s.mu is held.
func (s *Server) feedLocked() *feed {
	if s.feed == nil {
		s.feed = &feed{posts: map[string]*post{}, comments: map[string]*CommentState{}}
	}
	return s.feed
}

// AddPost publishes a post (a Page's post, or an Instagram media of kind FEED, REELS, STORY, AD
// or LIVE) with its picture (nil: none), which GET /{ver}/{id} describes with links to the
// picture that expire like customers' files.
func (s *Server) AddPost(id, kind, caption string, picture []byte, contentType string) {
	s.mu.Lock()
	s.feedLocked().posts[id] = &post{id: id, kind: kind, caption: caption, picture: picture, contentType: contentType, at: s.now()}
	s.mu.Unlock()
}

// EndLive ends a live broadcast: its comments take no private reply any more.
func (s *Server) EndLive(mediaID string) {
	s.mu.Lock()
	if p := s.feedLocked().posts[mediaID]; p != nil {
		p.ended = true
	}
	s.mu.Unlock()
}

// Comment returns what the emulator knows of a comment.
func (s *Server) Comment(id string) (CommentState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.feedLocked().comments[id]
	if !ok {
		return CommentState{}, false
	}
	cp := *c
	cp.Replies = append([]string(nil), c.Replies...)
	return cp, true
}

// CustomerComment is a customer (from, with their username or name) commenting on a post.
func (s *Server) CustomerComment(from, name, id, postID, text string) Event {
	return s.comment(&CommentState{ID: id, PostID: postID, From: from, Name: name, Text: text}, "", "")
}

// CustomerReply is a customer answering a comment (by id) under its post.
func (s *Server) CustomerReply(from, name, id, parentID, text string) Event {
	parent, _ := s.Comment(parentID)
	return s.comment(&CommentState{ID: id, PostID: parent.PostID, ParentID: parentID, From: from, Name: name, Text: text}, "", "")
}

// BusinessComment is the business commenting from Meta's own apps: answering a comment (by
// id), or on a post itself when parentID names a post.
func (s *Server) BusinessComment(id, parentID, text string) Event {
	c := &CommentState{ID: id, PostID: parentID, From: s.business(), Name: s.businessName(), Text: text, Business: true}
	if parent, ok := s.Comment(parentID); ok {
		c.PostID, c.ParentID = parent.PostID, parentID
	}
	return s.comment(c, "", "")
}

// LiveComment is a customer commenting during the account's live broadcast (Instagram's
// live_comments, whose media names no product type).
func (s *Server) LiveComment(from, name, id, mediaID, text string) Event {
	return s.comment(&CommentState{ID: id, PostID: mediaID, From: from, Name: name, Text: text, Live: true}, "", "")
}

// AdComment is a customer commenting on an ad (Instagram: the media names the ad's id and title).
func (s *Server) AdComment(from, name, id, mediaID, adID, adTitle, text string) Event {
	return s.comment(&CommentState{ID: id, PostID: mediaID, From: from, Name: name, Text: text}, adID, adTitle)
}

// CommentEdit is a customer editing their comment under a Page's post (feed, verb edited).
func (s *Server) CommentEdit(id, text string) Event {
	s.mu.Lock()
	c := s.feedLocked().comments[id]
	if c != nil {
		c.Text = text
	}
	s.mu.Unlock()
	return s.feedChange("edited", id, text)
}

// CommentRemove is a customer deleting their comment under a Page's post (feed, verb remove).
func (s *Server) CommentRemove(id string) Event {
	s.mu.Lock()
	if c := s.feedLocked().comments[id]; c != nil {
		c.Deleted = true
	}
	s.mu.Unlock()
	return s.feedChange("remove", id, "")
}

func (s *Server) businessName() string {
	if s.Instagram {
		return businessUsername
	}
	return businessName
}

// comment records a new comment, now, and returns its webhook change. A customer who comments
// becomes known to the Send API without opening the 24-hour window.
func (s *Server) comment(c *CommentState, adID, adTitle string) Event {
	c.At = s.now()
	s.mu.Lock()
	f := s.feedLocked()
	f.comments[c.ID] = c
	kind := ""
	if p := f.posts[c.PostID]; p != nil {
		kind = p.kind
	}
	if _, ok := s.customers[c.From]; !ok && !c.Business {
		s.customers[c.From] = time.Time{}
	}
	s.mu.Unlock()
	return s.changeOf(c, kind, adID, adTitle)
}

// changeOf is the webhook change of a new comment, in the shape of the server's object.
func (s *Server) changeOf(c *CommentState, kind, adID, adTitle string) Event {
	if !s.Instagram {
		parent := c.ParentID
		if parent == "" {
			parent = c.PostID
		}
		return Event{"field": "feed", "value": map[string]any{"item": "comment", "verb": "add", "comment_id": c.ID, "post_id": c.PostID,
			"parent_id": parent, "from": map[string]any{"id": c.From, "name": c.Name}, "message": c.Text, "created_time": c.At.Unix()}}
	}
	media := map[string]any{"id": c.PostID}
	switch {
	case c.Live:
	case adID != "":
		media["media_product_type"] = firstOf(kind, "AD")
		media["ad_id"], media["ad_title"] = adID, adTitle
	default:
		media["media_product_type"] = firstOf(kind, "FEED")
	}
	v := map[string]any{"id": c.ID, "from": map[string]any{"id": c.From, "username": c.Name}, "text": c.Text, "media": media}
	if c.ParentID != "" {
		v["parent_id"] = c.ParentID
	}
	field := "comments"
	if c.Live {
		field = "live_comments"
	}
	return Event{"field": field, "value": v}
}

// feedChange is a Page's feed change about an existing comment (edited, remove).
func (s *Server) feedChange(verb, id, text string) Event {
	s.mu.Lock()
	c := s.feedLocked().comments[id]
	var cp CommentState
	if c != nil {
		cp = *c
	}
	s.mu.Unlock()
	v := map[string]any{"item": "comment", "verb": verb, "comment_id": id, "post_id": cp.PostID, "parent_id": firstOf(cp.ParentID, cp.PostID),
		"from": map[string]any{"id": cp.From, "name": cp.Name}, "created_time": s.now().Unix()}
	if verb == "edited" {
		v["message"] = text
	}
	return Event{"field": "feed", "value": v}
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// serveComments answers the Graph calls on posts and comments, and says whether it did.
func (s *Server) serveComments(w http.ResponseWriter, r *http.Request, parts []string) bool {
	id := parts[1]
	s.mu.Lock()
	f := s.feedLocked()
	p, c := f.posts[id], f.comments[id]
	s.mu.Unlock()
	switch {
	case len(parts) == 2 && r.Method == http.MethodGet && p != nil:
		s.servePost(w, r, p)
	case len(parts) == 2 && (r.Method == http.MethodPost || r.Method == http.MethodDelete) && c != nil:
		s.moderate(w, r, id)
	case len(parts) == 3 && r.Method == http.MethodPost && (parts[2] == "replies" || parts[2] == "comments"):
		s.publicReply(w, r, id, parts[2])
	default:
		return false
	}
	return true
}

// params are a call's parameters: its form (or query), or its JSON body.
func params(r *http.Request) map[string]string {
	out := map[string]string{}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/json" {
		var m map[string]any
		raw, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(raw, &m)
		for k, v := range m {
			out[k] = fmt.Sprint(v)
		}
	} else if r.ParseForm() == nil {
		for k := range r.Form {
			out[k] = r.Form.Get(k)
		}
	}
	return out
}

func asBody(p map[string]string) map[string]any {
	b := map[string]any{}
	for k, v := range p {
		b[k] = v
	}
	return b
}

func notFound(w http.ResponseWriter, id string) {
	GraphError(w, http.StatusBadRequest, 100, 33, "Unsupported post request. Object with ID '"+id+"' does not exist, cannot be loaded due to missing permissions, or does not support this operation")
}

// publicReply is POST /{comment-id}/replies (Instagram) or /{comment-id}/comments (a Page) with
// message: the business's comment under the post, whose webhook Meta sends too. Instagram
// threads one level: a reply to a reply goes under the top-level comment; it takes none to a
// hidden comment, nor under a live.
func (s *Server) publicReply(w http.ResponseWriter, r *http.Request, id, edge string) {
	if want := map[bool]string{true: "replies", false: "comments"}[s.Instagram]; edge != want {
		GraphError(w, http.StatusBadRequest, 100, 0, fmt.Sprintf("(#100) Tried accessing nonexisting field (%s) on node type (Comment): use %s", edge, want))
		return
	}
	p := params(r)
	text := p["message"]
	if strings.TrimSpace(text) == "" {
		GraphError(w, http.StatusBadRequest, 100, 0, "(#100) The parameter message is required")
		return
	}
	c, ok := s.Comment(id)
	switch {
	case !ok || c.Deleted:
		notFound(w, id)
		return
	case s.Instagram && c.Hidden:
		GraphError(w, http.StatusBadRequest, 100, 0, "(#100) A hidden comment cannot be replied to")
		return
	case s.Instagram && c.Live:
		GraphError(w, http.StatusBadRequest, 100, 0, "(#100) Comments on a live video cannot be replied to: send a private reply")
		return
	}
	if s.injected(w) {
		return
	}
	parent := id
	if s.Instagram && c.ParentID != "" {
		parent = c.ParentID
	}
	reply := &CommentState{ID: s.commentID(c.PostID), PostID: c.PostID, ParentID: parent, From: s.business(), Name: s.businessName(),
		Text: text, At: s.now(), Business: true}
	s.mu.Lock()
	f := s.feedLocked()
	f.comments[reply.ID] = reply
	if orig := f.comments[id]; orig != nil {
		orig.Replies = append(orig.Replies, reply.ID)
	}
	kind := ""
	if post := f.posts[c.PostID]; post != nil {
		kind = post.kind
	}
	s.mu.Unlock()
	s.record(&Sent{Kind: SentPublicReply, Path: r.URL.Path, MID: reply.ID, To: c.From, Body: asBody(p), At: reply.At})
	s.answerEchoed(w, map[string]any{"id": reply.ID}, s.Envelope(s.changeOf(reply, kind, "", "")))
}

// commentID is a new comment's id: Instagram's are numbers, a Page's the post's id and a number.
func (s *Server) commentID(postID string) string {
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()
	if s.Instagram {
		return fmt.Sprintf("1790000%09d", n)
	}
	post := postID
	if _, after, ok := strings.Cut(postID, "_"); ok {
		post = after
	}
	return fmt.Sprintf("%s_%d", post, 900000+n)
}

// moderate is POST /{comment-id} with hide (Instagram) or is_hidden (a Page) true or false, and
// DELETE /{comment-id}.
func (s *Server) moderate(w http.ResponseWriter, r *http.Request, id string) {
	p, kind := map[string]string{}, SentDelete
	if r.Method == http.MethodPost {
		name := map[bool]string{true: "hide", false: "is_hidden"}[s.Instagram]
		p = params(r)
		switch p[name] {
		case "true":
			kind = SentHide
		case "false":
			kind = SentUnhide
		default:
			GraphError(w, http.StatusBadRequest, 100, 0, "(#100) Give the parameter "+name+" as true or false")
			return
		}
	}
	if c, _ := s.Comment(id); c.Deleted {
		notFound(w, id)
		return
	}
	if s.injected(w) {
		return
	}
	s.mu.Lock()
	c := s.feedLocked().comments[id]
	if kind == SentDelete {
		c.Deleted = true
	} else {
		c.Hidden = kind == SentHide
	}
	to := c.From
	s.mu.Unlock()
	s.record(&Sent{Kind: kind, Path: r.URL.Path, MID: id, To: to, Body: asBody(p), At: s.now()})
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

// privateReply is the Send API's message to a commenter, recipient.comment_id: text (no tag),
// once per comment (10900), within 7 days of it, or while its live lasts (10903, as for a
// comment unknown, deleted, or the business's own). It does not open the 24-hour window; its
// echo is a message echo like any send's.
func (s *Server) privateReply(w http.ResponseWriter, r *http.Request, body map[string]any, commentID string) {
	msg, _ := body["message"].(map[string]any)
	why := "message is required"
	if msg != nil {
		why = checkMessage(msg)
	}
	if t, _ := msg["text"].(string); why == "" && s.Instagram && len(t) > 1000 {
		why = "Instagram takes text of at most 1000 bytes"
	}
	if _, tagged := body["tag"]; why == "" && tagged {
		why = "a private reply takes no tag"
	}
	if why != "" {
		GraphError(w, http.StatusBadRequest, 100, 0, "Invalid parameter: "+why)
		return
	}
	if s.injected(w) {
		return
	}
	mid := s.id("m_")
	s.mu.Lock()
	f := s.feedLocked()
	c := f.comments[commentID]
	closed := c == nil || c.Deleted || c.Business || s.now().Sub(c.At) > PrivateReplyWindow
	if !closed && c.Live {
		p := f.posts[c.PostID]
		closed = p != nil && p.ended
	}
	switch {
	case closed:
		s.mu.Unlock()
		GraphError(w, http.StatusBadRequest, 10903, 0, "This activity can't be replied to")
		return
	case c.PrivateReply != "":
		s.mu.Unlock()
		GraphError(w, http.StatusBadRequest, 10900, 0, "Activity already replied to")
		return
	}
	c.PrivateReply = mid
	to := c.From
	s.mu.Unlock()
	m := &Sent{Kind: SentPrivateReply, Path: r.URL.Path, MID: mid, To: to, Body: body, At: s.now()}
	s.record(m)
	s.answerEchoed(w, map[string]any{"recipient_id": to, "message_id": mid}, s.echoOf(m))
}

// servePost is GET /{media-id}: an Instagram media, or a Page's post, with the fields asked for
// (all when none are) and fresh links to its picture.
func (s *Server) servePost(w http.ResponseWriter, r *http.Request, p *post) {
	var v map[string]any
	picture := ""
	if p.picture != nil {
		picture = s.AddMedia(p.picture, p.contentType)
	}
	stamp := p.at.UTC().Format("2006-01-02T15:04:05-0700")
	if s.Instagram {
		v = map[string]any{"id": p.id, "caption": p.caption, "media_type": "IMAGE", "media_product_type": p.kind,
			"permalink": "https://www.instagram.com/p/" + url.PathEscape(p.id) + "/", "timestamp": stamp}
		if picture != "" {
			v["media_url"] = picture
		}
		if p.kind == "REELS" || p.kind == "LIVE" {
			v["media_type"] = "VIDEO"
			v["media_url"] = s.AddMedia([]byte("emulated video"), "video/mp4")
			if picture != "" {
				v["thumbnail_url"] = picture
			}
		}
	} else {
		v = map[string]any{"id": p.id, "message": p.caption, "permalink_url": "https://www.facebook.com/" + url.PathEscape(p.id), "created_time": stamp}
		if picture != "" {
			v["full_picture"] = picture
		}
	}
	if fields := r.URL.Query().Get("fields"); fields != "" {
		keep := map[string]bool{"id": true}
		for _, f := range strings.Split(fields, ",") {
			keep[strings.TrimSpace(f)] = true
		}
		for k := range v {
			if !keep[k] {
				delete(v, k)
			}
		}
	}
	writeJSON(w, http.StatusOK, v)
}
