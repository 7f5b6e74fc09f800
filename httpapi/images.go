package httpapi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/imageproxy"
)

// getMessageImage serves a remote image of a message's HTML, fetched by the server: the thread's
// Show images loads every http: and https: image through it, so a sender's tracker never sees
// the agent's address, cookies or browser, and http: images show on an https: page. Only an
// image the message (one the agent may see) shows is fetched, and only a picture is passed on.
func (s *Server) getMessageImage(w http.ResponseWriter, r *http.Request) error {
	if s.Images == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not fetch remote images.")
	}
	id, err := pathID(r, "id", "Message")
	if err != nil {
		return err
	}
	q := newQuery(r)
	src := q.str("url")
	q.val.Check(src != "", "url", "Required.")
	if err := q.err(); err != nil {
		return err
	}
	m, err := s.Messages.FindMessageByID(r.Context(), id)
	if err != nil {
		return err
	}
	if !imageproxy.Listed(m.HTML, src) {
		return switchboard.Errorf(switchboard.ENOTFOUND, "The message shows no image at that address.")
	}
	img, err := s.Images.Fetch(r.Context(), src)
	switch {
	case errors.Is(err, imageproxy.ErrAddress):
		return invalid("Only http and https images are fetched.", map[string]string{"url": "Use the address of an http or https image."})
	case errors.Is(err, imageproxy.ErrNotImage):
		return invalid("The address does not serve an image.", map[string]string{"url": "Only PNG, JPEG, GIF, WebP, AVIF, BMP and icon images are shown."})
	case errors.Is(err, imageproxy.ErrTooLarge):
		return switchboard.Errorf(switchboard.ETOOLARGE, "The image is larger than %d MB.", imageproxy.DefaultMaxBytes>>20)
	case errors.Is(err, imageproxy.ErrNotFound):
		return switchboard.Errorf(switchboard.ENOTFOUND, "The image's server has no image at that address.")
	case err != nil:
		s.logger().Info("remote image not fetched", "message_id", id, "err", err)
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "The image's server did not answer with it.")
	}
	h := w.Header()
	h.Set("Content-Type", img.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(img.Data)))
	h.Set("Content-Disposition", "inline")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Referrer-Policy", "no-referrer")
	inert(h)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(img.Data)
	return nil
}
