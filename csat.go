package switchboard

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// CSATScale is how an inbox's survey asks the customer to rate a conversation. Whatever the
// scale, the rating is stored from 1 (bad) to 5 (great), so reports compare inboxes:
//   - "1-5": 1 to 5, stored as given;
//   - "1-3": 1, 2, 3, stored as 1, 3, 5;
//   - "thumbs": 👎 or 👍, stored as 1 or 5.
type CSATScale string

// The scales.
const (
	CSATFive   CSATScale = "1-5"
	CSATThree  CSATScale = "1-3"
	CSATThumbs CSATScale = "thumbs"
)

// CSATSettings are an inbox's customer satisfaction survey settings: one document per inbox,
// which web chat's widget reads as well (its rating form shows when Enabled).
type CSATSettings struct {
	InboxID int64     `json:"inbox_id"`
	Enabled bool      `json:"enabled"`
	Scale   CSATScale `json:"scale"`
	// Question is what the survey asks ("" for the default in English).
	Question string `json:"question"`
	// ThankYou is sent after an answer ("" sends nothing).
	ThankYou string `json:"thank_you"`
	// AskComment offers a comment where the channel can take one (web chat, the email page).
	AskComment bool `json:"ask_comment"`
}

// DefaultCSATQuestion is asked when an inbox sets no question.
const DefaultCSATQuestion = "How would you rate our help with this conversation?"

// Validate checks the settings and fills the defaults.
func (s *CSATSettings) Validate() error {
	var v Validator
	if s.Scale == "" {
		s.Scale = CSATFive
	}
	s.Question, s.ThankYou = strings.TrimSpace(s.Question), strings.TrimSpace(s.ThankYou)
	v.Check(s.Scale == CSATFive || s.Scale == CSATThree || s.Scale == CSATThumbs, "scale", "Use 1-5, 1-3 or thumbs.")
	v.Check(len([]rune(s.Question)) <= 300, "question", "Use at most 300 characters.")
	v.Check(len([]rune(s.ThankYou)) <= 300, "thank_you", "Use at most 300 characters.")
	return v.Err()
}

// AskText is the question the survey asks.
func (s *CSATSettings) AskText() string {
	if s.Question == "" {
		return DefaultCSATQuestion
	}
	return s.Question
}

// CSATChoice is one answer a survey offers: the stored rating and its label.
type CSATChoice struct {
	Rating int    `json:"rating"`
	Label  string `json:"label"`
}

// Choices lists the scale's answers, best first (as lists and buttons show them).
func (s CSATScale) Choices() []CSATChoice {
	switch s {
	case CSATThree:
		return []CSATChoice{{5, "3 😊"}, {3, "2 😐"}, {1, "1 😞"}}
	case CSATThumbs:
		return []CSATChoice{{5, "👍"}, {1, "👎"}}
	default:
		return []CSATChoice{{5, "5 ★★★★★"}, {4, "4 ★★★★"}, {3, "3 ★★★"}, {2, "2 ★★"}, {1, "1 ★"}}
	}
}

// ReplyHint is what a text survey asks the customer to answer, in English.
func (s CSATScale) ReplyHint() string {
	switch s {
	case CSATThree:
		return "Reply with a number from 1 to 3."
	case CSATThumbs:
		return "Reply with 👍 or 👎."
	default:
		return "Reply with a number from 1 to 5."
	}
}

// ParseReply reads a customer's message as an answer to a text survey: a number in the
// scale's range, alone (a thumb for "thumbs"), and returns the stored rating; ok is false for
// anything else, which is then an ordinary message.
func (s CSATScale) ParseReply(text string) (rating int, ok bool) {
	t := strings.TrimSpace(text)
	t = strings.TrimRight(t, ".!")
	if s == CSATThumbs {
		t = strings.TrimRight(t, "\ufe0f\U0001F3FB\U0001F3FC\U0001F3FD\U0001F3FE\U0001F3FF")
		switch t {
		case "👍":
			return 5, true
		case "👎":
			return 1, true
		}
		return 0, false
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, false
	}
	if s == CSATThree {
		if n >= 1 && n <= 3 {
			return 2*n - 1, true
		}
		return 0, false
	}
	if n < 1 || n > 5 {
		return 0, false
	}
	return n, true
}

