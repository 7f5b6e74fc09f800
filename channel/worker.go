package channel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
)

// Store is what the channel machinery needs of the store.
type Store interface {
	switchboard.ChannelService
	switchboard.TemplateService
	switchboard.CommentStore
	ChannelInbox(ctx context.Context, id int64) (*switchboard.Inbox, map[string]string, error)
}

// Worker receives provider webhooks and runs the channel jobs (media downloads, reactions,
// read receipts, template syncs) with the inbox's connector.
type Worker struct {
	Store    Store
	Channels *Registry
	Log      *slog.Logger
	// Client downloads the files integrations link (see switchboard.LinkedURL); nil is
	// http.DefaultClient.
	Client *http.Client
}

var _ switchboard.ProviderWebhookService = (*Worker)(nil)

// HandleProviderWebhook verifies and parses a provider's request with the inbox's connector and
// records it in one transaction; the provider gets its 2xx only after the commit, so a webhook
// acknowledged is never lost, and its retry finds everything already there.
func (w *Worker) HandleProviderWebhook(ctx context.Context, inboxID int64, req *switchboard.ProviderRequest) (*switchboard.ProviderResponse, error) {
	inbox, secrets, err := w.Store.ChannelInbox(switchboard.NewSystemContext(ctx), inboxID)
	if err != nil {
		return nil, err
	}
	reader, ok := w.Channels.WebhookReader(inbox)
	if !ok {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "%s inboxes take no provider webhooks.", inbox.Kind)
	}
	batch, res, err := reader.ReadWebhook(inbox, secrets, req)
	if err != nil {
		if switchboard.ErrorCode(err) == switchboard.EUNAUTHORIZED || switchboard.ErrorCode(err) == switchboard.EFORBIDDEN {
			w.Log.Warn("provider webhook refused", "inbox_id", inboxID, "reason", switchboard.ErrorMessage(err))
		}
		return nil, err
	}
	if batch != nil {
		batch.InboxID = inboxID
		w.Channels.ReadConsent(inbox, batch)
		if _, err := w.Store.ReceiveBatch(switchboard.NewContextWithInbox(ctx, inboxID), batch); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// FetchMedia is the handler of JobFetchMedia.
func (w *Worker) FetchMedia(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.FetchMediaArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.AttachmentID == 0 {
		return jobs.Final(fmt.Errorf("bad media fetch arguments %s", j.Args))
	}
	f, err := w.Store.MediaToFetch(ctx, a.AttachmentID)
	if code := switchboard.ErrorCode(err); code == switchboard.ENOTFOUND || code == switchboard.ECONFLICT {
		return nil // deleted, or fetched by an earlier attempt
	} else if err != nil {
		return err
	}
	var fetcher MediaFetcher = linkFetcher{w.Client}
	if _, linked := switchboard.LinkedURL(f.Source); !linked {
		c, _ := w.Channels.For(f.Inbox)
		var ok bool
		if fetcher, ok = c.(MediaFetcher); !ok {
			return w.failMedia(ctx, j, a.AttachmentID, &switchboard.SendError{Code: "unsupported", Reason: "This channel cannot fetch files."})
		}
	}
	body, contentType, err := fetcher.FetchMedia(ctx, f)
	if err != nil {
		return w.failMedia(ctx, j, a.AttachmentID, err)
	}
	defer body.Close()
	err = w.Store.StoreFetchedMedia(ctx, a.AttachmentID, contentType, body)
	if switchboard.ErrorCode(err) == switchboard.ECONFLICT {
		return nil
	}
	if code := switchboard.ErrorCode(err); code == switchboard.EINVALID || code == switchboard.ETOOLARGE {
		return w.failMedia(ctx, j, a.AttachmentID, &switchboard.SendError{Code: code, Reason: switchboard.ErrorMessage(err)})
	}
	if err != nil && j.Attempt >= j.MaxAttempts {
		return w.failMedia(ctx, j, a.AttachmentID, err)
	}
	return err
}

// failMedia records a final failure, or lets a retryable one be retried.
func (w *Worker) failMedia(ctx context.Context, j *switchboard.Job, attachmentID int64, err error) error {
	var se *switchboard.SendError
	if !errors.As(err, &se) {
		se = &switchboard.SendError{Code: "error", Reason: "The file could not be downloaded.", Retryable: true, Err: err}
	}
	if se.Retryable && j.Attempt < j.MaxAttempts {
		return se // the runner honours its RetryAfter
	}
	if ferr := w.Store.FailMediaFetch(ctx, attachmentID, se.Reason); ferr != nil {
		return ferr
	}
	return jobs.Final(se)
}

// SendReaction is the handler of JobSendReaction.
func (w *Worker) SendReaction(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.SendReactionArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.ReactionID == 0 {
		return jobs.Final(fmt.Errorf("bad reaction arguments %s", j.Args))
	}
	r, err := w.Store.ReactionFor(ctx, a.ReactionID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	c, _ := w.Channels.For(r.Inbox)
	reactor, ok := c.(Reactor)
	if !ok {
		return nil
	}
	return w.outcome(ctx, j, r.Inbox.ID, true, reactor.React(ctx, r))
}

// MarkRead is the handler of JobMarkRead.
func (w *Worker) MarkRead(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.MarkReadArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.MessageID == 0 {
		return jobs.Final(fmt.Errorf("bad read receipt arguments %s", j.Args))
	}
	r, err := w.Store.ReceiptFor(ctx, a.MessageID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	c, _ := w.Channels.For(r.Inbox)
	marker, ok := c.(ReadMarker)
	if !ok {
		return nil
	}
	return w.outcome(ctx, j, r.Inbox.ID, true, marker.MarkRead(ctx, r))
}

// inboxConnector loads an inbox of a job with its secrets and connector; a nil inbox (and nil
// error) when it was deleted.
func (w *Worker) inboxConnector(ctx context.Context, inboxID int64) (*switchboard.Inbox, map[string]string, Connector, error) {
	inbox, secrets, err := w.Store.ChannelInbox(ctx, inboxID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, nil, nil, nil
	} else if err != nil {
		return nil, nil, nil, err
	}
	c, _ := w.Channels.For(inbox)
	return inbox, secrets, c, nil
}

// SyncTemplates is the handler of JobSyncTemplates.
func (w *Worker) SyncTemplates(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.SyncTemplatesArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.InboxID == 0 {
		return jobs.Final(fmt.Errorf("bad template sync arguments %s", j.Args))
	}
	inbox, secrets, c, err := w.inboxConnector(ctx, a.InboxID)
	if inbox == nil {
		return err // an inbox deleted meanwhile has nothing left to do
	}
	src, ok := c.(TemplateSource)
	if !ok {
		return nil
	}
	ts, err := src.FetchTemplates(ctx, inbox, secrets)
	if err != nil {
		return w.outcome(ctx, j, inbox.ID, false, err)
	}
	if err := w.Store.ReplaceTemplates(ctx, inbox.ID, ts); err != nil {
		return err
	}
	return w.outcome(ctx, j, inbox.ID, false, nil)
}

// CheckCredentials is the handler of JobCheckCredentials: the answer goes to the inbox's health.
func (w *Worker) CheckCredentials(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.CheckCredentialsArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.InboxID == 0 {
		return jobs.Final(fmt.Errorf("bad credentials check arguments %s", j.Args))
	}
	inbox, secrets, c, err := w.inboxConnector(ctx, a.InboxID)
	if inbox == nil {
		return err // an inbox deleted meanwhile has nothing left to do
	}
	checker, ok := c.(CredentialChecker)
	if !ok {
		return nil
	}
	report, err := checker.CheckCredentials(ctx, inbox, secrets)
	if err == nil && report != nil {
		if err := w.Store.RecordConnectionReport(ctx, inbox.ID, report); err != nil {
			return err
		}
	}
	return w.outcome(ctx, j, inbox.ID, false, err)
}

// RefreshToken is the handler of JobRefreshToken: the connector renews the token it obtained,
// and the store keeps the new one with its next refresh. A failure shows in the inbox's health.
func (w *Worker) RefreshToken(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.RefreshTokenArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.InboxID == 0 {
		return jobs.Final(fmt.Errorf("bad token refresh arguments %s", j.Args))
	}
	inbox, secrets, c, err := w.inboxConnector(ctx, a.InboxID)
	if inbox == nil {
		return err // an inbox deleted meanwhile has nothing left to do
	}
	r, ok := c.(TokenRefresher)
	if !ok {
		return nil
	}
	t, err := r.RefreshToken(ctx, inbox, secrets)
	if err != nil || t == nil { // nil: the token in use does not expire (the settings changed)
		return w.outcome(ctx, j, inbox.ID, false, err)
	}
	return w.Store.KeepIssuedToken(ctx, inbox.ID, t)
}

// FetchProfile is the handler of JobFetchProfile: the provider's name for a new customer.
func (w *Worker) FetchProfile(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.FetchProfileArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.InboxID == 0 || a.ContactID == 0 {
		return jobs.Final(fmt.Errorf("bad profile arguments %s", j.Args))
	}
	inbox, secrets, c, err := w.inboxConnector(ctx, a.InboxID)
	if inbox == nil {
		return err // an inbox deleted meanwhile has nothing left to do
	}
	f, ok := c.(ProfileFetcher)
	if !ok {
		return nil
	}
	p, err := f.FetchProfile(ctx, inbox, secrets, a.ExternalID)
	if err != nil {
		// Without the permission, or for a customer Meta will not describe, the name stays.
		var se *switchboard.SendError
		if errors.As(err, &se) && !se.Retryable {
			return jobs.Final(se)
		}
		return err
	}
	if p.Name != "" {
		if err := w.Store.NameContact(ctx, a.ContactID, a.Placeholder, p.Name); err != nil {
			return err
		}
	}
	if p.Picture == "" {
		return nil
	}
	return w.keepPicture(ctx, inbox, secrets, c, a.ContactID, p.Picture)
}

// keepPicture downloads a customer's picture while its link works and keeps it as the
// contact's avatar. A picture that cannot be had is left out: the name is what matters, and the
// job (which asked the name already) is not repeated for it.
func (w *Worker) keepPicture(ctx context.Context, inbox *switchboard.Inbox, secrets map[string]string, c Connector, contactID int64, source string) error {
	fetcher, ok := c.(MediaFetcher)
	if !ok {
		return nil
	}
	body, contentType, err := fetcher.FetchMedia(ctx, &switchboard.MediaFetch{Inbox: inbox, Secrets: secrets, Source: source,
		Limits: switchboard.MediaLimits{MaxBytes: PictureMaxBytes, MaxCount: 1}})
	if err == nil {
		defer body.Close()
		err = w.Store.SetContactPicture(ctx, contactID, contentType, body)
	}
	if err != nil && w.Log != nil {
		w.Log.Warn("contact picture not kept", "contact_id", contactID, "err", err)
	}
	return nil
}

// PictureMaxBytes bounds a contact picture downloaded from a provider.
const PictureMaxBytes = 5 << 20

// outcome records a provider call's result in the inbox's health and turns it into the job's:
// a retryable failure is retried, a final one ends the job.
func (w *Worker) outcome(ctx context.Context, j *switchboard.Job, inboxID int64, sent bool, err error) error {
	RecordHealth(ctx, w.Store, w.Log, inboxID, sent, err)
	if err == nil {
		return nil
	}
	var se *switchboard.SendError
	if errors.As(err, &se) && !se.Retryable {
		return jobs.Final(se)
	}
	if j.Attempt >= j.MaxAttempts {
		return jobs.Final(err)
	}
	return err // the runner honours a SendError's RetryAfter
}

// HealthRecorder is where provider calls' outcomes go.
type HealthRecorder interface {
	RecordChannelHealth(ctx context.Context, inboxID int64, sent bool, callErr string, credentialsOK *bool) error
}

// RecordHealth notes a provider call's outcome: a success (a send when sent), or the failure's
// reason, and whether the credentials were refused.
func RecordHealth(ctx context.Context, h HealthRecorder, log *slog.Logger, inboxID int64, sent bool, err error) {
	var msg string
	var creds *bool
	if err == nil {
		ok := true
		creds = &ok
	} else {
		msg = err.Error()
		var se *switchboard.SendError
		if errors.As(err, &se) {
			msg = se.Reason
			if se.Code == switchboard.FailInvalidToken {
				bad := false
				creds = &bad
			}
		}
	}
	if herr := h.RecordChannelHealth(ctx, inboxID, sent, msg, creds); herr != nil {
		log.Warn("record channel health", "inbox_id", inboxID, "err", herr)
	}
}
