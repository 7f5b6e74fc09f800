package sqlstore

import (
	"sync/atomic"
	"testing"
	"time"
)

// A remembered read is used while it is young and the configuration unchanged; a change
// committed on this node, or the passing of rememberFor, makes the store ask again.
func TestRememberedExpiresAndFollowsChanges(t *testing.T) {
	var gen atomic.Int64
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	r := remembered[string, int]{gen: &gen, clock: func() time.Time { return now }}
	if _, _, ok := r.get("a"); ok {
		t.Fatal("an empty map remembered something")
	}
	_, g, _ := r.get("a")
	r.put("a", 1, g)
	if v, _, ok := r.get("a"); !ok || v != 1 {
		t.Fatalf("get after put = %d, %v", v, ok)
	}
	now = now.Add(rememberFor)
	if _, _, ok := r.get("a"); ok {
		t.Error("a read older than rememberFor was used")
	}

	_, g, _ = r.get("b")
	gen.Add(1) // a change commits while "b" is being read: what was read may predate it
	r.put("b", 2, g)
	if _, _, ok := r.get("b"); ok {
		t.Error("a read that raced a change was used")
	}
	_, g, _ = r.get("b")
	r.put("b", 3, g)
	gen.Add(1)
	if _, _, ok := r.get("b"); ok {
		t.Error("a read from before a change was used after it")
	}
}

// Entries past their time are swept out, so signing in again and again does not grow the map
// without end; fresh ones stay.
func TestRememberedIsSwept(t *testing.T) {
	var gen atomic.Int64
	now := time.Now()
	r := remembered[string, int]{gen: &gen, clock: func() time.Time { return now }}
	r.put("old", 0, 0)
	now = now.Add(2 * rememberFor)
	for i := range sweepRememberedEvery - 1 {
		r.put(string(rune('a'+i%26))+time.Duration(i).String(), i, 0)
	}
	if _, ok := r.m.Load("old"); ok {
		t.Error("an expired entry outlived the sweep")
	}
	if _, _, ok := r.get("a0s"); !ok {
		t.Error("a fresh entry was swept")
	}
}
