package email

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	// Folder is the folder synced; "" is the mailbox's Sent folder (see findFolder).
	Folder string
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
	box, err := findFolder(c, s, y.Folder)
	if err != nil {
		return err
	}
	if box.name == "" {
		c.Close() // the Sent folder is among the inbox's folders: its own sync imports it
		<-ctx.Done()
		return nil
	}
	sel, err := c.Select(box.name, nil).Wait()
	if err != nil {
		return fmt.Errorf("select %s: %w", box.name, err)
	}
	box.validity = sel.UIDValidity
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
		if err := y.catchUp(ctx, c, s, box); err != nil {
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
func (y *Sync) catchUp(ctx context.Context, c *imapclient.Client, s *Settings, box folder) error {
	cur, err := y.Store.FindMailCursor(ctx, y.Inbox.ID, box.name)
	if err != nil {
		return err
	}
	last := cur.UID
	if cur.UIDValidity != box.validity {
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
		if err := y.importOne(ctx, c, s, box, uid); err != nil {
			return err
		}
	}
	return nil
}

func (y *Sync) importOne(ctx context.Context, c *imapclient.Client, s *Settings, box folder, uid imap.UID) error {
	// At most MaxMessage bytes of a mail are fetched: a larger one is imported cut, and says so.
	section := &imap.FetchItemBodySection{Peek: true, Partial: &imap.SectionPartial{Size: MaxMessage}}
	msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, Flags: true, InternalDate: true, RFC822Size: true, Envelope: true,
		BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return fmt.Errorf("fetch %d: %w", uid, err)
	}
	batch := &switchboard.InboundBatch{InboxID: y.Inbox.ID, Cursor: &switchboard.MailCursor{Folder: box.name, UIDValidity: box.validity, UID: uint32(uid)}}
	if len(msgs) == 1 {
		m := msgs[0]
		deleted := false
		for _, f := range m.Flags {
			deleted = deleted || f == imap.FlagDeleted
		}
		env := envelope{Arrived: m.InternalDate, Size: m.RFC822Size, Key: fmt.Sprintf("%s-%d-%d", box.name, box.validity, uid)}
		if e := m.Envelope; e != nil {
			env.MessageID = e.MessageID
			for _, list := range [][]imap.Address{e.From, e.Sender, e.ReplyTo} {
				for _, a := range list {
					if env.From == nil {
						env.From = envelopeAddress(a.Name, a.Addr())
					}
				}
			}
		}
		if !deleted {
			readMail(y.Log, batch, s, m.FindBodySection(section), env, box.sent)
		}
	}
	if err := record(switchboard.NewContextWithInbox(ctx, y.Inbox.ID), y.Log, y.Store, batch); err != nil {
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

// Supervisor runs the Syncs of every email inbox (one per folder), starting and stopping them as
// inboxes are added, changed or removed.
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
				for _, f := range syncedFolders(in) {
					y := &Sync{Store: sv.Store, Log: sv.Log, Inbox: in, Secrets: secrets, OAuth: sv.OAuth, Folder: f}
					wg.Add(1)
					go func() { defer wg.Done(); y.Run(sctx) }()
				}
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
