// Package crm links contacts to the company's own customer records: it computes the contact
// panel's "Open in CRM" link from the workspace's template, and asks the optional lookup
// endpoint, in a POST signed exactly as outgoing webhooks are, for a few fields to show.
//
// Answers are kept in memory, per contact, for a few minutes, and each contact is looked up at
// most once per MinInterval, so agents reopening a panel do not hammer the CRM. Memory rather
// than a table on purpose: what the CRM answered is a short-lived copy of another system's
// data, which should not end up in Switchboard's backups, and a contact erased here must leave
// nothing behind (a deleted contact is not found before the cache is read, and its entry ages
// out). With several nodes each keeps its own, so the CRM is asked at most once per node.
package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/egress"
	"github.com/switchboardhq/switchboard/webhooks"
)

// UserAgent is sent with every lookup.
const UserAgent = "Switchboard-CRM/1"

// EventLookup is the Switchboard-Event header of a lookup request.
const EventLookup = "crm.lookup"

// The defaults of Service's optional fields.
const (
	DefaultTimeout     = 3 * time.Second
	DefaultTTL         = 5 * time.Minute
	DefaultMinInterval = 15 * time.Second
	// maxEntries bounds the cache; past it, aged entries go, then all.
	maxEntries = 10000
)

var _ switchboard.CRMLookupService = (*Service)(nil)

// Service is the CRM link and lookup. Settings and Contacts are required; the zero values of
// the other fields are the production defaults.
type Service struct {
	Settings switchboard.CRMService
	Contacts switchboard.ContactService
	// Client sends lookups: an egress.Policy's Client, which refuses private addresses the
	// policy does not allow and follows no redirect. Nil means the default policy's, giving up
	// after Timeout.
	Client *http.Client
	// Timeout bounds a lookup; zero means DefaultTimeout.
	Timeout time.Duration
	// TTL is how long an answer is kept; zero means DefaultTTL.
	TTL time.Duration
	// MinInterval is how often one contact may be looked up; zero means DefaultMinInterval.
	MinInterval time.Duration
	// Now reads the clock; nil means time.Now.
	Now func() time.Time

	mu    sync.Mutex
	cache map[int64]*entry
}

