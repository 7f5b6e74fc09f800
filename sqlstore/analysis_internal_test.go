package sqlstore

import (
	"context"
	"testing"
	"time"
)

// BenchmarkAnalysisSwitchOff measures what a workspace with analysis off pays per stored message
// for the assistant: reading the remembered switch (no statement).
func BenchmarkAnalysisSwitchOff(b *testing.B) {
	at := time.Now() // a still clock: the entry stays fresh (it is read again every second in use)
	db := &DB{now: func() time.Time { return at }}
	db.initRemembered()
	db.liveAssistant.put(struct{}{}, assistantSwitch{}, db.configGen.Load())
	ctx := context.Background()
	for b.Loop() {
		sw, err := db.assistantSwitchOf(ctx, nil, false)
		if err != nil || sw.analysis {
			b.Fatal(err)
		}
	}
}
