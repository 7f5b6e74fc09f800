package switchboard

import (
	"context"
	"encoding/json"
	"time"
)

// JobState is where a background job stands.
type JobState string

// The job states. A job is available until a worker claims it (running); it ends completed,
// failed (after its last attempt, or a final error) or cancelled.
const (
	JobAvailable JobState = "available"
	JobRunning   JobState = "running"
	JobCompleted JobState = "completed"
	JobFailed    JobState = "failed"
	JobCancelled JobState = "cancelled"
)

// Job is a durable piece of deferred work: sending a message, delivering a webhook, waking a
// snoozed conversation. Jobs are inserted in the same transaction as the change that causes them,
// so a committed change always has its follow-up work, and a rolled-back one never does.
type Job struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	Args        json.RawMessage `json:"args"`
	State       JobState        `json:"state"`
	Attempt     int             `json:"attempt"` // attempts made, including a running one
	MaxAttempts int             `json:"max_attempts"`
	RunAt       time.Time       `json:"run_at"`
	LastError   string          `json:"last_error"`
	CreatedAt   time.Time       `json:"created_at"`
	FinishedAt  *time.Time      `json:"finished_at"`
}

// JobService is the durable queue the job runner works from (system only).
type JobService interface {
	// ClaimJobs marks up to limit due jobs running on node, leased until now+lease, and returns
	// them; on PostgreSQL nodes never claim the same job.
	ClaimJobs(ctx context.Context, node string, limit int, lease time.Duration) ([]*Job, error)
	// CompleteJob, RetryJob and FailJob end an attempt of a job this node holds.
	CompleteJob(ctx context.Context, id int64, node string) error
	RetryJob(ctx context.Context, id int64, node string, at time.Time, errMsg string) error
	FailJob(ctx context.Context, id int64, node string, errMsg string) error
	// RescueJobs makes jobs whose lease ran out (their node died) available again.
	RescueJobs(ctx context.Context) (int, error)
	// TakeBackJobs makes the jobs that an earlier run of a node left running available again at
	// once: those leased to node's name ("node/…") but not by this run (leases "run.…"; see the
	// jobs package's Options.Node).
	TakeBackJobs(ctx context.Context, node, run string) (int, error)
	// ReleaseJobs makes the jobs leased under one claim's name available again, the attempt it
	// counted undone: for a claim whose commit failed, which may have leased them all the same
	// (the connection broke as PostgreSQL committed) while the node runs none of them.
	ReleaseJobs(ctx context.Context, lease string) (int, error)
	// NextJobAt returns when the earliest available job is due, or false if none is.
	NextJobAt(ctx context.Context) (time.Time, bool, error)
	// FindJobs lists jobs in a state, newest first (admins), so final failures are visible.
	FindJobs(ctx context.Context, state JobState, limit int) ([]*Job, error)
	// JobsChanged is signalled when this process committed new jobs.
	JobsChanged() <-chan struct{}
}

// The kinds of jobs and their arguments: the contract between the changes that enqueue them and
// the handlers that run them.
const (
	// JobDeliverMessage sends an outgoing message through its channel.
	JobDeliverMessage = "deliver_message"
	// JobWakeConversation reopens a snoozed conversation when its time comes.
	JobWakeConversation = "wake_conversation"
	// JobSendScheduled turns a scheduled message into a reply when its time comes.
	JobSendScheduled = "send_scheduled_message"
	// JobPurgeUpload removes an upload never sent, when UploadTTL has passed.
	JobPurgeUpload = "purge_upload"
	// JobDeliverWebhook sends one outgoing webhook delivery; its retries are the job's.
	JobDeliverWebhook = "deliver_webhook"
)

// DeliverMessageArgs are the arguments of a JobDeliverMessage job.
type DeliverMessageArgs struct {
	MessageID int64 `json:"message_id"`
}

// WakeConversationArgs are the arguments of a JobWakeConversation job.
type WakeConversationArgs struct {
	ConversationID int64 `json:"conversation_id"`
}

// DeliverWebhookArgs are the arguments of a JobDeliverWebhook job: the delivery's row id.
type DeliverWebhookArgs struct {
	DeliveryID int64 `json:"delivery_id"`
}

// SendScheduledArgs are the arguments of a JobSendScheduled job.
type SendScheduledArgs struct {
	ScheduledMessageID int64 `json:"scheduled_message_id"`
}

// PurgeUploadArgs are the arguments of a JobPurgeUpload job.
type PurgeUploadArgs struct {
	UploadID int64 `json:"upload_id"`
}

// The jobs of messaging channels.
const (
	// JobFetchMedia downloads an inbound attachment from its provider into the file store.
	JobFetchMedia = "fetch_media"
	// JobSendReaction sends the business's reaction on a message (or its removal).
	JobSendReaction = "send_reaction"
	// JobMarkRead tells the provider an agent has read the customer's messages up to one.
	JobMarkRead = "mark_read"
	// JobSyncTemplates fetches an inbox's message templates from its provider.
	JobSyncTemplates = "sync_templates"
	// JobCheckCredentials asks the provider whether an inbox's credentials work (Messenger's
	// page token, against the Graph API's /me), for the inbox's health.
	JobCheckCredentials = "check_credentials"
	// JobRefreshToken renews a token Switchboard obtained before it expires (Instagram
	// Login's long-lived token), when IssuedToken.RefreshAt comes.
	JobRefreshToken = "refresh_token"
	// JobFetchProfile asks the provider the name of a customer its webhooks do not name
	// (Messenger's User Profile API), for the contact just created.
	JobFetchProfile = "fetch_profile"
)

// Profile is what a provider says of a customer its webhooks do not describe: their name, and
// where their picture is (a source the connector's MediaFetcher reads; "" for none).
type Profile struct {
	Name    string
	Picture string
}

// FetchProfileArgs are the arguments of a JobFetchProfile job: the contact, its address on the
// inbox's channel, and the name it was created with, which the provider's replaces only while
// no one changed it.
type FetchProfileArgs struct {
	InboxID     int64  `json:"inbox_id"`
	ContactID   int64  `json:"contact_id"`
	ExternalID  string `json:"external_id"`
	Placeholder string `json:"placeholder"`
}

// CheckCredentialsArgs are the arguments of a JobCheckCredentials job.
type CheckCredentialsArgs struct {
	InboxID int64 `json:"inbox_id"`
}

// RefreshTokenArgs are the arguments of a JobRefreshToken job.
type RefreshTokenArgs struct {
	InboxID int64 `json:"inbox_id"`
}

// FetchMediaArgs are the arguments of a JobFetchMedia job.
type FetchMediaArgs struct {
	AttachmentID int64 `json:"attachment_id"`
}

// SendReactionArgs are the arguments of a JobSendReaction job.
type SendReactionArgs struct {
	ReactionID int64 `json:"reaction_id"`
}

// MarkReadArgs are the arguments of a JobMarkRead job: the newest customer message read.
type MarkReadArgs struct {
	MessageID int64 `json:"message_id"`
}

// SyncTemplatesArgs are the arguments of a JobSyncTemplates job.
type SyncTemplatesArgs struct {
	InboxID int64 `json:"inbox_id"`
}
