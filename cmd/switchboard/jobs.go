package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/automation"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/apichannel"
	"github.com/switchboardhq/switchboard/channel/email"
	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/channel/twilio"
	"github.com/switchboardhq/switchboard/channel/webchat"
	"github.com/switchboardhq/switchboard/channel/whatsapp"
	"github.com/switchboardhq/switchboard/delivery"
	"github.com/switchboardhq/switchboard/jobs"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/webhooks"
)

// channels registers every channel kind this build can send on, once per Main.
func (m *Main) channels() *channel.Registry {
	m.registryOnce.Do(func() {
		// Every address an admin types in is reached through the egress policy. The API
		// channel signs what it posts, so it follows no redirect; the providers' files, and
		// those integrations link, answer with redirects to their storage, each connection
		// checked like the first. Tests may give a client of their own (Main.Client).
		signed, provider := m.egress.Client(30*time.Second), m.egress.ClientFollowingRedirects(30*time.Second)
		if m.Client != nil {
			signed, provider = m.Client, m.Client
		}
		m.client = provider
		m.registry = channel.NewRegistry(&apichannel.Connector{Client: signed},
			&whatsapp.Connector{Client: provider, Files: m.openFile},
			&messenger.Connector{Client: provider, TokenClient: signed, Files: m.openFile},
			&instagram.Connector{Connector: messenger.Connector{Client: provider, TokenClient: signed, Files: m.openFile}},
			&twilio.Connector{Channel: switchboard.ChannelWhatsApp, Client: provider},
			&twilio.Connector{Channel: switchboard.ChannelSMS, Client: provider},
			&email.Connector{Files: m.openFile, OAuth: m.oauth()},
			&m.webchat)
		m.registry.Egress = m.egress
	})
	return m.registry
}

// outbound is the client every call out of the server goes through: to providers and
// integrations, for their files, and for the remote images of messages (Main.Client, or one
// with a 30-second timeout).
func (m *Main) outbound() *http.Client {
	m.channels()
	return m.client
}

// jobRunner wires the handler of every kind of background job.
func (m *Main) jobRunner(db *sqlstore.DB, log *slog.Logger, cfg *Config, node string) *jobs.Runner {
	r := jobs.New(db, log, jobs.Options{Lease: cfg.JobLease, Node: node, Unavailable: sqlstore.Unavailable})
	d := &delivery.Deliverer{Store: db, Channels: m.channels(), Log: log, Health: db}
	r.Handle(switchboard.JobDeliverMessage, d.Handle)
	r.OnGiveUp(switchboard.JobDeliverMessage, d.GiveUp)
	cw := m.channelWorker(db, log)
	r.Handle(switchboard.JobFetchMedia, cw.FetchMedia)
	r.Handle(switchboard.JobSendReaction, cw.SendReaction)
	r.Handle(switchboard.JobMarkRead, cw.MarkRead)
	r.Handle(switchboard.JobSyncTemplates, cw.SyncTemplates)
	r.Handle(switchboard.JobCheckCredentials, cw.CheckCredentials)
	r.Handle(switchboard.JobRefreshToken, cw.RefreshToken)
	r.Handle(switchboard.JobFetchProfile, cw.FetchProfile)
	r.Handle(switchboard.JobFetchPost, cw.FetchPost)
	r.Handle(switchboard.JobEmailVisitor, (&webchat.Emailer{Store: db, Channels: m.channels(), Connected: m.visitorConnected}).Handle)
	hooks := &webhooks.Sender{Store: db, Log: log, Client: cfg.Egress.Client(15 * time.Second)}
	r.Handle(switchboard.JobDeliverWebhook, hooks.Handle)
	r.Handle(switchboard.JobDeliverBot, (&webhooks.BotSender{Store: db, Sender: hooks, Log: log}).Handle)
	r.Handle(switchboard.JobWakeConversation, func(ctx context.Context, j *switchboard.Job) error {
		var a switchboard.WakeConversationArgs
		if err := json.Unmarshal(j.Args, &a); err != nil {
			return jobs.Final(err)
		}
		return untilDue(db.WakeConversation(ctx, a.ConversationID))
	})
	r.Handle(switchboard.JobSendScheduled, func(ctx context.Context, j *switchboard.Job) error {
		var a switchboard.SendScheduledArgs
		if err := json.Unmarshal(j.Args, &a); err != nil {
			return jobs.Final(err)
		}
		return untilDue(db.SendScheduledMessage(ctx, a.ScheduledMessageID))
	})
	assigner := &automation.Assigner{Store: db, Teams: db}
	r.Handle(switchboard.JobAutoAssign, assigner.Handle)
	r.Handle(switchboard.JobAutoAssignTeam, assigner.HandleTeam)
	r.Handle(switchboard.JobReturnToQueue, assigner.Return)
	engine := m.ruleEngine(db)
	r.Handle(switchboard.JobRunRules, engine.RunRules)
	r.Handle(switchboard.JobRuleTimer, engine.RunTimer)
	surveyor := &automation.Surveyor{Store: db, Form: m.channels().SurveyForm, PublicURL: cfg.PublicURL, Log: log}
	r.Handle(switchboard.JobCSATSurvey, surveyor.Handle)
	r.Handle(switchboard.JobSLATimer, (&automation.SLATimers{Store: db}).Handle)
	ai := m.assistant(db, log, cfg)
	r.Handle(switchboard.JobAnalyseTurn, ai.HandleAnalyse)
	r.Handle(switchboard.JobTrainLabels, ai.HandleTrain)
	r.Handle(switchboard.JobContactImport, func(ctx context.Context, j *switchboard.Job) error {
		var a switchboard.ContactImportArgs
		if err := json.Unmarshal(j.Args, &a); err != nil {
			return jobs.Final(err)
		}
		return db.RunContactImport(ctx, a.ImportID)
	})
	r.Handle(switchboard.JobPurgeUpload, func(ctx context.Context, j *switchboard.Job) error {
		var a switchboard.PurgeUploadArgs
		if err := json.Unmarshal(j.Args, &a); err != nil {
			return jobs.Final(err)
		}
		return db.PurgeUpload(ctx, a.UploadID)
	})
	return r
}

// ruleEngine is the rules engine, one per Main: its jobs and the API's dry runs share the
// compiled conditions.
func (m *Main) ruleEngine(db *sqlstore.DB) *automation.Engine {
	m.rulesOnce.Do(func() { m.rules = &automation.Engine{Store: db} })
	return m.rules
}

// oauth signs email inboxes in with Google or Microsoft, one token cache per Main (the
// connector's consent, and the mail sync's access tokens).
func (m *Main) oauth() *email.OAuth {
	m.oauthOnce.Do(func() { m.oauthClient = &email.OAuth{Client: m.egress.Client(30 * time.Second)} })
	return m.oauthClient
}

// channelWorker receives provider webhooks and runs the channels' jobs.
func (m *Main) channelWorker(db *sqlstore.DB, log *slog.Logger) *channel.Worker {
	channels := m.channels() // chooses m.client
	return &channel.Worker{Store: db, Channels: channels, Log: log, Client: m.client}
}

// openFile opens a stored attachment for a connector that uploads it to its provider.
func (m *Main) openFile(ctx context.Context, key string) (io.ReadCloser, error) {
	if m.files == nil {
		return nil, errors.New("no file store")
	}
	return m.files.Open(ctx, key)
}

// untilDue turns a "not due yet" answer into a retry at the time it names.
func untilDue(err error) error {
	var later *switchboard.NotDueError
	if errors.As(err, &later) {
		return jobs.RetryAfter(err, time.Until(later.At))
	}
	return err
}
