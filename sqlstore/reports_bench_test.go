package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/reports"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestReportsOutOfOrderCommits follows the log while writers commit concurrently, each commit
// held back a random moment so that on PostgreSQL later event ids commit before earlier ones:
// every customer message is counted once, none skipped, none twice.
func TestReportsOutOfOrderCommits(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Reports: fakeFolder{}}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		const writers, messages = 4, 25
		db.SetBeforeCommitForTest(func() { time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond) })
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range messages {
					if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: fmt.Sprintf("+39333000%04d", i),
						ProviderID: fmt.Sprintf("o-%d-%d", i, n), Text: "hi"}); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		for running := true; running; {
			select {
			case <-done:
				running = false
			case err := <-errs:
				t.Fatal(err)
			default:
				if _, err := db.FollowReports(w.sys, 7); err != nil {
					t.Fatal(err)
				}
			}
		}
		db.SetBeforeCommitForTest(nil)
		follow(t, w)
		if got, want := total(t, w, "all/"), fmt.Sprintf("%d,%d", writers, writers*messages); got != want {
			t.Fatalf("all = %s, want %s", got, want)
		}
	})
}

// BenchmarkFollowReports measures steps of the follower over the events of 1,000 customer
// messages in 100 conversations, per event and per message: with the small fake folder (the store's part of the work) and
// with package reports' folder.
func BenchmarkFollowReports(b *testing.B) {
	folders := map[string]switchboard.ReportFolder{"fake": fakeFolder{}, "reports": reports.NewFolder()}
	for _, e := range sqltest.Engines(b) {
		for _, name := range []string{"fake", "reports"} {
			b.Run(e.Name+"/"+name, func(b *testing.B) {
				benchFollow(b, e, folders[name])
			})
		}
	}
}

func benchFollow(b *testing.B, e sqltest.Engine, folder switchboard.ReportFolder) {
	db, _ := e.Open(b, sqltest.Options{Reports: folder})
	sys := switchboard.NewSystemContext(context.Background())
	inbox, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Bench")})
	if err != nil {
		b.Fatal(err)
	}
	const events = 2000
	for n := range events / 2 { // a message and its contact's or conversation's event, about
		if _, _, _, err := db.Receive(sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: fmt.Sprintf("+39333%07d", n%100),
			ProviderID: fmt.Sprintf("b-%d", n), Text: "hello"}); err != nil {
			b.Fatal(err)
		}
	}
	var folded int
	var spent time.Duration
	for b.Loop() {
		b.StopTimer()
		if err := db.RewindReportsForTest(sys); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		for {
			n, err := db.FollowReports(sys, 500)
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				break
			}
			folded += n
		}
		spent += time.Since(start)
	}
	b.ReportMetric(float64(spent.Nanoseconds())/float64(folded), "ns/event")
	// Per customer message: what recording the facts adds to an inbound message, off its path.
	b.ReportMetric(float64(spent.Nanoseconds())/float64(b.N*events/2), "ns/message")
}

// BenchmarkReportHistory measures the history backfill (ResetReports, then the follower with a
// limit of 5,000: 500 conversations a step), per conversation of ten messages.
func BenchmarkReportHistory(b *testing.B) {
	for _, e := range sqltest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			db, _ := e.Open(b, sqltest.Options{Reports: fakeFolder{}})
			sys := switchboard.NewSystemContext(context.Background())
			inbox, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Bench")})
			if err != nil {
				b.Fatal(err)
			}
			const convs = 1000
			day := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
			var batch switchboard.ImportBatch
			for n := range convs {
				c := switchboard.ImportConversation{ExternalID: fmt.Sprintf("h-%d", n), CreatedAt: day,
					Contact: switchboard.ImportContact{Name: "C", Phone: fmt.Sprintf("+39333%07d", n)}}
				for m := range 10 {
					c.Messages = append(c.Messages, switchboard.ImportMessage{Direction: "incoming", Text: "hi", CreatedAt: day.Add(time.Duration(m) * time.Minute)})
				}
				batch.Conversations = append(batch.Conversations, c)
				if len(batch.Conversations) == 500 {
					if _, err := db.ImportConversations(sys, inbox.ID, &batch); err != nil {
						b.Fatal(err)
					}
					batch.Conversations = nil
				}
			}
			var spent time.Duration
			for b.Loop() {
				b.StopTimer()
				if err := db.ResetReports(sys); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				for {
					n, err := db.FollowReports(sys, 5000)
					if err != nil {
						b.Fatal(err)
					}
					if n == 0 {
						break
					}
				}
				spent += time.Since(start)
			}
			b.ReportMetric(float64(spent.Nanoseconds())/float64(b.N*convs), "ns/conversation")
		})
	}
}
