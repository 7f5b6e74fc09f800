package channel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
)

var _ switchboard.CommentService = (*Worker)(nil)

// ModerateComment hides, unhides or deletes a comment under a post at the provider, for an
// agent who may (see CommentStore.CommentToModerate), then records it. The provider is called
// once; if it refuses, nothing is recorded and the agent is told why.
func (w *Worker) ModerateComment(ctx context.Context, messageID int64, action string) (*switchboard.Message, error) {
	m, err := w.Store.CommentToModerate(ctx, messageID, action)
	if err != nil {
		return nil, err
	}
	c, _ := w.Channels.For(m.Inbox)
	mod, ok := c.(Commenter)
	if !ok {
		return nil, switchboard.Errorf(switchboard.EINVALID, "This channel cannot moderate comments.")
	}
	err = mod.ModerateComment(ctx, m)
	RecordHealth(context.WithoutCancel(ctx), w.Store, w.Log, m.Inbox.ID, false, err)
	if err != nil {
		return nil, providerRefusal(err)
	}
	return w.Store.RecordModeration(context.WithoutCancel(ctx), messageID, action)
}

// providerRefusal turns a provider's failure into what the agent who asked is told.
func providerRefusal(err error) error {
	var se *switchboard.SendError
	if errors.As(err, &se) {
		code := switchboard.EUNAVAILABLE
		if !se.Retryable {
			code = switchboard.EINVALID
		}
		return &switchboard.Error{Code: code, Message: se.Reason}
	}
	return &switchboard.Error{Code: switchboard.EUNAVAILABLE, Message: "The provider could not be reached; try again."}
}

// PostThumbnail opens the picture of the post a comment conversation is under.
func (w *Worker) PostThumbnail(ctx context.Context, conversationID int64) (io.ReadCloser, string, error) {
	return w.Store.PostThumbnail(ctx, conversationID)
}

// FetchPost is the handler of JobFetchPost: what the post comments came under is, and its
// picture, downloaded into the file store (the provider's link expires). A picture that cannot
// be fetched leaves the header without one.
func (w *Worker) FetchPost(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.FetchPostArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.InboxID == 0 || a.PostID == "" {
		return jobs.Final(fmt.Errorf("bad post arguments %s", j.Args))
	}
	inbox, secrets, c, err := w.inboxConnector(ctx, a.InboxID)
	if inbox == nil {
		return err
	}
	cm, ok := c.(Commenter)
	if !ok {
		return nil
	}
	p, err := cm.FetchPost(ctx, inbox, secrets, a.PostID)
	if err != nil {
		return w.outcome(ctx, j, inbox.ID, false, err)
	}
	p.ID = a.PostID
	if f, ok := c.(MediaFetcher); ok && p.ThumbnailSource != "" {
		body, ct, err := f.FetchMedia(ctx, &switchboard.MediaFetch{Source: p.ThumbnailSource, Inbox: inbox, Secrets: secrets,
			Attachment: &switchboard.Attachment{Kind: "image"}, Limits: switchboard.MediaLimits{MaxBytes: 8 << 20, MaxCount: 1}})
		if err == nil {
			defer body.Close()
			return w.Store.SavePost(ctx, inbox.ID, p, body, ct)
		}
		w.Log.Warn("post picture not fetched", "inbox_id", inbox.ID, "post_id", a.PostID, "err", err)
	}
	return w.Store.SavePost(ctx, inbox.ID, p, nil, "")
}
