package httpapi

import (
	dlist "container/list" // list is the API's list type here
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
)

// Sign-in throttling. Every attempt to prove a password (signing in, or giving one's current
// password to change it) is counted against three keys, and refused with 429 and Retry-After,
// before any bcrypt runs, while one of them is locked:
//
//   - the pair of account and client address: pairFree failures, then a delay of a second that
//     doubles with each further failure, up to maxDelay. This is the tight limit, and it is the
//     one a guesser meets;
//   - the client address, over every account: addressFree failures, then the same delays. It
//     slows one machine trying a few passwords on many accounts;
//   - the account, from every address: accountFree failures, then the same delays. It slows
//     guessing spread over many addresses. So that it cannot be used to lock a person out of
//     their own account, an address the account signed in from in the last trustFor is exempt
//     from it (and from the address limit): only the pair limit applies there.
//
// An attempt counts as a failure from the moment it is let through, so attempts sent at once
// cannot all pass before the first fails; a success takes its own attempt back and clears the
// counts of its account and of its pair; an answer that says nothing about the password (the
// server busy) takes the attempt back. Failures are forgotten forgetAfter the last one.
//
// The counts live in this process's memory, per node: with several nodes behind a balancer an
// attacker gets each node's allowance, which changes the delays by a small factor, not their
// growth. Each of the three tables keeps at most maxThrottleEntries keys, dropping the least
// recently used first. The client address is the connection's (an IPv6 address counts as its
// /64 network): Switchboard has no list of trusted proxies, so it does not believe
// X-Forwarded-For, and behind a reverse proxy every client has the proxy's address; the pair
// limit is then a per-account limit.
const (
	pairFree           = 5
	addressFree        = 30
	accountFree        = 20
	firstDelay         = time.Second
	maxDelay           = 15 * time.Minute
	forgetAfter        = time.Hour
	trustFor           = 30 * 24 * time.Hour
	maxThrottleEntries = 20000
)

// loginThrottle counts failed password attempts; see the comment above. Its methods take the
// time, so tests move it by hand.
type loginThrottle struct {
	mu                         sync.Mutex
	pairs, addresses, accounts counterTable
}

// newLoginThrottle returns an empty throttle whose tables keep at most size keys each.
func newLoginThrottle(size int) *loginThrottle {
	t := &loginThrottle{}
	for _, c := range []*counterTable{&t.pairs, &t.addresses, &t.accounts} {
		c.max, c.byKey = size, map[string]*dlist.Element{}
	}
	t.pairs.free, t.addresses.free, t.accounts.free = pairFree, addressFree, accountFree
	return t
}

// counterTable is one kind of key's failure counts, least recently used at the back.
type counterTable struct {
	free  int // failures let through before the first delay
	max   int
	byKey map[string]*dlist.Element // of *failureCount
	lru   dlist.List
}

// failureCount is a key's recent failures.
type failureCount struct {
	key     string
	n       int
	last    time.Time // of the last failure
	trusted time.Time // pairs: until when a sign-in from this address skips the wider limits
}

// find returns the count of key, or nil; with create, a new one, dropping the least recently
// used key when the table is full.
func (c *counterTable) find(key string, create bool) *failureCount {
	if e, ok := c.byKey[key]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*failureCount)
	}
	if !create {
		return nil
	}
	if c.lru.Len() >= c.max {
		oldest := c.lru.Back()
		c.lru.Remove(oldest)
		delete(c.byKey, oldest.Value.(*failureCount).key)
	}
	f := &failureCount{key: key}
	c.byKey[key] = c.lru.PushFront(f)
	return f
}

// wait returns how long the key stays locked after now.
func (c *counterTable) wait(f *failureCount, now time.Time) time.Duration {
	if f == nil || f.n < c.free {
		return 0
	}
	delay := maxDelay
	if over := f.n - c.free; over < 20 {
		delay = min(maxDelay, firstDelay<<over)
	}
	return f.last.Add(delay).Sub(now)
}

// fail counts a failure of key at now, after forgetting failures older than forgetAfter.
func (c *counterTable) fail(key string, now time.Time) {
	f := c.find(key, true)
	if now.Sub(f.last) > forgetAfter {
		f.n = 0
	}
	f.n++
	f.last = now
}

