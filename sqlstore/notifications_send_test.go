package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// claimEmails claims the due jobs and returns the email jobs among them.
func claimEmails(t *testing.T, w *world) []*switchboard.Job {
	t.Helper()
	jobs, err := w.db.ClaimJobs(w.sys, "node", 100, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var out []*switchboard.Job
	for _, j := range jobs {
		if j.Kind == switchboard.JobSendNotificationEmail {
			out = append(out, j)
		}
	}
	return out
}

// mention makes a delivery a mention's, which emails by default (the email reads the agent's
// settings again).
func mention(d switchboard.NotifyDelivery) switchboard.NotifyDelivery {
	d.Trigger = switchboard.NotifyMention
	return d
}

func TestNotificationEmails(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		r := &tableRouter{table: map[switchboard.EventType][]switchboard.NotifyDelivery{
			switchboard.EventConversationCreated: {to(w.ann, mention(all("app email")))},
		}}
		// The account off: no email waits.
		w.start(t, w.superCtx, w.inbox1, w.carla, "one")
		followAll(t, w, r)
		if got := db.JobKeysForTest(switchboard.JobSendNotificationEmail); len(got) != 0 {
			t.Fatalf("email jobs with the account off: %v", got)
		}
		mailOn(t, w)
		w.start(t, w.superCtx, w.inbox1, w.dino, "two")
		followAll(t, w, r)
		if got := claimEmails(t, w); len(got) != 0 {
			t.Fatalf("the email ran before its delay: %v", got)
		}
		clock.Add(5*time.Minute + time.Second)
		jobs := claimEmails(t, w)
		if len(jobs) != 1 || !strings.Contains(string(jobs[0].Args), `"agent_id":`) || jobs[0].MaxAttempts != 8 {
			t.Fatalf("email jobs = %+v", jobs)
		}
		if _, err := db.PendingNotificationEmail(w.annCtx, w.ann.ID); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Fatalf("an agent reading emails: %v", err)
		}
		e, err := db.PendingNotificationEmail(w.sys, w.ann.ID)
		if err != nil || e == nil {
			t.Fatalf("pending email = %v, %v", e, err)
		}
		if len(e.Notifications) != 1 || e.Notifications[0].Title != string(switchboard.EventConversationCreated) || e.Agent.ID != w.ann.ID ||
			e.Agent.Email != "ann@team.test" || !e.Mail.Enabled || e.Mail.Host != "smtp.example.com" || e.MailPassword != "s3cret" || e.Mail.Password != "" {
			t.Fatalf("pending email = %+v (agent %+v, mail %+v)", e, e.Agent, e.Mail)
		}
		first := e.Notifications[0].ID
		// Another comes while the email is being sent: the sent one queues the next.
		elsa, err := db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Elsa"), Phone: ptr("+39 333 555 6666")})
		if err != nil {
			t.Fatal(err)
		}
		w.start(t, w.superCtx, w.inbox1, elsa, "four")
		followAll(t, w, r)
		if err := db.NotificationEmailSent(w.sys, w.ann.ID, []int64{first}); err != nil {
			t.Fatal(err)
		}
		if err := db.CompleteJob(w.sys, jobs[0].ID, "node"); err != nil {
			t.Fatal(err)
		}
		if got := db.JobKeysForTest(switchboard.JobSendNotificationEmail); len(got) != 1 {
			t.Fatalf("no next email after one sent with more waiting: %v", got)
		}
		clock.Add(5*time.Minute + time.Second)
		jobs = claimEmails(t, w)
		if len(jobs) != 1 {
			t.Fatalf("next email jobs = %+v", jobs)
		}
		e, err = db.PendingNotificationEmail(w.sys, w.ann.ID)
		if err != nil || e == nil || len(e.Notifications) == 0 {
			t.Fatalf("second email = %v, %v", e, err)
		}
		var ids []int64
		for _, n := range e.Notifications {
			if n.ID == first {
				t.Fatal("an emailed notification is pending again")
			}
			ids = append(ids, n.ID)
		}
		if err := db.NotificationEmailSent(w.sys, w.ann.ID, ids); err != nil {
			t.Fatal(err)
		}
		if err := db.CompleteJob(w.sys, jobs[0].ID, "node"); err != nil {
			t.Fatal(err)
		}
		if got := db.JobKeysForTest(switchboard.JobSendNotificationEmail); len(got) != 0 {
			t.Fatalf("an email queued with nothing waiting: %v", got)
		}
		if e, err := db.PendingNotificationEmail(w.sys, w.ann.ID); err != nil || e != nil {
			t.Fatalf("pending after all sent = %+v, %v", e, err)
		}
		// One comes after the running email read and marked its batch, before the job ends:
		// the job runs once more for it (an email is never left waiting without a job).
		fay, err := db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Fay"), Phone: ptr("+39 333 555 8888")})
		if err != nil {
			t.Fatal(err)
		}
		w.start(t, w.superCtx, w.inbox1, fay, "late")
		followAll(t, w, r)
		clock.Add(5*time.Minute + time.Second)
		jobs = claimEmails(t, w)
		if len(jobs) != 1 {
			t.Fatalf("email jobs = %+v", jobs)
		}
		if e, err = db.PendingNotificationEmail(w.sys, w.ann.ID); err != nil || e == nil {
			t.Fatalf("pending = %v, %v", e, err)
		}
		sent := []int64{}
		for _, n := range e.Notifications {
			sent = append(sent, n.ID)
		}
		if err := db.NotificationEmailSent(w.sys, w.ann.ID, sent); err != nil {
			t.Fatal(err)
		}
		gil, err := db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Gil"), Phone: ptr("+39 333 555 9999")})
		if err != nil {
			t.Fatal(err)
		}
		w.start(t, w.superCtx, w.inbox1, gil, "while sending")
		followAll(t, w, r)
		if err := db.CompleteJob(w.sys, jobs[0].ID, "node"); err != nil {
			t.Fatal(err)
		}
		clock.Add(5*time.Minute + time.Second)
		if jobs = claimEmails(t, w); len(jobs) != 1 {
			t.Fatalf("no email job for the notification that came while one was sent: %+v", jobs)
		}
		if e, err = db.PendingNotificationEmail(w.sys, w.ann.ID); err != nil || e == nil || len(e.Notifications) != 1 {
			t.Fatalf("pending after the late one = %+v, %v", e, err)
		}
		if err := db.NotificationEmailSent(w.sys, w.ann.ID, []int64{e.Notifications[0].ID}); err != nil {
			t.Fatal(err)
		}
		if err := db.CompleteJob(w.sys, jobs[0].ID, "node"); err != nil {
			t.Fatal(err)
		}
		// Unsubscribed: what waits is never sent.
		dan, err := db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Dan"), Phone: ptr("+39 333 555 7777")})
		if err != nil {
			t.Fatal(err)
		}
		w.start(t, w.superCtx, w.inbox1, dan, "five")
		followAll(t, w, r)
		if err := db.StopNotificationEmail(w.sys, w.ann.ID); err != nil {
			t.Fatal(err)
		}
		if e, err := db.PendingNotificationEmail(w.sys, w.ann.ID); err != nil || e != nil {
			t.Fatalf("pending after unsubscribing = %+v, %v", e, err)
		}
		if got := db.JobKeysForTest(switchboard.JobSendNotificationEmail); len(got) != 0 {
			t.Fatalf("an email job after unsubscribing: %v", got)
		}
	})
}

