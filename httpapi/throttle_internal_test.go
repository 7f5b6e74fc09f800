package httpapi

import (
	"fmt"
	"testing"
	"time"
)

// The throttle's memory is bounded: each table keeps its most recently used keys.
func TestLoginThrottleBounded(t *testing.T) {
	th := newLoginThrottle(3)
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for range pairFree {
		if a, _ := th.begin("ada@team.test", "192.0.2.1", now); a == nil {
			t.Fatal("refused before the limit")
		}
	}
	if a, wait := th.begin("ada@team.test", "192.0.2.1", now); a != nil || wait != firstDelay {
		t.Fatalf("after %d failures: %v, wait %v", pairFree, a, wait)
	}
	for i := range 1000 {
		th.begin(fmt.Sprintf("user%d@team.test", i), fmt.Sprintf("198.51.100.%d", i%250), now)
	}
	for name, c := range map[string]*counterTable{"pairs": &th.pairs, "addresses": &th.addresses, "accounts": &th.accounts} {
		if c.lru.Len() != 3 || len(c.byKey) != 3 {
			t.Errorf("%s hold %d keys (%d in the map), want 3", name, c.lru.Len(), len(c.byKey))
		}
	}
	// The oldest keys went first: Ada's pair is forgotten, the last user's is kept.
	if th.pairs.find("ada@team.test 192.0.2.1", false) != nil || th.pairs.find("user999@team.test 198.51.100.249", false) == nil {
		t.Error("the table did not drop its least recently used keys")
	}
	if a, _ := th.begin("ada@team.test", "192.0.2.1", now); a == nil {
		t.Error("a forgotten key is still locked")
	}
}

func TestInWords(t *testing.T) {
	for secs, want := range map[int]string{1: "1 second", 59: "59 seconds", 60: "1 minute", 61: "2 minutes", 900: "15 minutes"} {
		if got := inWords(secs); got != want {
			t.Errorf("inWords(%d) = %q, want %q", secs, got, want)
		}
	}
}
