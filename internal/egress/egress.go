// Package egress keeps outgoing requests whose address someone typed into a setting (an outgoing
// webhook, an integration's URL, a provider's API address) away from the machine's own network:
// loopback, private and link-local ranges, cloud metadata services and the like. The check runs
// as each connection is made, on the address it is made to, after the name was resolved, so a
// name that resolves somewhere private, or is re-pointed there after it was checked (DNS
// rebinding), is refused too, in whatever spelling the address was written.
//
// A Policy may allow named hosts and address ranges that are private on purpose (a CRM on the
// office network); everything else private stays refused. The zero Policy, and a nil one,
// allows public addresses only.
package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Policy says which private destinations outgoing requests may reach. It is safe for concurrent
// use and never changes once parsed.
type Policy struct {
	names    map[string]bool // lower-case host names, "name" or "name:port"
	addrs    map[netip.AddrPort]bool
	prefixes []netip.Prefix

	transportOnce sync.Once
	transport     *http.Transport
}

// strict is the default policy, whose transport nil policies share.
var strict = &Policy{}

// Parse reads an allow-list: comma-separated entries, each a host name (crm.internal), a host
// name with a port (crm.internal:8443), an IP address (10.0.0.7, [fd00::7]:8080, with or without
// a port) or a range in CIDR notation (10.20.0.0/16). A name allows whatever addresses it
// resolves to when a request names it; an address or range allows connections to it whatever
// name led there. An empty list allows nothing private.
func Parse(list string) (*Policy, error) {
	p := &Policy{names: map[string]bool{}, addrs: map[netip.AddrPort]bool{}}
	for _, entry := range strings.Split(list, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if strings.Contains(entry, "/") {
			pre, err := netip.ParsePrefix(entry)
			if err != nil {
				return nil, fmt.Errorf("%q is not a range such as 10.0.0.0/8", entry)
			}
			p.prefixes = append(p.prefixes, pre.Masked())
			continue
		}
		host, port := entry, uint16(0)
		if h, ps, err := net.SplitHostPort(entry); err == nil {
			n, err := parsePort(ps)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", entry, err)
			}
			host, port = h, n
		}
		if a, ok := ParseHost(host); ok {
			p.addrs[netip.AddrPortFrom(a.Unmap().WithZone(""), port)] = true
			continue
		}
		name := normalName(host)
		if name == "" || strings.ContainsAny(name, " /@[]") {
			return nil, fmt.Errorf("%q is not a host name, an address or a range", entry)
		}
		p.names[nameKey(name, port)] = true
	}
	return p, nil
}

func parsePort(s string) (uint16, error) {
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil || n == 0 {
		return 0, errPort
	}
	return uint16(n), nil
}

func normalName(host string) string { return strings.TrimSuffix(strings.ToLower(host), ".") }

func nameKey(name string, port uint16) string {
	if port == 0 {
		return name
	}
	return fmt.Sprintf("%s:%d", name, port)
}

// allowsName reports whether the allow-list names host (on any port, or on this one).
func (p *Policy) allowsName(host string, port uint16) bool {
	if p == nil {
		return false
	}
	name := normalName(host)
	return p.names[name] || p.names[nameKey(name, port)]
}