// TestNotificationEmailLeavesOut: notifications of an inbox the agent left are not emailed, nor
// any when the account was turned off.
func TestNotificationEmailLeavesOut(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		mailOn(t, w)
		r := &tableRouter{table: map[switchboard.EventType][]switchboard.NotifyDelivery{
			switchboard.EventConversationCreated: {to(w.ann, mention(all("email"))), to(w.admin, mention(all("email")))},
		}}
		w.start(t, w.superCtx, w.inbox1, w.carla, "one")
		followAll(t, w, r)
		if _, err := db.SetInboxMembers(w.sys, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{}}); err != nil {
			t.Fatal(err)
		}
		if e, err := db.PendingNotificationEmail(w.sys, w.ann.ID); err != nil || e != nil {
			t.Fatalf("an email of an inbox ann left = %+v, %v", e, err)
		}
		if e, err := db.PendingNotificationEmail(w.sys, w.admin.ID); err != nil || e == nil {
			t.Fatalf("the admin's email = %+v, %v", e, err)
		}
		if _, err := db.UpdateNotificationMail(w.adminCtx, &switchboard.NotificationMailSettings{Host: "smtp.example.com"}); err != nil {
			t.Fatal(err)
		}
		if e, err := db.PendingNotificationEmail(w.sys, w.admin.ID); err != nil || e != nil {
			t.Fatalf("an email with the account off = %+v, %v", e, err)
		}
		if e, err := db.PendingNotificationEmail(w.sys, 99999); err != nil || e != nil {
			t.Fatalf("an email of nobody = %+v, %v", e, err)
		}
	})
}

func TestNotificationMailSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.NotificationMail(w.annCtx); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Fatalf("an agent reading the mail account: %v", err)
		}
		if _, err := db.UpdateNotificationMail(w.superCtx, &switchboard.NotificationMailSettings{}); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Fatalf("a supervisor changing the mail account: %v", err)
		}
		if _, err := db.NotificationMailPassword(w.annCtx, &switchboard.NotificationMailSettings{}); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Fatalf("an agent reading the password: %v", err)
		}
		m, err := db.NotificationMail(w.adminCtx)
		if err != nil {
			t.Fatal(err)
		}
		if m.Enabled || m.Security != "starttls" || m.DelayMinutes != 5 || m.HasPassword {
			t.Fatalf("the first mail account = %+v", m)
		}
		in := &switchboard.NotificationMailSettings{Enabled: true, Host: "smtp.example.com", Port: 2525, Security: "tls", Username: "bell",
			Password: "s3cret", FromAddress: "bell@example.com", FromName: "Switchboard", DelayMinutes: 10}
		out, err := db.UpdateNotificationMail(w.adminCtx, in)
		if err != nil {
			t.Fatal(err)
		}
		if out.Password != "" || !out.HasPassword {
			t.Fatalf("saved = %+v", out)
		}
		if raw := db.RawNotificationMailPasswordForTest(); raw == "" || strings.Contains(raw, "s3cret") {
			t.Fatalf("the password is kept as %q", raw)
		}
		got, err := db.NotificationMail(w.adminCtx)
		if err != nil {
			t.Fatal(err)
		}
		want := *in
		want.Password, want.HasPassword = "", true
		if *got != want {
			t.Fatalf("read back %+v, want %+v", got, want)
		}
		// "" keeps the password.
		in.Password, in.FromName = "", "Bell"
		if _, err := db.UpdateNotificationMail(w.adminCtx, in); err != nil {
			t.Fatal(err)
		}
		if p, err := db.NotificationMailPassword(w.sys, in); err != nil || p != "s3cret" {
			t.Fatalf("password kept = %q, %v", p, err)
		}
		if p, err := db.NotificationMailPassword(w.adminCtx, in); err != nil || p != "s3cret" {
			t.Fatalf("password for an admin's test = %q, %v", p, err)
		}
		// The kept password is for its own server and user: another host, port, security or
		// user (a test to a server of someone else's, or a save pointing the account there)
		// must be given the password again.
		for name, change := range map[string]func(m *switchboard.NotificationMailSettings){
			"host":     func(m *switchboard.NotificationMailSettings) { m.Host = "smtp.attacker.example" },
			"port":     func(m *switchboard.NotificationMailSettings) { m.Port = 25 },
			"security": func(m *switchboard.NotificationMailSettings) { m.Security = "none" },
			"username": func(m *switchboard.NotificationMailSettings) { m.Username = "other" },
		} {
			other := *in
			change(&other)
			if p, err := db.NotificationMailPassword(w.adminCtx, &other); switchboard.ErrorCode(err) != switchboard.EINVALID || p != "" {
				t.Errorf("the kept password for another %s = %q, %v; want EINVALID", name, p, err)
			}
			if _, err := db.UpdateNotificationMail(w.adminCtx, &other); switchboard.ErrorCode(err) != switchboard.EINVALID {
				t.Errorf("saving another %s without the password: %v; want EINVALID", name, err)
			}
		}
		// No username: nothing to sign in with.
		in.Username = ""
		if out, err := db.UpdateNotificationMail(w.adminCtx, in); err != nil || out.HasPassword {
			t.Fatalf("without a username = %+v, %v", out, err)
		}
		if _, err := db.UpdateNotificationMail(w.adminCtx, &switchboard.NotificationMailSettings{Enabled: true, Security: "ssl"}); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Fatalf("an invalid account: %v", err)
		}
	})
}