// The ways a survey reaches the customer (CSATSurvey.Form), chosen by what the channel can do.
const (
	// SurveyNative: the channel asks by itself (web chat's widget shows its rating form).
	SurveyNative = "native"
	// SurveyChoices: a message with choices to tap (WhatsApp Cloud: buttons for up to three
	// answers, a list for more); the choice's id comes back as MessageContent.Choice.
	SurveyChoices = "choices"
	// SurveyLink: a message with a signed link per answer to a public rating page (email,
	// whose replies quote what they answer).
	SurveyLink = "link"
	// SurveyText: a message asking for a number; the customer's next message, when it is one,
	// is the answer.
	SurveyText = "text"
)

// CSATChoicePrefix starts the ids of a survey's choices: "csat:<conversation id>:<rating>".
const CSATChoicePrefix = "csat:"

// CSATAnswerWindow is how long a survey waits for its answer, and how long after one was sent a
// conversation resolved again is not surveyed again.
const CSATAnswerWindow = 24 * time.Hour

// CSATLinkValidity is how long an emailed survey's links work.
const CSATLinkValidity = 7 * 24 * time.Hour

// ChoiceSet is a message's choices to tap (WhatsApp's reply buttons or list): what the
// automation's surveys send on channels that can (see SurveyChoices).
type ChoiceSet struct {
	// Button opens a list (≤20 characters); unused for buttons.
	Button string   `json:"button"`
	Items  []Choice `json:"items"`
}

// Choice is one choice of a ChoiceSet: its id comes back with the customer's answer.
type Choice struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// CSATSurveyPlan is what the store knows of a conversation about to be surveyed: what the
// automation decides with.
type CSATSurveyPlan struct {
	Conversation *Conversation
	Inbox        *Inbox
	Settings     *CSATSettings
	// Language is the contact's language ("" when unknown).
	Language string
	// Skip says why no survey goes ("" when one may): not resolved any more, rated already,
	// surveyed in the last CSATAnswerWindow, the channel's window closed.
	Skip string
}

// CSATSkipWindowClosed is why a survey does not go on a channel whose customer-service window
// closed: it is recorded with the conversation's survey.
const CSATSkipWindowClosed = "the channel's customer-service window is closed"

// CSATActor is who the surveys' milestones credit.
func CSATActor() *AutomationActor {
	return &AutomationActor{Kind: AutomationCSAT, Name: "Satisfaction survey"}
}

// CSATSurvey is the survey message the automation decided to send.
type CSATSurvey struct {
	Form    string // one of the Survey constants
	Text    string
	Choices *ChoiceSet
}

// CSATPage is what a public rating page shows, from its signed token.
type CSATPage struct {
	ConversationID int64     `json:"conversation_id"`
	Rating         int       `json:"rating"` // the rating the link stands for (1–5)
	Scale          CSATScale `json:"scale"`
	Question       string    `json:"question"`
	AskComment     bool      `json:"ask_comment"`
	ThankYou       string    `json:"thank_you"`
	Language       string    `json:"language"`
	// Rated is the rating given already, nil until one is.
	Rated *CSAT `json:"rated"`
}

// CSATService keeps the surveys' settings and records the answers that come by survey.
type CSATService interface {
	// CSATSettings returns an inbox's survey settings (admins; the system).
	CSATSettings(ctx context.Context, inboxID int64) (*CSATSettings, error)
	// SetCSATSettings replaces them (admins).
	SetCSATSettings(ctx context.Context, s *CSATSettings) (*CSATSettings, error)
	// PlanCSATSurvey says what a survey of a resolved conversation would go with (system).
	PlanCSATSurvey(ctx context.Context, conversationID int64) (*CSATSurveyPlan, error)
	// SendCSATSurvey records the survey message and queues its delivery, once per resolution
	// (system): a survey sent in the last CSATAnswerWindow, or a rating, makes it a no-op.
	SendCSATSurvey(ctx context.Context, conversationID int64, s *CSATSurvey) error
	// SkipCSATSurvey records why a conversation was not surveyed (system).
	SkipCSATSurvey(ctx context.Context, conversationID int64, why string) error
	// CSATLink returns the signed token of a rating link (system).
	CSATLink(conversationID int64, rating int) string
	// CSATPage reads a rating link's token: EINVALID for one tampered with or expired.
	CSATPage(ctx context.Context, token string) (*CSATPage, error)
	// RateByLink records the rating of a token, with an optional comment, once (ECONFLICT after).
	RateByLink(ctx context.Context, token, comment string) (*CSATPage, error)
}

// JobCSATSurvey surveys a resolved conversation (CSATSurveyArgs).
const JobCSATSurvey = "csat_survey"

// CSATSurveyArgs are the arguments of a JobCSATSurvey job.
type CSATSurveyArgs struct {
	ConversationID int64 `json:"conversation_id"`
}
