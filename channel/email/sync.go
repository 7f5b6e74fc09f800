package email

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// MaxMessage bounds one imported mail (Gmail receives up to 50 MB).
const MaxMessage = 50 << 20

// SyncStore is what the mailbox sync needs of the store.
type SyncStore interface {
	ReceiveBatch(ctx context.Context, b *switchboard.InboundBatch) (*switchboard.BatchResult, error)
	FindMailCursor(ctx context.Context, inboxID int64, folder string) (*switchboard.MailCursor, error)
	RecordChannelHealth(ctx context.Context, inboxID int64, sent bool, callErr string, credentialsOK *bool) error
}

// Sync keeps one email inbox's folder imported: it fetches every message after the last UID it
// recorded (all of them again if the folder's UIDVALIDITY changed), records each one with the
// new cursor in the same transaction, then waits with IDLE when the server offers it, or polls.
// A lost connection is retried with backoff; what arrived meanwhile is caught up, not skipped.
type Sync struct {
	Store   SyncStore
	Log     *slog.Logger
	Inbox   *switchboard.Inbox
	Secrets map[string]string
	OAuth   *OAuth
}

// Run syncs until ctx ends.
func (y *Sync) Run(ctx context.Context) {
	policy := backoff.Policy{Base: time.Second, Max: 5 * time.Minute}
	for attempt := 1; ctx.Err() == nil; attempt++ {
		err := y.session(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			y.Log.Warn("email sync", "inbox_id", y.Inbox.ID, "err", err)
			_ = y.Store.RecordChannelHealth(context.WithoutCancel(ctx), y.Inbox.ID, false, err.Error(), nil)
		} else {
			attempt = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(policy.Delay(attempt)):
		}
	}
}

// session is one connection: catch up, then wait for news, until the connection fails.
func (y *Sync) session(ctx context.Context) error {
	s, err := settingsOf(y.Inbox)
	if err != nil {
		return err
	}
	news := make(chan struct{}, 1)
	opts := &imapclient.Options{UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				select {
				case news <- struct{}{}:
				default:
				}
			}
		},
	}}
	c, err := dialIMAP(ctx, y.OAuth, s, y.Secrets, opts)
	if err != nil {
		var se *switchboard.SendError
		if errors.As(err, &se) && se.Code == "invalid_token" {
			bad := false
			_ = y.Store.RecordChannelHealth(context.WithoutCancel(ctx), y.Inbox.ID, false, se.Reason, &bad)
		}
		return err
	}
	defer c.Close()
	go func() { <-ctx.Done(); c.Close() }()
	ok := true
	_ = y.Store.RecordChannelHealth(ctx, y.Inbox.ID, false, "", &ok)
	sel, err := c.Select(s.folder(), nil).Wait()
	if err != nil {
		return fmt.Errorf("select %s: %w", s.folder(), err)
	}
	idle := c.Caps().Has(imap.CapIdle) || c.Caps().Has(imap.CapIMAP4rev2)
	poll := time.Duration(s.PollSeconds) * time.Second
	// Even with IDLE the folder is looked at again now and then: a message that lands between
	// a catch-up and the IDLE command may be announced late, or never, by some servers.
	idleFor := 5 * time.Minute
	if poll > 0 {
		idleFor = poll
	} else {
		poll = 30 * time.Second
	}
	for {
		if err := y.catchUp(ctx, c, s, sel.UIDValidity); err != nil {
			return err
		}
		if idle {
			cmd, err := c.Idle()
			if err != nil {
				return fmt.Errorf("idle: %w", err)
			}
			select {
			case <-news:
			case <-time.After(idleFor): // well within the 30 minutes after which servers drop IDLE
			case <-ctx.Done():
			}
			if err := cmd.Close(); err != nil {
				return err
			}
			if err := cmd.Wait(); err != nil {
				return fmt.Errorf("idle: %w", err)
			}
		} else {
			select {
			case <-time.After(poll):
			case <-ctx.Done():
			}
			if err := c.Noop().Wait(); err != nil {
				return fmt.Errorf("noop: %w", err)
			}
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

// catchUp imports every message after the cursor, one transaction each, oldest first.
func (y *Sync) catchUp(ctx context.Context, c *imapclient.Client, s *Settings, validity uint32) error {
	cur, err := y.Store.FindMailCursor(ctx, y.Inbox.ID, s.folder())
	if err != nil {
		return err
	}
	last := cur.UID
	if cur.UIDValidity != validity {
		last = 0 // the folder was rebuilt: its UIDs mean nothing now; Message-IDs keep it to once
	}
	uids, err := c.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{{imap.UIDRange{Start: imap.UID(last + 1), Stop: 0}}}}, nil).Wait()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	for _, uid := range uids.AllUIDs() {
		if uint32(uid) <= last {
			continue // "n:*" answers the last message even when nothing is newer
		}
		if err := y.importOne(ctx, c, s, validity, uid); err != nil {
			return err
		}
	}
	return nil
}

func (y *Sync) importOne(ctx context.Context, c *imapclient.Client, s *Settings, validity uint32, uid imap.UID) error {
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, Flags: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return fmt.Errorf("fetch %d: %w", uid, err)
	}
	batch := &switchboard.InboundBatch{InboxID: y.Inbox.ID, Cursor: &switchboard.MailCursor{Folder: s.folder(), UIDValidity: validity, UID: uint32(uid)}}
	if len(msgs) == 1 {
		m := msgs[0]
		deleted := false
		for _, f := range m.Flags {
			deleted = deleted || f == imap.FlagDeleted
		}
		raw := m.FindBodySection(section)
		if !deleted && len(raw) > 0 {
			readMail(y.Log, batch, s, raw, m.InternalDate)
		}
	}
	if _, err := y.Store.ReceiveBatch(switchboard.NewContextWithInbox(ctx, y.Inbox.ID), batch); err != nil {
		return fmt.Errorf("record mail %d: %w", uid, err)
	}
	switch s.AfterImport {
	case "seen":
		_ = c.Store(imap.UIDSetNum(uid), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close()
	case "archive":
		folder := s.ArchiveFolder
		if folder == "" {
			folder = "Archive"
		}
		_, _ = c.Move(imap.UIDSetNum(uid), folder).Wait()
	}
	return nil
}