// TestNotificationsCleanup: an erasure and an inbox's deletion take their notifications; prune
// deletes the old ones.
func TestNotificationsCleanup(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		r := &tableRouter{table: map[switchboard.EventType][]switchboard.NotifyDelivery{
			switchboard.EventConversationCreated: {to(w.admin, all("app"))},
		}}
		w.start(t, w.superCtx, w.inbox1, w.carla, "one")
		w.start(t, w.superCtx, w.inbox2, w.dino, "two")
		w.start(t, w.superCtx, w.inbox1, w.dino, "three")
		followAll(t, w, r)
		if got := db.CountRowsForTest("notifications"); got != 3 {
			t.Fatalf("%d notifications, want 3", got)
		}
		if err := db.DeleteContact(w.adminCtx, w.carla.ID); err != nil {
			t.Fatal(err)
		}
		if got := db.CountRowsForTest("notifications"); got != 2 {
			t.Fatalf("%d notifications after erasing carla, want 2", got)
		}
		if got := len(eventsOf(t, w, w.adminCtx, switchboard.EventNotificationCreated)); got != 2 {
			t.Fatalf("%d live events left after erasing carla, want 2 (its own emptied)", got)
		}
		if err := db.DeleteInbox(w.adminCtx, w.inbox2.ID); err != nil {
			t.Fatal(err)
		}
		if got := db.CountRowsForTest("notifications"); got != 1 {
			t.Fatalf("%d notifications after deleting inbox2, want 1", got)
		}
		if n, err := db.PruneNotifications(w.adminCtx, time.Now().Add(time.Hour)); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN || n != 0 {
			t.Fatalf("an admin pruning = %d, %v", n, err)
		}
		if n, err := db.PruneNotifications(w.sys, time.Now().Add(-switchboard.NotificationRetention)); err != nil || n != 0 {
			t.Fatalf("prune of nothing old = %d, %v", n, err)
		}
		if n, err := db.PruneNotifications(w.sys, time.Now().Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("prune = %d, %v", n, err)
		}
		if got := db.CountRowsForTest("notifications"); got != 0 {
			t.Fatalf("%d notifications after pruning", got)
		}
	})
}

// TestNotificationsPermissions: the service is the acting agent's; the store's side the
// system's.
func TestNotificationsPermissions(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		wantCode(t, func() error { _, err := db.Notifications(w.sys, &switchboard.NotificationFilter{}); return err }(), switchboard.EINVALID)
		wantCode(t, func() error {
			_, err := db.MarkNotificationsRead(w.sys, &switchboard.NotificationRead{All: true})
			return err
		}(), switchboard.EINVALID)
		wantCode(t, func() error { _, err := db.NotificationSettings(w.sys); return err }(), switchboard.EINVALID)
		wantCode(t, func() error { _, err := db.PushSubscriptions(w.sys); return err }(), switchboard.EINVALID)
		wantCode(t, func() error { _, err := db.VAPIDPublicKey(w.sys); return err }(), switchboard.EINVALID)
		wantCode(t, db.UnsubscribePush(w.sys, 1), switchboard.EINVALID)
		wantCode(t, func() error { _, err := db.FollowNotifications(w.annCtx, &tableRouter{}, 10); return err }(), switchboard.EFORBIDDEN)
		wantCode(t, db.PushSent(w.annCtx, 1), switchboard.EFORBIDDEN)
		wantCode(t, db.PushGone(w.annCtx, 1), switchboard.EFORBIDDEN)
		wantCode(t, db.NotificationEmailSent(w.adminCtx, w.ann.ID, []int64{1}), switchboard.EFORBIDDEN)
		// An admin reaches only their own.
		if s, err := db.NotificationSettings(w.adminCtx); err != nil || s == nil {
			t.Fatalf("an admin's own settings: %v", err)
		}
	})
}
