package egress

import (
	"net/netip"
	"strconv"
	"strings"
)

// ParseHost reads a host as an IP address in every spelling a resolver or a browser accepts:
// IPv6 with or without brackets (and a zone), dotted IPv4, and the legacy inet_aton forms whose
// parts may be decimal, octal (a leading 0) or hex (0x), with the last part filling the
// remaining bytes: 2130706433, 0x7f000001, 0177.0.0.1 and 127.1 are all 127.0.0.1. A name that
// is not an address answers false.
func ParseHost(host string) (netip.Addr, bool) {
	h := strings.TrimSuffix(host, ".")
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	if strings.Contains(h, ":") {
		a, err := netip.ParseAddr(h)
		return a, err == nil
	}
	return parseLegacyIPv4(h)
}

// parseLegacyIPv4 is inet_aton: one to four parts; each but the last is one byte, the last fills
// what remains (32, 24, 16 or 8 bits).
func parseLegacyIPv4(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if s == "" || len(parts) > 4 {
		return netip.Addr{}, false
	}
	var v uint64
	for i, p := range parts {
		n, ok := parseLegacyPart(p)
		if !ok {
			return netip.Addr{}, false
		}
		if i < len(parts)-1 {
			if n > 0xff {
				return netip.Addr{}, false
			}
			v |= n << (8 * (3 - i))
			continue
		}
		if n >= 1<<(8*(4-i)) {
			return netip.Addr{}, false
		}
		v |= n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

// parseLegacyPart reads one part: 0x1f (hex), 017 (octal) or 31 (decimal).
func parseLegacyPart(p string) (uint64, bool) {
	base := 10
	switch {
	case len(p) > 2 && (p[:2] == "0x" || p[:2] == "0X"):
		base, p = 16, p[2:]
	case len(p) > 1 && p[0] == '0':
		base, p = 8, p[1:]
	}
	if p == "" || strings.ContainsAny(p, "+-_") {
		return 0, false
	}
	n, err := strconv.ParseUint(p, base, 32)
	return n, err == nil
}

// rule is a range of addresses outgoing requests do not reach unless the policy allows them.
type rule struct {
	prefix netip.Prefix
	why    string
	// never: no allowance lets a connection through (nothing answers there on purpose, and
	// 0.0.0.0 reaches the local host on Linux).
	never bool
}

// rules are checked in order; the first that holds the address names why it is refused.
var rules = func() []rule {
	var rs []rule
	add := func(why string, never bool, cidrs ...string) {
		for _, c := range cidrs {
			rs = append(rs, rule{prefix: netip.MustParsePrefix(c), why: why, never: never})
		}
	}
	add(WhyUnspecified, true, "0.0.0.0/8", "::/128")
	add(WhyMulticast, true, "224.0.0.0/4", "ff00::/8")
	add(WhyReserved, true, "255.255.255.255/32")
	add(WhyLoopback, false, "127.0.0.0/8", "::1/128")
	add(WhyMetadata, false, "169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32", "192.0.0.192/32")
	add(WhyPrivate, false, "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fec0::/10")
	add(WhyLinkLocal, false, "169.254.0.0/16", "fe80::/10")
	add(WhySharedSpace, false, "100.64.0.0/10")
	add(WhyReserved, false, "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
		"240.0.0.0/4", "100::/64", "2001:db8::/32")
	return rs
}()

// Why an address is refused, as the reasons say it.
const (
	WhyUnspecified = "unspecified address"
	WhyMulticast   = "multicast"
	WhyLoopback    = "loopback"
	WhyMetadata    = "cloud metadata service"
	WhyPrivate     = "private network"
	WhyLinkLocal   = "link-local"
	WhySharedSpace = "carrier-grade NAT"
	WhyReserved    = "reserved range"
)

// classify says why a is not a public address ("" when it is), and whether that can never be
// allowed. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by
// the IPv4 address they reach.
func classify(a netip.Addr) (why string, never bool) {
	a = embeddedIPv4(a.WithZone(""))
	for _, r := range rules {
		if r.prefix.Contains(a) {
			return r.why, r.never
		}
	}
	if !a.IsGlobalUnicast() {
		return WhyReserved, false
	}
	return "", false
}

var (
	compatible = netip.MustParsePrefix("::/96")
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	nat64Local = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour  = netip.MustParsePrefix("2002::/16")
)

// embeddedIPv4 returns the IPv4 address an IPv6 address reaches through a translation, or a.
func embeddedIPv4(a netip.Addr) netip.Addr {
	if a.Is4In6() {
		return a.Unmap()
	}
	if !a.Is6() {
		return a
	}
	b := a.As16()
	switch {
	case compatible.Contains(a) && a != netip.IPv6Unspecified() && a != netip.IPv6Loopback():
		return netip.AddrFrom4([4]byte(b[12:16]))
	case nat64.Contains(a), nat64Local.Contains(a):
		return netip.AddrFrom4([4]byte(b[12:16]))
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte(b[2:6]))
	}
	return a
}
