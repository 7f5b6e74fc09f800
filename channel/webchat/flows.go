package webchat

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// Prechat is the form a visitor fills in before the first message of a new conversation.
type Prechat struct {
	Enabled bool                       `json:"enabled"`
	Fields  []switchboard.PrechatField `json:"fields"`
	// Consent, when not "", is the text of a checkbox the visitor must tick; the conversation
	// records when they did, and the text.
	Consent string `json:"consent"`
}

// Offline is what the widget does when no agent of the inbox is online: it shows Message and,
// with CollectEmail, asks a visitor who gave no email for one so the team can answer later.
// "Offline" is the store's AgentsOnline: nobody of the inbox online, or the inbox outside its
// business hours.
type Offline struct {
	Message      string `json:"message"`
	CollectEmail bool   `json:"collect_email"`
}

// ReplyTimes are the reply expectations the widget can show ("" shows none).
var ReplyTimes = []string{"", "minutes", "hour", "day"}

// FieldTypes are the pre-chat form's field types.
var FieldTypes = []string{"text", "email", "tel", "textarea"}

var fieldKey = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// validateFlows checks the conversation flows' settings.
func (s *Settings) validateFlows(v *switchboard.Validator) {
	p := &s.Prechat
	v.Check(!p.Enabled || len(p.Fields) > 0 || p.Consent != "", "settings.prechat.fields", "Add a field or a consent text to the pre-chat form, or turn it off.")
	v.Check(len(p.Fields) <= 10, "settings.prechat.fields", "Use at most 10 fields.")
	seen := map[string]bool{}
	for _, f := range p.Fields {
		v.Check(fieldKey.MatchString(f.Key), "settings.prechat.fields", "Use keys of 1 to 32 lower-case letters, digits or _ (name, email, phone, or your own): "+f.Key+" is not one.")
		v.Check(!seen[f.Key], "settings.prechat.fields", "Use each key once: "+f.Key+" is there twice.")
		seen[f.Key] = true
		v.Check(strings.TrimSpace(f.Label) != "" && len([]rune(f.Label)) <= 100, "settings.prechat.fields", "Give each field a label of at most 100 characters.")
		v.Check(slices.Contains(FieldTypes, f.Type), "settings.prechat.fields", "Use the types text, email, tel or textarea.")
		v.Check(f.Key != "email" || f.Type == "email", "settings.prechat.fields", "The email field has the type email.")
		v.Check(f.Key != "phone" || f.Type == "tel", "settings.prechat.fields", "The phone field has the type tel.")
	}
	v.Check(len([]rune(p.Consent)) <= 500, "settings.prechat.consent", "Use at most 500 characters.")
	v.Check(slices.Contains(ReplyTimes, s.ReplyTime), "settings.reply_time", "Use minutes, hour, day, or nothing.")
	v.Check(len([]rune(s.Offline.Message)) <= 300, "settings.offline.message", "Use at most 300 characters.")
}

// flowsConfig adds the flows' public part to the widget's configuration. Whether the team is
// "online" (the store's AgentsOnline) counts the inbox's business hours too.
func flowsConfig(c *switchboard.WidgetConfig, st *Settings) {
	if p := st.Prechat; p.Enabled {
		c.Prechat = &switchboard.WidgetPrechat{Fields: p.Fields, Consent: p.Consent}
		if c.Prechat.Fields == nil {
			c.Prechat.Fields = []switchboard.PrechatField{}
		}
	}
	c.ReplyTime, c.Offline = st.ReplyTime, switchboard.WidgetOffline(st.Offline)
}

// SurveyForm: the widget shows its own rating form under a resolved conversation.
func (c *Connector) SurveyForm() string { return switchboard.SurveyNative }

// QuickReplies: the widget shows a reply's quick replies as buttons.
func (c *Connector) QuickReplies() {}

// checkPrechat checks a new conversation's pre-chat form against the inbox's: required fields
// and the consent are there, emails and phones valid. It answers what goes to the contact, or
// nil when the inbox has no form.
func checkPrechat(p *Prechat, m *switchboard.VisitorMessage) (*switchboard.PrechatApplied, error) {
	if !p.Enabled {
		return nil, nil
	}
	var v switchboard.Validator
	a := &switchboard.PrechatApplied{Attributes: map[string]any{}}
	for k := range m.Prechat {
		v.Check(slices.ContainsFunc(p.Fields, func(f switchboard.PrechatField) bool { return f.Key == k }), "prechat."+k, "The form has no such field.")
	}
	for _, f := range p.Fields {
		val := strings.TrimSpace(m.Prechat[f.Key])
		field := "prechat." + f.Key
		if val == "" {
			v.Check(!f.Required, field, "Fill in "+f.Label+".")
			continue
		}
		switch f.Type {
		case "email":
			val = strings.ToLower(val)
			if !validEmail(val) {
				v.Check(false, field, "Enter a valid email address.")
				continue
			}
		case "tel":
			n, err := switchboard.NormalizePhone(val)
			if err != nil {
				v.Check(false, field, "Enter a phone number with its country code, like +39 333 123 4567.")
				continue
			}
			val = n
		}
		switch f.Key {
		case "name":
			a.Name = val
		case "email":
			a.Email = val
		case "phone":
			a.Phone = val
		default:
			a.Attributes[f.Key] = val
		}
	}
	if p.Consent != "" {
		v.Check(m.Consent, "consent", "Tick the box to agree before you start.")
		a.ConsentText = p.Consent
	}
	return a, v.Err()
}

// validEmail is how the visitor's form checks an address (the identify call's own rule).
func validEmail(s string) bool {
	id := switchboard.VisitorIdentify{Email: s}
	return id.Validate() == nil
}

// Rate records the visitor's rating of a resolved conversation of theirs, where the inbox asks
// for one. A conversation is rated once: a second answer is refused (ECONFLICT).
func (s *Service) Rate(ctx context.Context, v *switchboard.Visitor, conversationID int64, c *switchboard.CSAT) (*switchboard.CSAT, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if _, _, _, err := s.inbox(ctx, v.InboxID); err != nil {
		return nil, err
	}
	csat, err := s.Store.CSATSettings(switchboard.NewSystemContext(ctx), v.InboxID)
	if err != nil {
		return nil, err
	}
	if !csat.Enabled {
		return nil, switchboard.Errorf(switchboard.EINVALID, "This chat does not ask for ratings.")
	}
	return s.Store.VisitorCSAT(switchboard.NewSystemContext(ctx), v.ID, conversationID, c)
}

// applyPrechat checks the pre-chat form of a message that starts a conversation and hands what
// it says to the store (m.Applied); in an existing conversation the form is ignored.
func applyPrechat(st *Settings, conversationID int64, m *switchboard.VisitorMessage) error {
	if conversationID != 0 {
		m.Prechat, m.Consent = nil, false
		return nil
	}
	a, err := checkPrechat(&st.Prechat, m)
	m.Applied = a
	return err
}
