package switchboard

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Notifications tell an agent that something needs them (a conversation assigned to them, a
// customer's answer, a mention) wherever they are: in the app (the bell), as a browser push
// with the tab closed, in a batched email, and with a sound. Package notify decides who is told
// what and by which medium (NotificationRouter); the store follows the event log and keeps what
// it decides, exactly once per event and agent (NotificationStore.FollowNotifications).

// NotificationTrigger names what an agent may be notified of.
type NotificationTrigger string

// The triggers.
const (
	// NotifyAssigned: a conversation was assigned to me, by someone else or a rule.
	NotifyAssigned NotificationTrigger = "assigned"
	// NotifyMessage: a customer wrote in a conversation assigned to me.
	NotifyMessage NotificationTrigger = "message"
	// NotifyMention: someone (or a rule) mentioned me in a private note.
	NotifyMention NotificationTrigger = "mention"
	// NotifyUnassigned: a new conversation without an assignee, in an inbox I see.
	NotifyUnassigned NotificationTrigger = "unassigned"
	// NotifySLAWarning and NotifySLABreached: an SLA target of my conversation (or of an
	// unassigned one in an inbox I see) is about to be, or was, missed.
	NotifySLAWarning  NotificationTrigger = "sla_warning"
	NotifySLABreached NotificationTrigger = "sla_breached"
	// NotifyHandoff: a bot handed a conversation over to people (mine, or unassigned in an
	// inbox I see).
	NotifyHandoff NotificationTrigger = "handoff"
	// NotifyFailed: a message I sent could not be delivered.
	NotifyFailed NotificationTrigger = "failed"
	// NotifyReopened: a snoozed conversation of mine woke up.
	NotifyReopened NotificationTrigger = "reopened"
)

// NotificationTriggers lists every trigger, in the order the settings show them.
var NotificationTriggers = []NotificationTrigger{NotifyAssigned, NotifyMessage, NotifyMention, NotifyUnassigned,
	NotifySLAWarning, NotifySLABreached, NotifyHandoff, NotifyFailed, NotifyReopened}

// Valid reports whether t is a known trigger.
func (t NotificationTrigger) Valid() bool {
	for _, k := range NotificationTriggers {
		if k == t {
			return true
		}
	}
	return false
}

// NotificationSounds are the sounds an agent may choose (the web app synthesises them).
var NotificationSounds = []string{"chime", "ping", "bell", "pop"}

// NotificationChoice is which media one trigger uses for one agent.
type NotificationChoice struct {
	App   bool `json:"app"`   // the bell's list (and the live count)
	Push  bool `json:"push"`  // browser push to every browser the agent subscribed
	Email bool `json:"email"` // a batched email to the agent's address
	Sound bool `json:"sound"` // a sound in an open Switchboard window
}

// QuietHours is a daily span, in the agent's own time zone, without pushes or sounds (the bell
// still counts, and emails, batched anyway, still go). From after To spans midnight ("22:00" to "07:00").
type QuietHours struct {
	From string `json:"from"` // "HH:MM"
	To   string `json:"to"`   // "HH:MM"
}

// NotificationSettings are one agent's notification choices, kept with the account so they
// follow the agent to every browser. Nobody else's are reachable, not even by an admin.
type NotificationSettings struct {
	// Triggers holds a choice for every trigger (a missing one reads as its default).
	Triggers map[NotificationTrigger]NotificationChoice `json:"triggers"`
	Sound    string                                     `json:"sound"`  // one of NotificationSounds
	Volume   int                                        `json:"volume"` // 0–100
	// QuietHours, when set, silences pushes and sounds for that span every day.
	QuietHours *QuietHours `json:"quiet_hours"`
	// PushWhileActive sends pushes even while the agent has a Switchboard tab in front of them
	// (by default a push is only for when they are elsewhere).
	PushWhileActive bool `json:"push_while_active"`
}

// DefaultNotificationSettings are an agent's settings until they change them: everything in the
// bell; pushes for what is theirs (sent only once a browser subscribes); email for mentions and
// breached SLAs; no sound.
func DefaultNotificationSettings() *NotificationSettings {
	s := &NotificationSettings{Triggers: map[NotificationTrigger]NotificationChoice{}, Sound: "chime", Volume: 60}
	for _, t := range NotificationTriggers {
		c := NotificationChoice{App: true}
		switch t {
		case NotifyAssigned, NotifyMessage, NotifyMention, NotifyHandoff, NotifySLABreached:
			c.Push = true
		}
		switch t {
		case NotifyMention, NotifySLABreached:
			c.Email = true
		}
		s.Triggers[t] = c
	}
	return s
}

// Choice returns the media of a trigger (its default when the settings have none).
func (s *NotificationSettings) Choice(t NotificationTrigger) NotificationChoice {
	if c, ok := s.Triggers[t]; ok {
		return c
	}
	return DefaultNotificationSettings().Triggers[t]
}

// Normalize fills what is missing with the defaults, so stored settings written before a
// trigger existed read complete.
func (s *NotificationSettings) Normalize() {
	d := DefaultNotificationSettings()
	if s.Triggers == nil {
		s.Triggers = map[NotificationTrigger]NotificationChoice{}
	}
	for _, t := range NotificationTriggers {
		if _, ok := s.Triggers[t]; !ok {
			s.Triggers[t] = d.Triggers[t]
		}
	}
	if s.Sound == "" {
		s.Sound = d.Sound
	}
}

// Validate checks every field and reports all problems at once.
func (s *NotificationSettings) Validate() error {
	var v Validator
	for t := range s.Triggers {
		v.Check(t.Valid(), "triggers", fmt.Sprintf("Unknown trigger %q.", t))
	}
	known := false
	for _, n := range NotificationSounds {
		known = known || n == s.Sound
	}
	v.Check(known, "sound", "Sound must be one of "+strings.Join(NotificationSounds, ", ")+".")
	v.Check(s.Volume >= 0 && s.Volume <= 100, "volume", "Volume must be between 0 and 100.")
	if q := s.QuietHours; q != nil {
		_, okFrom := clockMinutes(q.From)
		_, okTo := clockMinutes(q.To)
		v.Check(okFrom, "quiet_hours.from", "Enter a time as HH:MM.")
		v.Check(okTo, "quiet_hours.to", "Enter a time as HH:MM.")
		v.Check(!okFrom || !okTo || q.From != q.To, "quiet_hours.to", "Quiet hours must end at another time than they begin.")
	}
	return v.Err()
}

// clockMinutes parses "HH:MM" into minutes after midnight.
func clockMinutes(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// Quiet reports whether t falls in the quiet hours, read in loc (the agent's time zone).
func (s *NotificationSettings) Quiet(t time.Time, loc *time.Location) bool {
	if s.QuietHours == nil {
		return false
	}
	from, ok1 := clockMinutes(s.QuietHours.From)
	to, ok2 := clockMinutes(s.QuietHours.To)
	if !ok1 || !ok2 || from == to {
		return false
	}
	l := t.In(loc)
	m := l.Hour()*60 + l.Minute()
	if from < to {
		return m >= from && m < to
	}
	return m >= from || m < to
}

// Notification is one thing an agent was told, as the bell lists it. Title and Body are
// written in the agent's language when the notification is made (package notify), so the bell,
// the push and the email say the same.
type Notification struct {
	ID             int64               `json:"id"`
	AgentID        int64               `json:"agent_id"`
	Trigger        NotificationTrigger `json:"trigger"`
	EventID        int64               `json:"event_id"`
	InboxID        *int64              `json:"inbox_id"`
	ConversationID *int64              `json:"conversation_id"`
	MessageID      *int64              `json:"message_id"`
	ActorID        *int64              `json:"actor_id"` // who caused it; nil for the system
	Title          string              `json:"title"`
	Body           string              `json:"body"`
	// InApp: the bell lists it (the agent chose the bell for its trigger). One kept only for a
	// push, an email or a sound is never listed nor counted.
	InApp bool `json:"in_app"`
	// Sound is the sound an open window plays for it ("" for none): the agent's chosen sound
	// when the trigger's sound is on and it is not their quiet hours. Only the live event
	// carries it; a listed notification has "".
	Sound     string     `json:"sound,omitempty"`
	ReadAt    *time.Time `json:"read_at"`
	CreatedAt time.Time  `json:"created_at"`
}

// NotificationPage is a page of the acting agent's notifications, newest first, with how many
// are unread in all.
type NotificationPage struct {
	Items      []*Notification `json:"items"`
	NextCursor string          `json:"next_cursor"` // "" on the last page
	Unread     int             `json:"unread"`
}

// NotificationFilter selects the acting agent's notifications.
type NotificationFilter struct {
	Unread bool   `json:"unread"` // unread ones only
	Cursor string `json:"cursor"` // from NextCursor
	Limit  int    `json:"limit"`  // 1–100, default 30
}

// Validate checks the filter and fills the default limit.
func (f *NotificationFilter) Validate() error {
	var v Validator
	if f.Limit == 0 {
		f.Limit = 30
	}
	v.Check(f.Limit >= 1 && f.Limit <= 100, "limit", "Limit must be between 1 and 100.")
	return v.Err()
}

// NotificationRead marks the acting agent's notifications read: the ones listed, or all.
type NotificationRead struct {
	IDs []int64 `json:"ids"`
	All bool    `json:"all"`
}

// Validate checks that the request names something, and not too much.
func (r *NotificationRead) Validate() error {
	var v Validator
	v.Check(r.All || len(r.IDs) > 0, "ids", "Name the notifications to mark read, or all.")
	v.Check(len(r.IDs) <= 500, "ids", "Mark at most 500 notifications read at once.")
	return v.Err()
}

// PushSubscriptionInput is what a browser's PushManager.subscribe() returned
// (PushSubscription.toJSON()), sent by the web app to register the browser for pushes.
type PushSubscriptionInput struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"` // the browser's P-256 public key, base64url
		Auth   string `json:"auth"`   // its 16-byte authentication secret, base64url
	} `json:"keys"`
	UserAgent string `json:"user_agent"` // what the settings show to tell browsers apart
}