// readMail turns a raw mail into the batch's message (or, for a bounce, the failure of ours it
// reports). Our own mail and loops are left out; the batch still moves the cursor.
func readMail(log *slog.Logger, batch *switchboard.InboundBatch, s *Settings, raw []byte, arrived time.Time) {
	m, err := Parse(raw, MaxMessage)
	if err != nil || m.From == nil {
		log.Warn("email: unreadable message kept out", "inbox_id", batch.InboxID, "err", err)
		return
	}
	batch.Raw = raw
	if strings.HasPrefix(m.Loop, "switchboard-") || strings.EqualFold(m.From.Address, s.Address) ||
		(strings.HasPrefix(m.MessageID, "sb.") && strings.HasSuffix(m.MessageID, "@"+s.domain())) {
		return // our own mail coming back
	}
	if m.Kind == Bounce {
		if f := m.Failure; f != nil && f.MessageID != "" && f.Action != "delivered" && f.Action != "delayed" {
			reason := "The mail bounced"
			if f.Recipient != "" {
				reason += " for " + f.Recipient
			}
			if f.Diagnostic != "" {
				reason += ": " + f.Diagnostic
			} else if f.Status != "" {
				reason += " (" + f.Status + ")"
			}
			batch.Statuses = append(batch.Statuses, &switchboard.StatusReport{ProviderID: f.MessageID, Status: switchboard.MessageFailed,
				ErrorCode: "bounced", ErrorReason: reason})
		}
		return
	}
	id := m.MessageID
	if id == "" {
		sum := sha256.Sum256(raw)
		id = "sha256-" + hex.EncodeToString(sum[:16])
	}
	var to, cc, recipients []string
	for _, a := range m.To {
		to = append(to, a.Address)
	}
	for _, a := range m.Cc {
		cc = append(cc, a.Address)
	}
	recipients = append(append(recipients, to...), cc...)
	in := &switchboard.InboundMessage{From: m.From.Address, ContactName: m.From.Name, ProviderID: id, Subject: m.Subject,
		Text: m.Text, HTML: m.HTML, SentAt: arrived, Threaded: true, References: append(append([]string{}, m.InReplyTo...), m.References...),
		Recipients: recipients,
		Content: &switchboard.MessageContent{Automatic: m.Kind != Person,
			Email: &switchboard.EmailFields{Subject: m.Subject, From: m.From.Address, To: to, Cc: cc, QuotedAt: m.QuotedChars(), Kind: string(m.Kind)}}}
	for _, p := range m.Parts {
		in.Files = append(in.Files, &switchboard.InboundFile{Filename: p.Filename, ContentType: p.ContentType, ContentID: p.ContentID, Inline: p.Inline, Data: p.Data})
	}
	if strings.TrimSpace(in.Text) == "" && in.HTML == "" && len(in.Files) == 0 {
		in.Text = "(no text)"
	}
	local := strings.ToLower(m.From.Address)
	if s.Acknowledge != "" && m.Kind == Person && !strings.HasPrefix(local, "noreply@") && !strings.HasPrefix(local, "no-reply@") {
		in.Acknowledge = s.Acknowledge
	}
	batch.Messages = append(batch.Messages, in)
}

// Supervisor runs one Sync per email inbox, starting and stopping them as inboxes are added,
// changed or removed.
type Supervisor struct {
	Store interface {
		SyncStore
		FindInboxes(ctx context.Context) ([]*switchboard.Inbox, error)
		InboxSecrets(ctx context.Context, id int64) (map[string]string, error)
	}
	Log   *slog.Logger
	OAuth *OAuth
	// Every is how often the inbox list is read again (default 10 s).
	Every time.Duration
}

// Run supervises until ctx ends.
func (sv *Supervisor) Run(ctx context.Context) {
	type running struct {
		version time.Time
		stop    context.CancelFunc
	}
	syncs := map[int64]*running{}
	var wg sync.WaitGroup
	defer func() {
		for _, r := range syncs {
			r.stop()
		}
		wg.Wait()
	}()
	every := sv.Every
	if every <= 0 {
		every = 10 * time.Second
	}
	sys := switchboard.NewSystemContext(ctx)
	for {
		inboxes, err := sv.Store.FindInboxes(sys)
		if err == nil {
			seen := map[int64]bool{}
			for _, in := range inboxes {
				if in.Kind != switchboard.ChannelEmail {
					continue
				}
				seen[in.ID] = true
				if r := syncs[in.ID]; r != nil && r.version.Equal(in.UpdatedAt) {
					continue
				} else if r != nil {
					r.stop()
				}
				secrets, err := sv.Store.InboxSecrets(sys, in.ID)
				if err != nil {
					continue
				}
				sctx, stop := context.WithCancel(sys)
				syncs[in.ID] = &running{version: in.UpdatedAt, stop: stop}
				y := &Sync{Store: sv.Store, Log: sv.Log, Inbox: in, Secrets: secrets, OAuth: sv.OAuth}
				wg.Add(1)
				go func() { defer wg.Done(); y.Run(sctx) }()
			}
			for id, r := range syncs {
				if !seen[id] {
					r.stop()
					delete(syncs, id)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}
