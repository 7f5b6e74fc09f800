package sqlstore

import (
	"fmt"
	"testing"
	"time"
)

// Remembered verifications past their time are swept out, so signing in again and again does
// not grow the map without end; fresh ones stay.
func TestVerifiedSecretsAreSwept(t *testing.T) {
	db := &DB{}
	now := time.Now()
	db.remember("old", &verifiedSecret{until: now.Add(-time.Minute)})
	for i := range sweepVerifiedEvery - 1 {
		db.remember(fmt.Sprint(i), &verifiedSecret{until: now.Add(verifiedTTL)})
	}
	if _, ok := db.verifiedSecrets.Load("old"); ok {
		t.Error("an expired verification outlived the sweep")
	}
	if c, _ := db.verified("0", now); c == nil {
		t.Error("a fresh verification was swept")
	}
}
