package httpapi

import (
	"io"
	"net/http"

	"github.com/switchboardhq/switchboard"
)

func (s *Server) commentRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/messages/{id}/moderate", OperationID: "moderateComment", Tag: "messages",
			Summary: "Hide, show again or delete a comment under a post",
			Description: "On a comment of a conversation of kind comment (Instagram, Facebook Page): action hide or unhide (a customer's " +
				"comment) or delete (any comment, the business's own included). The provider is called at once; the thread records " +
				"a milestone. Only admins and the conversation's assignee; others answer 403.",
			Request: typeOf[moderationInput](), Response: typeOf[switchboard.Message](), handler: s.moderateComment},
		{Method: "GET", Path: "/api/v1/conversations/{id}/post/thumbnail", OperationID: "getPostThumbnail", Tag: "conversations",
			Summary:     "The picture of the post a comment conversation is under",
			Description: "Kept by Switchboard when the post was first met (the provider's own links expire); 404 when it has none.",
			handler:     s.getPostThumbnail},
	}
}

type moderationInput struct {
	Action string `json:"action"` // hide, unhide or delete
}

func (s *Server) moderateComment(w http.ResponseWriter, r *http.Request) error {
	if s.Comments == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not moderate comments.")
	}
	id, err := pathID(r, "id", "Message")
	if err != nil {
		return err
	}
	var in moderationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.Comments.ModerateComment(r.Context(), id, in.Action)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (s *Server) getPostThumbnail(w http.ResponseWriter, r *http.Request) error {
	if s.Comments == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server keeps no files.")
	}
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	f, ct, err := s.Comments.PostThumbnail(r.Context(), id)
	if err != nil {
		return err
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", ct)
	inert(h)
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, f)
	return nil
}