// entry is what is kept of a contact's lookups.
type entry struct {
	version time.Time // the settings' UpdatedAt when asked: saving the settings forgets every answer
	asked   time.Time // when the newest lookup started
	res     *switchboard.CRMLookupResult
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// config reads the settings and secret as the system.
func (s *Service) config(ctx context.Context) (*switchboard.CRMSettings, string, error) {
	return s.Settings.CRMConfig(switchboard.NewSystemContext(ctx))
}

// CRMPanel computes the link of a contact the actor sees.
func (s *Service) CRMPanel(ctx context.Context, contactID int64) (*switchboard.CRMPanel, error) {
	c, err := s.Contacts.FindContactByID(ctx, contactID)
	if err != nil {
		return nil, err
	}
	cfg, _, err := s.config(ctx)
	if err != nil {
		return nil, err
	}
	out := &switchboard.CRMPanel{Lookup: cfg.LookupURL != ""}
	if u := switchboard.ExpandCRMLink(cfg.LinkTemplate, c); u != "" {
		out.Link = &switchboard.CRMLink{Label: cfg.LinkLabel, URL: u}
	}
	return out, nil
}

// LookupContact asks the CRM about a contact the actor sees, or answers a kept answer.
func (s *Service) LookupContact(ctx context.Context, contactID int64, refresh bool) (*switchboard.CRMLookupResult, error) {
	c, err := s.Contacts.FindContactByID(ctx, contactID)
	if err != nil {
		return nil, err
	}
	cfg, secret, err := s.config(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.LookupURL == "" || secret == "" {
		return nil, switchboard.Errorf(switchboard.EINVALID, "No CRM lookup is set up.")
	}
	now := s.now()
	s.mu.Lock()
	e := s.cache[contactID]
	if e != nil && e.version.Equal(cfg.UpdatedAt) {
		switch {
		case e.res == nil && now.Sub(e.asked) < orDefault(s.Timeout, DefaultTimeout)*2:
			s.mu.Unlock()
			return nil, switchboard.Errorf(switchboard.ERATELIMITED, "A lookup of this contact is under way.")
		case e.res != nil && ((!refresh && e.res.Error == "" && now.Sub(e.res.FetchedAt) < orDefault(s.TTL, DefaultTTL)) ||
			now.Sub(e.asked) < orDefault(s.MinInterval, DefaultMinInterval)):
			out := *e.res
			out.Cached = true
			s.mu.Unlock()
			return &out, nil
		}
	}
	s.put(contactID, &entry{version: cfg.UpdatedAt, asked: now})
	s.mu.Unlock()

	res := s.call(ctx, cfg.LookupURL, secret, c)
	s.mu.Lock()
	s.put(contactID, &entry{version: cfg.UpdatedAt, asked: now, res: res})
	s.mu.Unlock()
	return res, nil
}

// TestCRMLookup runs a lookup now, for an admin checking the endpoint.
func (s *Service) TestCRMLookup(ctx context.Context, contactID int64) (*switchboard.CRMLookupResult, error) {
	if _, err := s.Settings.FindCRMSettings(ctx); err != nil {
		return nil, err // admins only
	}
	c, err := s.Contacts.FindContactByID(ctx, contactID)
	if err != nil {
		return nil, err
	}
	cfg, secret, err := s.config(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.LookupURL == "" || secret == "" {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Save a lookup URL and secret first.")
	}
	return s.call(ctx, cfg.LookupURL, secret, c), nil
}

// put keeps e, making room when the cache is full. The caller holds s.mu.
func (s *Service) put(contactID int64, e *entry) {
	if s.cache == nil {
		s.cache = map[int64]*entry{}
	}
	if _, ok := s.cache[contactID]; !ok && len(s.cache) >= maxEntries {
		ttl := orDefault(s.TTL, DefaultTTL)
		for id, old := range s.cache {
			if e.asked.Sub(old.asked) > ttl {
				delete(s.cache, id)
			}
		}
		if len(s.cache) >= maxEntries {
			clear(s.cache)
		}
	}
	s.cache[contactID] = e
}

// call POSTs the lookup, signed, and reads the answer strictly; the outcome is recorded for the
// admin. It never fails: what went wrong is the result's Error.
func (s *Service) call(ctx context.Context, lookupURL, secret string, c *switchboard.Contact) *switchboard.CRMLookupResult {
	start := s.now()
	fields, link, err := s.post(ctx, lookupURL, secret, c, start)
	res := &switchboard.CRMLookupResult{Fields: fields, URL: link, FetchedAt: start.UTC()}
	errText := ""
	if err != nil {
		errText = err.Error()
		res.Fields, res.URL, res.Error = []switchboard.CRMField{}, "", errText
	}
	// Recording is best effort: the panel shows the outcome whether or not it was kept.
	_ = s.Settings.RecordCRMLookup(switchboard.NewSystemContext(context.WithoutCancel(ctx)), errText)
	return res
}

// post makes the request; its error is a sentence for agents and the admin.
func (s *Service) post(ctx context.Context, lookupURL, secret string, c *switchboard.Contact, at time.Time) ([]switchboard.CRMField, string, error) {
	body, err := json.Marshal(switchboard.NewCRMLookupRequest(c))
	if err != nil {
		return nil, "", fmt.Errorf("The contact could not be described: %v", err)
	}
	timeout := orDefault(s.Timeout, DefaultTimeout)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, lookupURL, bytes.NewReader(body))
	if err != nil {
		return nil, "", fmt.Errorf("The lookup URL cannot be requested: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set(switchboard.WebhookSignatureHeader, switchboard.SignWebhook(secret, at, body))
	req.Header.Set(switchboard.WebhookDeliveryHeader, "crm-"+strconv.FormatInt(c.ID, 10)+"-"+strconv.FormatInt(at.UnixNano(), 36))
	req.Header.Set(switchboard.WebhookEventHeader, EventLookup)
	client := s.Client
	if client == nil {
		client = (*egress.Policy)(nil).Client(timeout)
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, "", errors.New(webhooks.Describe(err))
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(res.Body, switchboard.MaxCRMAnswerBytes+1))
	if err != nil {
		return nil, "", errors.New(webhooks.Describe(err))
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, "", fmt.Errorf("The CRM answered %d.", res.StatusCode)
	}
	return switchboard.ParseCRMAnswer(answer)
}