// Validate checks the endpoint is an http(s) URL and the keys are present and sized as the Web
// Push standard says (RFC 8291: a 65-byte uncompressed point, a 16-byte secret).
func (in *PushSubscriptionInput) Validate() error {
	var v Validator
	u, err := url.Parse(in.Endpoint)
	v.Check(err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(in.Endpoint) <= 2000,
		"endpoint", "Enter the push service's URL.")
	v.Check(base64urlLen(in.Keys.P256dh) == 65, "keys.p256dh", "The browser's key must be a P-256 public key (65 bytes, base64url).")
	v.Check(base64urlLen(in.Keys.Auth) == 16, "keys.auth", "The browser's secret must be 16 bytes, base64url.")
	in.UserAgent = CutText(StorableText(in.UserAgent), 300)
	return v.Err()
}

// MaxPushSubscriptions is how many browsers one agent keeps subscribed: a new one past it
// replaces their oldest.
const MaxPushSubscriptions = 20

// PushSubscription is one browser (on one device) registered for an agent's pushes. Its keys
// never leave the server.
type PushSubscription struct {
	ID        int64      `json:"id"`
	Endpoint  string     `json:"endpoint"`
	UserAgent string     `json:"user_agent"`
	CreatedAt time.Time  `json:"created_at"`
	LastPush  *time.Time `json:"last_push_at"` // the last push the push service accepted
}

