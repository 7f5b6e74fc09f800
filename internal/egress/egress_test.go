package egress_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/internal/egress"
)

func TestParseHostReadsEverySpelling(t *testing.T) {
	for host, want := range map[string]string{
		"127.0.0.1":          "127.0.0.1",
		"2130706433":         "127.0.0.1",
		"0x7f000001":         "127.0.0.1",
		"0X7F000001":         "127.0.0.1",
		"0177.0.0.1":         "127.0.0.1",
		"0177.0000.0.01":     "127.0.0.1",
		"127.1":              "127.0.0.1",
		"127.0.1":            "127.0.0.1",
		"0x7f.1":             "127.0.0.1",
		"127.0.0.1.":         "127.0.0.1",
		"0":                  "0.0.0.0",
		"169.254.43518":      "169.254.169.254",
		"[::1]":              "::1",
		"::ffff:127.0.0.1":   "::ffff:127.0.0.1",
		"[::ffff:7f00:1]":    "::ffff:127.0.0.1",
		"fe80::1%eth0":       "fe80::1%eth0",
		"8.8.8.8":            "8.8.8.8",
		"3232235777":         "192.168.1.1",
		"0xa.0.0.1":          "10.0.0.1",
		"012.0.0.1":          "10.0.0.1",
		"4294967295":         "255.255.255.255",
		"example.com":        "",
		"1.2.3.4.5":          "",
		"256.0.0.1":          "",
		"4294967296":         "",
		"1.2.65536":          "",
		"08.0.0.1":           "",
		"0x":                 "",
		"1..1":               "",
		"crm.internal":       "",
		"127.0.0.1.nip.io":   "",
		"-1":                 "",
		"0x1g":               "",
		"":                   "",
		"1e3":                "",
		"123.example":        "",
		"[not-an-address]":   "",
		"2001:db8::1:2:3:4:": "",
	} {
		a, ok := egress.ParseHost(host)
		got := ""
		if ok {
			got = a.String()
		}
		if got != want {
			t.Errorf("ParseHost(%q) = %q, want %q", host, got, want)
		}
	}
}

// TestCheckURLRefusesPrivateAddressesInEverySpelling is the check as an address is saved.
func TestCheckURLRefusesPrivateAddressesInEverySpelling(t *testing.T) {
	var strict *egress.Policy
	for raw, why := range map[string]string{
		"http://127.0.0.1/":                egress.WhyLoopback,
		"http://2130706433/":               egress.WhyLoopback,
		"http://0x7f000001/":               egress.WhyLoopback,
		"http://0177.0.0.1/":               egress.WhyLoopback,
		"http://127.1:8080/":               egress.WhyLoopback,
		"http://[::1]/":                    egress.WhyLoopback,
		"http://[::ffff:127.0.0.1]/":       egress.WhyLoopback,
		"http://[::ffff:7f00:1]/":          egress.WhyLoopback,
		"http://[::127.0.0.1]/":            egress.WhyLoopback,
		"http://[64:ff9b::7f00:1]/":        egress.WhyLoopback,
		"http://[2002:7f00:1::]/":          egress.WhyLoopback,
		"http://localhost:8080/":           egress.WhyLoopback,
		"http://LOCALHOST./":               egress.WhyLoopback,
		"http://api.localhost/":            egress.WhyLoopback,
		"http://169.254.169.254/latest/":   egress.WhyMetadata,
		"http://[::ffff:169.254.169.254]/": egress.WhyMetadata,
		"http://[fd00:ec2::254]/":          egress.WhyMetadata,
		"http://metadata.google.internal/": egress.WhyMetadata,
		"http://169.254.1.1/":              egress.WhyLinkLocal,
		"http://[fe80::1%25eth0]/":         egress.WhyLinkLocal,
		"http://10.0.0.7:8080/hook":        egress.WhyPrivate,
		"http://012.0.0.7/":                egress.WhyPrivate,
		"https://172.16.5.4/":              egress.WhyPrivate,
		"https://192.168.1.10/":            egress.WhyPrivate,
		"https://3232235786/":              egress.WhyPrivate,
		"https://[fd12:3456::1]/":          egress.WhyPrivate,
		"http://100.64.0.1/":               egress.WhySharedSpace,
		"http://0.0.0.0:8080/":             egress.WhyUnspecified,
		"http://0/":                        egress.WhyUnspecified,
		"http://[::]/":                     egress.WhyUnspecified,
		"http://224.0.0.1/":                egress.WhyMulticast,
		"http://255.255.255.255/":          egress.WhyReserved,
		"http://user:pw@127.0.0.1:9/x?y#z": egress.WhyLoopback,
	} {
		err := strict.CheckURL(raw)
		var refused *egress.RefusedError
		if !errors.As(err, &refused) || refused.Why != why {
			t.Errorf("CheckURL(%q) = %v, want refused as %s", raw, err, why)
		}
	}
	for _, raw := range []string{"https://example.com/hook", "http://8.8.8.8:8080/", "https://[2606:4700::1111]/", "https://crm.internal/in"} {
		if err := strict.CheckURL(raw); err != nil {
			t.Errorf("CheckURL(%q) = %v, want allowed (names are checked as they connect)", raw, err)
		}
	}
	for _, raw := range []string{"ftp://example.com/", "javascript:alert(1)", "/relative", "https:///path", "example.com", "http://example.com:0/", "http://example.com:99999/"} {
		if err := strict.CheckURL(raw); err == nil {
			t.Errorf("CheckURL(%q) passed, want refused", raw)
		}
	}
}