// takeBack undoes one failure counted by fail, if the key is still there.
func (c *counterTable) takeBack(key string) {
	if f := c.find(key, false); f != nil && f.n > 0 {
		f.n--
	}
}

// passwordAttempt is one attempt let through: finish it with its outcome.
type passwordAttempt struct {
	t                      *loginThrottle
	pair, address, account string
}

// begin lets an attempt on account from address through, counting it as a failure, or answers
// how long the caller must wait.
func (t *loginThrottle) begin(account, address string, now time.Time) (*passwordAttempt, time.Duration) {
	account = strings.ToLower(strings.TrimSpace(account))
	if len(account) > 320 {
		account = account[:320] // longer than any email: no need to keep it all
	}
	a := &passwordAttempt{t: t, pair: account + " " + address, address: address, account: account}
	t.mu.Lock()
	defer t.mu.Unlock()
	pair := t.pairs.find(a.pair, false)
	wait := t.pairs.wait(pair, now)
	if pair == nil || !now.Before(pair.trusted) {
		wait = max(wait, t.addresses.wait(t.addresses.find(address, false), now), t.accounts.wait(t.accounts.find(account, false), now))
	}
	if wait > 0 {
		return nil, wait
	}
	t.pairs.fail(a.pair, now)
	t.addresses.fail(address, now)
	t.accounts.fail(account, now)
	return a, 0
}

// succeeded clears the account's and the pair's failures and trusts the address for the account.
func (a *passwordAttempt) succeeded(now time.Time) {
	a.t.mu.Lock()
	defer a.t.mu.Unlock()
	a.t.addresses.takeBack(a.address)
	if f := a.t.accounts.find(a.account, false); f != nil {
		f.n = 0
	}
	f := a.t.pairs.find(a.pair, true)
	f.n, f.trusted = 0, now.Add(trustFor)
}

// undecided takes the attempt back: its answer said nothing about the password.
func (a *passwordAttempt) undecided() {
	a.t.mu.Lock()
	defer a.t.mu.Unlock()
	a.t.pairs.takeBack(a.pair)
	a.t.addresses.takeBack(a.address)
	a.t.accounts.takeBack(a.account)
}

// clientAddress is the throttling key of the request's client: the connection's address, or
// the /64 network of an IPv6 one (one host commonly holds a whole /64). When the connection
// comes from a trusted proxy, the client is the last address of X-Forwarded-For that is not
// itself a trusted proxy: the one the nearest proxy we trust saw. Addresses clients put in the
// header themselves stand to the left of it and are never read.
func (s *Server) clientAddress(r *http.Request) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	ip := ap.Addr().Unmap()
	if s.trusted(ip) {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // a garbled header: keep the last good address
			}
			ip = hop.Unmap()
			if !s.trusted(ip) {
				break
			}
		}
	}
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// trusted reports whether ip is one of the TrustedProxies.
func (s *Server) trusted(ip netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// checkPassword runs check, an attempt to prove the password of account, under the throttle:
// refused with 429 and Retry-After while the account, the client's address or the pair is
// locked. wrong tells a wrong password from other errors.
func (s *Server) checkPassword(w http.ResponseWriter, r *http.Request, account string, check func() error, wrong func(error) bool) error {
	now := s.now()
	attempt, wait := s.logins.begin(account, s.clientAddress(r), now)
	if attempt == nil {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		return switchboard.Errorf(switchboard.ERATELIMITED, "Too many failed attempts; try again in %s.", inWords(secs))
	}
	err := check()
	switch {
	case err == nil:
		attempt.succeeded(s.now())
	case wrong(err):
	default:
		attempt.undecided()
		if switchboard.ErrorCode(err) == switchboard.EUNAVAILABLE {
			w.Header().Set("Retry-After", "5")
		}
	}
	return err
}

// inWords says a wait as people do: "1 second", "40 seconds", "3 minutes".
func inWords(secs int) string {
	if secs < 60 {
		return plural(secs, "second")
	}
	return plural((secs+59)/60, "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