// NotificationService is the acting agent's own notifications: their bell, their settings,
// their browsers. Only agents have them; nobody reaches another agent's.
type NotificationService interface {
	Notifications(ctx context.Context, f *NotificationFilter) (*NotificationPage, error)
	// MarkNotificationsRead marks the acting agent's notifications read (ids of others are
	// ignored) and tells their other windows (a notification.read event). It returns the
	// unread count after.
	MarkNotificationsRead(ctx context.Context, r *NotificationRead) (int, error)
	NotificationSettings(ctx context.Context) (*NotificationSettings, error)
	UpdateNotificationSettings(ctx context.Context, s *NotificationSettings) (*NotificationSettings, error)
	// SubscribePush registers a browser; the same endpoint again updates its keys (a
	// browser re-subscribing) and keeps one row. An endpoint another agent registered moves to
	// the acting agent (the browser changed hands).
	SubscribePush(ctx context.Context, in *PushSubscriptionInput) (*PushSubscription, error)
	PushSubscriptions(ctx context.Context) ([]*PushSubscription, error)
	// UnsubscribePush forgets one of the acting agent's browsers, by id.
	UnsubscribePush(ctx context.Context, id int64) error
	// SetActive records that the acting agent has (true) or no longer has (false) a
	// Switchboard tab in front of them; true holds for NotificationActiveFor unless renewed.
	// No push is sent while it holds, nor later (see NotificationSettings.PushWhileActive).
	SetActive(ctx context.Context, active bool) error
	// VAPIDPublicKey returns the server's application server key (base64url, uncompressed
	// P-256 point), generated on first use, for PushManager.subscribe.
	VAPIDPublicKey(ctx context.Context) (string, error)
}

