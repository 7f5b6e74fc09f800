package automation

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
)

// Surveyor asks the customer of a resolved conversation to rate it (the JobCSATSurvey jobs),
// in the form the inbox's channel takes best: choices to tap, a link per rating, or a text
// question whose answer is the customer's next message. The store makes it once per
// resolution; a channel whose window closed gets none, and the reason is kept.
type Surveyor struct {
	Store switchboard.CSATService
	// Form says how an inbox's channel takes a survey (channel.Registry.SurveyForm).
	Form func(in *switchboard.Inbox) string
	// PublicURL is where customers reach the server, for rating links ("" sends none).
	PublicURL string
	Log       *slog.Logger
}

// Handle runs one JobCSATSurvey job.
func (s *Surveyor) Handle(ctx context.Context, j *switchboard.Job) error {
	var args switchboard.CSATSurveyArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		return jobs.Final(fmt.Errorf("csat survey arguments: %w", err))
	}
	ctx = switchboard.NewAutomationContext(ctx, switchboard.CSATActor())
	plan, err := s.Store.PlanCSATSurvey(ctx, args.ConversationID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil // deleted meanwhile
	} else if err != nil {
		return err
	}
	if plan.Skip != "" {
		s.log().Info("csat survey not sent", "conversation_id", args.ConversationID, "reason", plan.Skip)
		if plan.Skip == switchboard.CSATSkipWindowClosed {
			return s.Store.SkipCSATSurvey(ctx, args.ConversationID, plan.Skip)
		}
		return nil
	}
	form := switchboard.SurveyText
	if s.Form != nil {
		form = s.Form(plan.Inbox)
	}
	if form == switchboard.SurveyLink && s.PublicURL == "" {
		return s.Store.SkipCSATSurvey(ctx, args.ConversationID, "no public address for rating links")
	}
	sv := Compose(plan, form, func(rating int) string {
		return s.PublicURL + "/api/v1/csat/" + s.Store.CSATLink(args.ConversationID, rating)
	})
	return s.Store.SendCSATSurvey(ctx, args.ConversationID, sv)
}

func (s *Surveyor) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// Compose writes the survey of a plan in a form: the inbox's question, then what the form needs
// (the choices, a link per rating, or how to answer), in the contact's language where the
// automation's own words are concerned.
func Compose(plan *switchboard.CSATSurveyPlan, form string, link func(rating int) string) *switchboard.CSATSurvey {
	scale := plan.Settings.Scale
	words := surveyWords(plan.Language)
	sv := &switchboard.CSATSurvey{Form: form, Text: plan.Settings.AskText()}
	switch form {
	case switchboard.SurveyNative:
		sv.Text = ""
	case switchboard.SurveyChoices:
		cs := &switchboard.ChoiceSet{Button: words.button}
		for _, c := range scale.Choices() {
			cs.Items = append(cs.Items, switchboard.Choice{ID: fmt.Sprintf("%s%d:%d", switchboard.CSATChoicePrefix, plan.Conversation.ID, c.Rating), Title: c.Label})
		}
		sv.Choices = cs
	case switchboard.SurveyLink:
		var b strings.Builder
		b.WriteString(sv.Text + "\n\n" + words.link + "\n")
		for _, c := range scale.Choices() {
			fmt.Fprintf(&b, "\n%s: %s", c.Label, link(c.Rating))
		}
		sv.Text = b.String()
	default:
		sv.Form = switchboard.SurveyText
		sv.Text += "\n" + words.hint(scale)
	}
	return sv
}

// words are the survey's own words in one language.
type words struct {
	button, link       string
	five, three, thumb string
}

func (w words) hint(s switchboard.CSATScale) string {
	switch s {
	case switchboard.CSATThree:
		return w.three
	case switchboard.CSATThumbs:
		return w.thumb
	}
	return w.five
}

// surveyWords returns the survey's words in a contact's language (English when unknown).
func surveyWords(lang string) words {
	lang, _, _ = strings.Cut(strings.ToLower(lang), "-")
	switch lang {
	case "it":
		return words{"Valuta", "Scegli il tuo voto:", "Rispondi con un numero da 1 a 5.", "Rispondi con un numero da 1 a 3.", "Rispondi con 👍 o 👎."}
	case "es":
		return words{"Valorar", "Elige tu valoración:", "Responde con un número del 1 al 5.", "Responde con un número del 1 al 3.", "Responde con 👍 o 👎."}
	case "fr":
		return words{"Noter", "Choisissez votre note :", "Répondez par un chiffre de 1 à 5.", "Répondez par un chiffre de 1 à 3.", "Répondez par 👍 ou 👎."}
	case "pt":
		return words{"Avaliar", "Escolha a sua avaliação:", "Responda com um número de 1 a 5.", "Responda com um número de 1 a 3.", "Responda com 👍 ou 👎."}
	}
	return words{"Rate", "Choose your rating:", switchboard.CSATFive.ReplyHint(), switchboard.CSATThree.ReplyHint(), switchboard.CSATThumbs.ReplyHint()}
}
