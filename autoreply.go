package switchboard

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// Automation is an inbox's business hours and automatic replies. Hours nil means always open (and
// no out-of-hours reply). Each reply text empty means that reply is off.
//
//   - Welcome is sent when a customer's message starts a new conversation, at any hour.
//   - OutOfHours is sent when a customer writes while the inbox is closed: at most once per
//     conversation per closed period. "{{opens_at}}" in it becomes the next opening, in the
//     inbox's time zone ("09:00" later today, else "2026-12-08 09:00").
//   - Acknowledge is sent, during opening hours, when a customer's message starts a new
//     conversation: "{{reply_time}}" in it becomes the time by which to expect an answer,
//     ReplyMinutes of opening hours from now, written as {{opens_at}} is.
//
// Templates chooses, per reply kind, the provider-approved template (without parameters) sent
// instead of the text when the reply goes out after the customer's window has closed, on a
// channel with windows and templates (WhatsApp): a backlog, a send retried late. A reply whose
// window closed and whose kind has no template is not sent; a milestone says why.
type Automation struct {
	Hours        *BusinessHours                `json:"hours"`
	Welcome      string                        `json:"welcome"`
	OutOfHours   string                        `json:"out_of_hours"`
	Acknowledge  string                        `json:"acknowledge"`
	ReplyMinutes int                           `json:"reply_minutes"`
	Templates    map[string]*AutoReplyTemplate `json:"templates,omitempty"`
}

// AutoReplyTemplate names one of the inbox's synced templates: by name and language.
type AutoReplyTemplate struct {
	Name     string `json:"name"`
	Language string `json:"language"`
}

// MaxAutoReplyText bounds each automatic reply.
const MaxAutoReplyText = 4000

// ParseAutomation reads a stored or sent document ("" is the empty configuration) and validates it; the
// error is EINVALID with a field for each problem.
func ParseAutomation(raw []byte) (*Automation, *HoursSchedule, error) {
	c := &Automation{}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, c); err != nil {
			return nil, nil, Errorf(EINVALID, "Send business hours and auto-replies as a JSON object.")
		}
	}
	s, err := c.Validate()
	return c, s, err
}

// Validate checks the configuration and returns its schedule (nil without hours).
func (c *Automation) Validate() (*HoursSchedule, error) {
	var v Validator
	if c.Hours != nil {
		c.Hours.Validate(&v, "hours")
	}
	for f, s := range map[string]*string{"welcome": &c.Welcome, "out_of_hours": &c.OutOfHours, "acknowledge": &c.Acknowledge} {
		*s = strings.TrimSpace(*s)
		v.MaxLength(*s, MaxAutoReplyText, f)
	}
	v.Check(c.OutOfHours == "" || c.Hours != nil, "out_of_hours", "Set business hours first: the reply is sent outside them.")
	v.Check(c.ReplyMinutes >= 0 && c.ReplyMinutes <= 60*24*14, "reply_minutes", "Enter a reply time between 0 minutes and 14 days.")
	v.Check(!strings.Contains(c.Acknowledge, "{{reply_time}}") || c.ReplyMinutes > 0, "reply_minutes", "Enter the expected reply time the acknowledgement names.")
	for kind, t := range c.Templates {
		switch {
		case kind != AutoReplyWelcome && kind != AutoReplyOutOfHours && kind != AutoReplyAcknowledge:
			v.Check(false, "templates", "Choose templates for welcome, out_of_hours or acknowledge.")
		case t == nil || t.Name == "":
			delete(c.Templates, kind) // none chosen
		default:
			v.Check(t.Language != "" && len(t.Name) <= 512 && len(t.Language) <= 20, "templates."+kind, "Choose one of the inbox's templates.")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if c.Hours == nil {
		return nil, nil
	}
	return c.Hours.Compile()
}

// AutoReply kinds, as recorded in auto_replies and in the milestone.
const (
	AutoReplyWelcome     = "welcome"
	AutoReplyOutOfHours  = "out_of_hours"
	AutoReplyAcknowledge = "acknowledge"
)

// AutoReply is one automatic reply to send. Period tells replies of the same kind apart within a
// conversation: the closed period an out-of-hours reply answers (its end, as Unix
// microseconds; 0 when the inbox never opens again), 0 for the others.
type AutoReply struct {
	Kind   string
	Text   string
	Period int64
}

// Replies returns the automatic replies a customer's message received at now calls for, in the
// order to send them; started says it opened a new conversation. The caller sends each reply
// only if its (conversation, kind, period) was not sent before.
func (c *Automation) Replies(s *HoursSchedule, started bool, now time.Time) []AutoReply {
	var out []AutoReply
	if started && c.Welcome != "" {
		out = append(out, AutoReply{Kind: AutoReplyWelcome, Text: c.Welcome})
	}
	open := s == nil || s.IsOpen(now)
	if !open && c.OutOfHours != "" {
		next, ok := s.NextOpen(now)
		r := AutoReply{Kind: AutoReplyOutOfHours, Text: c.OutOfHours}
		if ok {
			r.Period = next.UnixMicro()
			r.Text = strings.ReplaceAll(r.Text, "{{opens_at}}", clock(next, now, s.Location()))
		}
		out = append(out, r)
	}
	if open && started && c.Acknowledge != "" {
		by := now.Add(time.Duration(c.ReplyMinutes) * time.Minute)
		loc := time.UTC
		if s != nil {
			// Minutes of opening hours: a reply due after closing comes the next morning.
			by, loc = s.AddBusiness(now, time.Duration(c.ReplyMinutes)*time.Minute), s.Location()
		}
		out = append(out, AutoReply{Kind: AutoReplyAcknowledge, Text: strings.ReplaceAll(c.Acknowledge, "{{reply_time}}", clock(by, now, loc))})
	}
	return out
}

// Empty reports whether the configuration sends nothing (the inbound path then skips it).
func (c *Automation) Empty() bool {
	return c == nil || (c.Welcome == "" && c.OutOfHours == "" && c.Acknowledge == "")
}

// clock writes an instant for a customer, in the inbox's zone: its time alone when it is the
// same local day as now, else with its date (numbers only: the reply's text is the admin's, in
// their customers' language).
func clock(t, now time.Time, loc *time.Location) string {
	t, now = t.In(loc), now.In(loc)
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// AutomationService keeps each inbox's business hours and automatic replies; admins read and change them.
type AutomationService interface {
	InboxAutomation(ctx context.Context, inboxID int64) (*Automation, error)
	// SetInboxAutomation replaces the configuration; an invalid one is EINVALID, naming each
	// field (hours.week.monday.0.end, out_of_hours, …), and changes nothing.
	SetInboxAutomation(ctx context.Context, inboxID int64, c *Automation) (*Automation, error)
}