// NotificationActiveFor is how long one "I am here" from a tab holds; the web app renews it
// every minute while a tab is visible and focused.
const NotificationActiveFor = 90 * time.Second

// NotificationMailSettings is the SMTP account notification emails are sent through (admins).
// The password is write-only: reads say only whether one is kept.
type NotificationMailSettings struct {
	Enabled     bool   `json:"enabled"`
	Host        string `json:"host"`
	Port        int    `json:"port"`     // 0: the security's usual port (465, 587 or 25)
	Security    string `json:"security"` // "tls", "starttls" or "none"
	Username    string `json:"username"`
	Password    string `json:"password,omitempty"` // in: "" keeps the kept one
	HasPassword bool   `json:"has_password"`
	FromAddress string `json:"from_address"`
	FromName    string `json:"from_name"`
	// DelayMinutes is how long the first event of a batch waits for others (1–60, default 5).
	DelayMinutes int `json:"delay_minutes"`
}

// Validate checks every field when enabled (a disabled account may be half filled in).
func (m *NotificationMailSettings) Validate() error {
	var v Validator
	if m.Security == "" {
		m.Security = "starttls"
	}
	if m.DelayMinutes == 0 {
		m.DelayMinutes = 5
	}
	v.Check(m.Security == "tls" || m.Security == "starttls" || m.Security == "none", "security", "Security must be tls, starttls or none.")
	v.Check(m.Port >= 0 && m.Port <= 65535, "port", "Enter a port between 1 and 65535.")
	v.Check(m.DelayMinutes >= 1 && m.DelayMinutes <= 60, "delay_minutes", "Wait between 1 and 60 minutes.")
	v.MaxLength(m.Host, 255, "host")
	v.MaxLength(m.Username, 320, "username")
	v.MaxLength(m.FromName, 200, "from_name")
	if m.Enabled {
		v.Check(m.Host != "", "host", "Enter the SMTP server, such as smtp.example.com.")
		v.CheckCode(validEmail(m.FromAddress), "from_address", FieldCode{Code: FieldEmail}, "Enter a valid email address.")
	} else if m.FromAddress != "" {
		v.CheckCode(validEmail(m.FromAddress), "from_address", FieldCode{Code: FieldEmail}, "Enter a valid email address.")
	}
	return v.Err()
}

// SameServer reports whether o names the same server, security and user as m: a kept password
// is for that account alone.
func (m *NotificationMailSettings) SameServer(o *NotificationMailSettings) bool {
	return strings.EqualFold(m.Host, o.Host) && m.Port == o.Port && m.Security == o.Security && m.Username == o.Username
}

// ErrMailPasswordAgain is the answer to settings that would use the kept password with
// another server or user than it was entered for.
func ErrMailPasswordAgain() error {
	return &Error{Code: EINVALID, Message: "Enter the password again: the server or user changed.",
		Fields: map[string]string{"password": "Enter the password again: the server or user changed."}}
}

