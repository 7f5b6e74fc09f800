package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
	"github.com/switchboardhq/switchboard/notify"
	"github.com/switchboardhq/switchboard/sqlstore"
)

// notifier is the notifications' senders, made once per serve: the job handlers, the admins'
// test email and the unsubscribe links share them.
type notifier struct {
	pusher      *notify.Pusher
	mailer      *notify.Mailer
	unsubscribe *notify.Unsubscribe
}

// newNotifier wires the senders: pushes and emails go out through the egress policy (a push
// service's address is whatever a browser handed in; an SMTP server's is what an admin typed),
// unsubscribe links are signed with the installation's secret key.
func (m *Main) newNotifier(db *sqlstore.DB, cfg *Config, log *slog.Logger) *notifier {
	client := cfg.Egress.Client(30 * time.Second)
	if m.Client != nil {
		client = m.Client
	}
	u := &notify.Unsubscribe{Key: m.secret, Store: db}
	return &notifier{
		pusher:      &notify.Pusher{Store: db, Client: client, Log: log},
		mailer:      &notify.Mailer{Store: db, Dial: cfg.Egress.DialContext, Unsubscribe: u},
		unsubscribe: u,
	}
}

// handle registers the notifications' jobs. The public URL is known once the server listens,
// before the runner starts: the emails' links and the push subject take it then.
func (n *notifier) handle(r *jobs.Runner, cfg *Config) {
	n.mailer.BaseURL = cfg.PublicURL
	n.pusher.Subject = cfg.pushSubject()
	r.Handle(switchboard.JobSendPush, n.pusher.Send)
	r.Handle(switchboard.JobSendNotificationEmail, n.mailer.Send)
}

// followNotifications routes new events into notifications until ctx ends, woken by the hub
// as events are published.
func followNotifications(ctx context.Context, db *sqlstore.DB, log *slog.Logger, every time.Duration, wake <-chan struct{}) {
	(&notify.Follower{Store: db, Router: notify.Router{}, Log: log, Every: every, Wake: wake}).Run(ctx)
}