func TestAllowListLetsNamedHostsAndRangesThrough(t *testing.T) {
	p, err := egress.Parse(" crm.internal , hooks.lan:8443, 10.20.0.0/16, 192.168.1.7, [fd00::7]:8080, localhost ")
	if err != nil {
		t.Fatal(err)
	}
	for raw, allowed := range map[string]bool{
		"https://crm.internal/hook":        true,
		"https://CRM.Internal./hook":       true,
		"https://hooks.lan:8443/":          true,
		"https://hooks.lan/":               true, // a name cannot be judged before it resolves
		"http://10.20.3.4/":                true,
		"http://10.21.0.1/":                false,
		"http://192.168.1.7:9000/":         true,
		"http://3232235783/":               true, // 192.168.1.7 spelled otherwise
		"http://192.168.1.8/":              false,
		"http://[fd00::7]:8080/":           true,
		"http://[fd00::7]:8081/":           false,
		"http://localhost:3000/":           true,
		"http://127.0.0.1:3000/":           false, // allowed by name only
		"http://169.254.169.254/":          false,
		"http://0.0.0.0/":                  false,
		"http://metadata.google.internal/": false,
	} {
		err := p.CheckURL(raw)
		if allowed != (err == nil) {
			t.Errorf("CheckURL(%q) = %v, want allowed %v", raw, err, allowed)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "host:0", "host:http", "a b", "user@host"} {
		if _, err := egress.Parse(bad); err == nil {
			t.Errorf("Parse(%q) passed, want an error", bad)
		}
	}
	if p, err := egress.Parse(""); err != nil || p.CheckURL("http://10.0.0.1/") == nil {
		t.Errorf("an empty list: %v, %v; want nothing private allowed", p, err)
	}
	// 0.0.0.0 reaches the local host on Linux: no entry allows it.
	if p, _ := egress.Parse("0.0.0.0/0"); p.CheckURL("http://0.0.0.0/") == nil || p.CheckURL("http://10.1.1.1/") != nil {
		t.Error("0.0.0.0/0 must allow private ranges but never the unspecified address")
	}
}

// server counts the requests it gets.
func server(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, "internal secret")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// TestDialRefusesPrivateAddressesAsItConnects is the check that counts: on the address actually
// connected to, whatever the URL said.
func TestDialRefusesPrivateAddressesAsItConnects(t *testing.T) {
	srv, hits := server(t)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	client := (*egress.Policy)(nil).Client(5 * time.Second)
	for _, host := range []string{"127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.1", "[::ffff:127.0.0.1]", "localhost"} {
		res, err := client.Get("http://" + net.JoinHostPort(strings.Trim(host, "[]"), port) + "/")
		if res != nil {
			res.Body.Close()
		}
		var refused *egress.RefusedError
		if !errors.As(err, &refused) || refused.Why != egress.WhyLoopback {
			t.Errorf("%s: %v, want refused as loopback", host, err)
		}
		if reason, ok := egress.Reason(err); !ok || reason != "The destination address is not allowed (loopback)." {
			t.Errorf("%s: reason %q", host, reason)
		}
	}
	for _, addr := range []string{"169.254.169.254:80", "10.1.2.3:80", "192.168.0.1:80", "[fe80::1]:80", "[::1]:80", "0.0.0.0:" + port} {
		res, err := client.Get("http://" + addr + "/")
		if res != nil {
			res.Body.Close()
		}
		if _, ok := egress.Reason(err); !ok {
			t.Errorf("%s: %v, want refused before connecting", addr, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback server got %d requests", n)
	}
}

func TestDialAllowsWhatTheListAllows(t *testing.T) {
	srv, hits := server(t)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	get := func(p *egress.Policy, host string) error {
		res, err := p.Client(5 * time.Second).Get("http://" + net.JoinHostPort(host, port) + "/")
		if err == nil {
			res.Body.Close()
		}
		return err
	}
	byName, _ := egress.Parse("localhost")
	byAddr, _ := egress.Parse("127.0.0.1:" + port)
	byRange, _ := egress.Parse("127.0.0.0/8")
	otherPort, _ := egress.Parse("127.0.0.1:1")
	for _, c := range []struct {
		name   string
		p      *egress.Policy
		host   string
		passes bool
	}{
		{"a name allowed, as named", byName, "localhost", true},
		{"a name allowed, by address", byName, "127.0.0.1", false},
		{"an address and port", byAddr, "127.0.0.1", true},
		{"an address and port, spelled otherwise", byAddr, "2130706433", true},
		{"an address and port, by a name resolving there", byAddr, "localhost", true},
		{"a range", byRange, "127.0.0.1", true},
		{"an address on another port", otherPort, "127.0.0.1", false},
	} {
		err := get(c.p, c.host)
		if c.passes != (err == nil) {
			t.Errorf("%s: %v, want passing %v", c.name, err, c.passes)
		}
	}
	if n := hits.Load(); n != 5 {
		t.Errorf("the server got %d requests, want 5", n)
	}
}

func TestClientFollowsNoRedirect(t *testing.T) {
	target, hits := server(t)
	moved := httptest.NewServer(http.RedirectHandler(target.URL+"/elsewhere", http.StatusTemporaryRedirect))
	t.Cleanup(moved.Close)
	p, _ := egress.Parse("127.0.0.1")
	res, err := p.Client(5*time.Second).Post(moved.URL, "application/json", strings.NewReader(`{"signed":true}`))
	if res != nil {
		res.Body.Close()
	}
	if !errors.Is(err, egress.ErrRedirect) {
		t.Errorf("a redirect answered %v, want ErrRedirect", err)
	}
	if reason, ok := egress.Reason(err); !ok || !strings.Contains(reason, "redirect") {
		t.Errorf("reason %q", reason)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the redirect's target got %d requests", n)
	}
}

func TestPublic(t *testing.T) {
	for addr, public := range map[string]bool{"8.8.8.8:443": true, "[2606:4700::1111]:443": true, "127.0.0.1:80": false, "10.0.0.1:80": false, "[::ffff:10.0.0.1]:80": false} {
		a := net.TCPAddrFromAddrPort(netip.MustParseAddrPort(addr))
		if got := egress.Public(a); got != public {
			t.Errorf("Public(%s) = %v", addr, got)
		}
	}
}