// NotificationMailService keeps the notification emails' SMTP account (admins only).
type NotificationMailService interface {
	NotificationMail(ctx context.Context) (*NotificationMailSettings, error)
	UpdateNotificationMail(ctx context.Context, m *NotificationMailSettings) (*NotificationMailSettings, error)
}

// NotificationMailTester sends a test email through settings to the acting admin (package
// notify), so an admin sees the account work before saving it. A password left "" uses the
// kept one.
type NotificationMailTester interface {
	TestNotificationMail(ctx context.Context, m *NotificationMailSettings) error
}

// NotificationUnsubscriber turns an agent's notification emails off from the link in one of
// them (package notify): no session, the token in the link authenticates; a wrong one is
// EFORBIDDEN.
type NotificationUnsubscriber interface {
	UnsubscribeEmail(ctx context.Context, agentID int64, token string) error
}

// The events of notifications, addressed to their agent alone (Event.AgentID): for their own
// windows, so not among EventTypes (webhooks never send them; one per agent would repeat every
// event a webhook already has).
const (
	// EventNotificationCreated: a notification for the agent (data: the Notification, with
	// Sound set when the window should play one).
	EventNotificationCreated EventType = "notification.created"
	// EventNotificationRead: some or all of the agent's notifications were marked read (data:
	// {"ids": […], "all": bool, "unread": n}).
	EventNotificationRead EventType = "notification.read"
)

// The jobs of notifications.
const (
	// JobSendPush sends one notification to one browser through its push service.
	JobSendPush = "send_push"
	// JobSendNotificationEmail sends one agent the email of their notifications waiting for
	// one; it runs once the batch's delay has passed after the first of them.
	JobSendNotificationEmail = "send_notification_email"
)

// SendPushArgs are the arguments of a JobSendPush job.
type SendPushArgs struct {
	NotificationID int64 `json:"notification_id"`
	SubscriptionID int64 `json:"subscription_id"`
}

// SendNotificationEmailArgs are the arguments of a JobSendNotificationEmail job.
type SendNotificationEmailArgs struct {
	AgentID int64 `json:"agent_id"`
}

// NotifyAgent is what the router knows of an agent who may be notified: only agents not
// deleted are ever offered.
type NotifyAgent struct {
	ID       int64
	Name     string
	Email    string
	Language string
	Location *time.Location
	Scope    InboxScope
	Settings *NotificationSettings
	// Mail: the notification emails' account is on and the agent has an address.
	Mail bool
	// Active: a Switchboard tab of theirs is in front of them now (SetActive).
	Active bool
	// Push: at least one browser is subscribed.
	Push bool
}

// NotifyConversation is what the router knows of a conversation, as it is when the event is
// routed.
type NotifyConversation struct {
	ID          int64
	InboxID     int64
	AssigneeID  *int64
	Status      ConversationStatus
	ContactName string
	Subject     string
}

// NotifyMsg is what the router knows of a message an event names (message.updated events
// do not carry the sender).
type NotifyMsg struct {
	ID             int64
	ConversationID int64
	Direction      Direction
	SenderType     SenderType
	SenderID       *int64 // the agent who sent it
	SenderName     string
	Note           bool // a private note
	Text           string
	Mentions       []int64
	Status         MessageStatus
}

// NotifyFacts are the facts a batch of events is routed against, loaded by the store.
type NotifyFacts struct {
	Agents        map[int64]*NotifyAgent
	Conversations map[int64]*NotifyConversation
	Messages      map[int64]*NotifyMsg
	Now           time.Time
}

// NotifyDelivery is one notification the router decided: for an agent, of a trigger, by the
// media the agent chose for it (at least one), written in the agent's language. It is always
// kept as a Notification (the push jobs and the email name it); InApp says whether the bell
// lists it.
type NotifyDelivery struct {
	AgentID        int64
	Trigger        NotificationTrigger
	InboxID        *int64
	ConversationID *int64
	MessageID      *int64
	Title, Body    string
	InApp          bool   // listed in the bell (and counted unread)
	Push           bool   // a JobSendPush per subscribed browser
	Email          bool   // waits for the agent's next email
	Sound          string // the sound the live event asks for ("" for none)
}

