package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/notify"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// BenchmarkFollowNotifications measures the notification follower catching up with the events
// of 1,000 customer messages in 100 conversations, each assigned to one of 20 agents (all
// members of the inbox, one browser subscribed each), with package notify's router: every
// message is a notification for its assignee (the bell, a live event and a push job). Reported
// per event read and per customer message: what notifying adds to an inbound message, off its
// path. Each round writes 1,000 new messages (not timed), then times the steps. The events read
// include the follower's own notification.created events, which it reads past (skipping them)
// at the start of the next round.
func BenchmarkFollowNotifications(b *testing.B) {
	for _, e := range sqltest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			db, _ := e.Open(b, sqltest.Options{})
			sys := switchboard.NewSystemContext(context.Background())
			const agents, convs, messages = 20, 100, 1000
			inbox, err := db.CreateInbox(sys, &switchboard.InboxInput{Kind: switchboard.ChannelWhatsApp, Name: ptr("Bench")})
			if err != nil {
				b.Fatal(err)
			}
			ids := make([]int64, agents)
			for i := range agents {
				a, err := db.CreateAgent(sys, &switchboard.AgentCreate{Name: fmt.Sprintf("Agent %d", i), Email: fmt.Sprintf("a%d@team.test", i),
					Role: switchboard.RoleAgent, Password: "correct horse battery", TimeZone: "Europe/Rome"})
				if err != nil {
					b.Fatal(err)
				}
				ids[i] = a.ID
				in := &switchboard.PushSubscriptionInput{Endpoint: fmt.Sprintf("https://push.example.com/%d", i), UserAgent: "Firefox"}
				in.Keys.P256dh = "B" + strings.Repeat("A", 86)
				in.Keys.Auth = strings.Repeat("A", 22)
				if _, err := db.SubscribePush(switchboard.NewContextWithAgent(context.Background(), a), in); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := db.SetInboxMembers(sys, inbox.ID, &switchboard.InboxMembers{AgentIDs: ids}); err != nil {
				b.Fatal(err)
			}
			receive := func(n int) int64 {
				_, c, _, err := db.Receive(sys, &switchboard.InboundMessage{InboxID: inbox.ID, From: fmt.Sprintf("+39333%07d", n%convs),
					ProviderID: fmt.Sprintf("n-%d", n), Text: "hello, is my order on its way?"})
				if err != nil {
					b.Fatal(err)
				}
				return c.ID
			}
			for n := range convs {
				if _, err := db.Assign(sys, receive(n), switchboard.Assignment{AgentID: &ids[n%agents]}); err != nil {
					b.Fatal(err)
				}
			}
			followNotifications(b, db, sys) // the conversations' own notifications, not measured
			var read, sent int
			var spent time.Duration
			for b.Loop() {
				b.StopTimer()
				for range messages {
					receive(convs + sent)
					sent++
				}
				b.StartTimer()
				start := time.Now()
				read += followNotifications(b, db, sys)
				spent += time.Since(start)
			}
			// One push per assignment and per message; the first message of each conversation,
			// routed after its assignment (facts as they are now), goes to its assignee too.
			if got := len(db.JobKeysForTest(switchboard.JobSendPush)); got != 2*convs+sent {
				b.Fatalf("%d push jobs, want %d (one per assignment and message)", got, 2*convs+sent)
			}
			b.ReportMetric(float64(spent.Nanoseconds())/float64(read), "ns/event")
			b.ReportMetric(float64(spent.Nanoseconds())/float64(sent), "ns/message")
		})
	}
}

// followNotifications steps the follower with package notify's router until it is caught up
// and returns how many events it read.
func followNotifications(b *testing.B, db *sqlstore.DB, sys context.Context) int {
	total := 0
	for {
		n, err := db.FollowNotifications(sys, notify.Router{}, 200)
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
}