// allowsAddr reports whether the allow-list holds a (on any port, or on this one).
func (p *Policy) allowsAddr(a netip.Addr, port uint16) bool {
	if p == nil {
		return false
	}
	a = a.Unmap().WithZone("")
	if p.addrs[netip.AddrPortFrom(a, 0)] || p.addrs[netip.AddrPortFrom(a, port)] {
		return true
	}
	for _, pre := range p.prefixes {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// RefusedError is a destination the policy does not allow. Its message is a sentence for the
// person who set the address; it never says what (if anything) answers there.
type RefusedError struct {
	Host string // as the request named it
	Why  string // one of the Why constants
}

func (e *RefusedError) Error() string {
	return "The destination address is not allowed (" + e.Why + ")."
}

// sentence is an error whose text is meant for the person who set the address.
type sentence string

func (s sentence) Error() string { return string(s) }

// ErrRedirect is what a request answered with a redirect fails with: the redirect is not
// followed, since a signed request must not travel to wherever a Location header says.
const ErrRedirect = sentence("The destination answered with a redirect, which is not followed: use the final address.")

const (
	errNotHTTP = sentence("Use an absolute http or https URL.")
	errPort    = sentence("Use a port from 1 to 65535.")
)

// Reason returns the sentence describing a refused destination or an unfollowed redirect found
// in err's chain, and whether there was one.
func Reason(err error) (string, bool) {
	var refused *RefusedError
	switch {
	case errors.As(err, &refused):
		return refused.Error(), true
	case errors.Is(err, ErrRedirect):
		return ErrRedirect.Error(), true
	}
	return "", false
}

// check decides a connection to a from a request that named host; byName says the allow-list
// names host.
func (p *Policy) check(host string, a netip.Addr, port uint16, byName bool) error {
	why, never := classify(a)
	if why == "" || (!never && (byName || p.allowsAddr(a, port))) {
		return nil
	}
	return &RefusedError{Host: host, Why: why}
}

// CheckURL checks an address as it is saved, for an early and friendly refusal: it must be an
// absolute http or https URL, and its host must not be a private address in any spelling, nor a
// name such as localhost that always is, unless the policy allows it. Names are not resolved
// here; the connection's own check covers what they resolve to.
func (p *Policy) CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errNotHTTP
	}
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "http" && scheme != "https") || u.Opaque != "" || u.Hostname() == "" {
		return errNotHTTP
	}
	port := uint16(80)
	if scheme == "https" {
		port = 443
	}
	if ps := u.Port(); ps != "" {
		if port, err = parsePort(ps); err != nil {
			return errPort
		}
	}
	host := u.Hostname()
	if a, ok := ParseHost(host); ok {
		return p.check(host, a, port, p.allowsName(host, port))
	}
	name := normalName(host)
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return p.check(host, netip.IPv6Loopback(), port, p.allowsName(host, port))
	}
	if name == "metadata.google.internal" {
		return p.check(host, netip.MustParseAddr("169.254.169.254"), port, p.allowsName(host, port))
	}
	return nil
}

// DialContext connects as net.Dialer does, checking every address it connects to: a host
// written as an address in any spelling is dialled as that address, a name is resolved and each
// of its addresses checked just before the connection is made. It is an http.Transport's
// DialContext.
func (p *Policy) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil, fmt.Errorf("egress: network %s is not allowed", network)
	}
	host, ps, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	port, err := parsePort(ps)
	if err != nil {
		return nil, fmt.Errorf("egress: %s: %w", addr, err)
	}
	byName := p.allowsName(host, port)
	if a, ok := ParseHost(host); ok {
		addr = netip.AddrPortFrom(a, port).String()
	}
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("egress: cannot read the address %q", address)
			}
			return p.check(host, ap.Addr(), port, byName)
		}}
	return d.DialContext(ctx, network, addr)
}

// Transport returns the policy's HTTP transport, whose connections it checks; every call
// returns the same one, so connections are reused. It uses no proxy: through one, the address
// connected to would be the proxy's, not the destination's.
func (p *Policy) Transport() *http.Transport {
	if p == nil {
		p = strict
	}
	p.transportOnce.Do(func() {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.Proxy = nil
		t.DialContext = p.DialContext
		p.transport = t
	})
	return p.transport
}

// Client returns an HTTP client for requests sent to addresses admins set: its connections are
// checked, it gives up after timeout, and it follows no redirect (the request fails with
// ErrRedirect), so a signed body never travels to wherever a Location header points.
func (p *Policy) Client(timeout time.Duration) *http.Client {
	return &http.Client{Transport: p.Transport(), Timeout: timeout, CheckRedirect: noRedirects}
}

// ClientFollowingRedirects is Client for providers' APIs whose files answer with a redirect to
// their storage: it follows up to 10 redirects, each connection checked like the first, and (as
// net/http does) drops the Authorization header when a redirect leaves the host.
func (p *Policy) ClientFollowingRedirects(timeout time.Duration) *http.Client {
	return &http.Client{Transport: p.Transport(), Timeout: timeout}
}

func noRedirects(*http.Request, []*http.Request) error { return ErrRedirect }

// Public reports whether a connection's remote address is on the public internet, as opposed to
// a private one the allow-list let it reach.
func Public(addr net.Addr) bool {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return false
	}
	why, _ := classify(ap.Addr())
	return why == ""
}