// Live reports whether an open window hears of the delivery (a notification.created event):
// when the bell lists it or a sound is to play.
func (d *NotifyDelivery) Live() bool { return d.InApp || d.Sound != "" }

// NotificationRouter decides who is told what of one event (package notify). It is pure: the
// facts are the store's, the decisions are its.
type NotificationRouter interface {
	// Interesting reports whether the router may notify anyone of events of this type, so the
	// store loads facts only for those.
	Interesting(t EventType) bool
	// Route returns the notifications of one event: at most one per agent, never to its actor.
	Route(e *Event, f *NotifyFacts) []NotifyDelivery
}

// PushDelivery is one push to send: the subscription with its keys, and the notification.
type PushDelivery struct {
	Subscription  *PushSubscription
	P256dh, Auth  string
	Notification  *Notification
	AgentLanguage string
}

// NotificationEmail is one agent's batch of notifications to email.
type NotificationEmail struct {
	Agent         *NotifyAgent
	Notifications []*Notification // oldest first
	Mail          *NotificationMailSettings
	// MailPassword is the account's password, decrypted for the sender alone.
	MailPassword string
}

// VAPIDKeys are the server's application server keys (RFC 8292), base64url: the private
// scalar and the uncompressed public point.
type VAPIDKeys struct {
	Private, Public string
}

// NotificationStore is what package notify needs of the store (system only).
type NotificationStore interface {
	// FollowNotifications routes the next events after the store's notification cursor (up to
	// limit) and keeps the deliveries, their live events, push jobs and email queue, and the
	// cursor, in one transaction: exactly once per event and agent. It returns how many events
	// it read (0 when caught up, or when another node holds the step).
	FollowNotifications(ctx context.Context, r NotificationRouter, limit int) (int, error)
	// PushDelivery loads one push to send; ENOTFOUND when the subscription or notification is
	// gone, or its agent was deleted or no longer sees the conversation's inbox.
	PushDelivery(ctx context.Context, a SendPushArgs) (*PushDelivery, error)
	// PushSent records the push service's acceptance; PushGone forgets a subscription the push
	// service says is expired (404 or 410).
	PushSent(ctx context.Context, subscriptionID int64) error
	PushGone(ctx context.Context, subscriptionID int64) error
	// VAPIDKeys returns the server's keys, generating and keeping them on first use (one pair
	// for every node).
	VAPIDKeys(ctx context.Context) (*VAPIDKeys, error)
	// PendingNotificationEmail returns an agent's notifications waiting for an email (those
	// of conversations they no longer see left out, and forgotten), nil when none or when the
	// agent was deleted or the mail account is off.
	PendingNotificationEmail(ctx context.Context, agentID int64) (*NotificationEmail, error)
	// NotificationEmailSent marks those notifications emailed.
	NotificationEmailSent(ctx context.Context, agentID int64, ids []int64) error
	// NotificationMailPassword returns the mail account's kept password, decrypted ("" for
	// none), for settings m whose password field was left empty (the test email): only when m
	// names the kept account's server and user (SameServer), else EINVALID on the password, so
	// the kept password never goes to a server an admin typed in since.
	NotificationMailPassword(ctx context.Context, m *NotificationMailSettings) (string, error)
	// StopNotificationEmail turns every trigger's email off for an agent (their unsubscribe
	// link).
	StopNotificationEmail(ctx context.Context, agentID int64) error
	// PruneNotifications deletes notifications created before a time (kept 30 days).
	PruneNotifications(ctx context.Context, before time.Time) (int, error)
}

// NotificationRetention is how long notifications are kept.
const NotificationRetention = 30 * 24 * time.Hour

// base64urlLen is the decoded length of a base64url string (padded or not), -1 if it is not one.
func base64urlLen(s string) int {
	s = strings.TrimRight(s, "=")
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return -1
		}
	}
	if len(s)%4 == 1 {
		return -1
	}
	return len(s) * 6 / 8
}
