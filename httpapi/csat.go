package httpapi

import (
	"cmp"
	"html/template"
	"net/http"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// csatRoutes read and change an inbox's satisfaction survey (admins), and serve the public
// rating page an emailed survey links to.
func (s *Server) csatRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/inboxes/{id}/csat", OperationID: "getInboxCSAT", Tag: "inboxes", AdminOnly: true,
			Summary: "An inbox's satisfaction survey settings", Response: typeOf[switchboard.CSATSettings](), handler: s.getCSAT},
		{Method: "PUT", Path: "/api/v1/inboxes/{id}/csat", OperationID: "setInboxCSAT", Tag: "inboxes", AdminOnly: true,
			Summary: "Replace an inbox's satisfaction survey settings",
			Description: "enabled: after each resolution the customer is asked to rate the conversation, once (not again when it is " +
				"resolved again within 24 hours, nor once rated). scale: 1-5 (stored 1–5), 1-3 (stored 1, 3, 5) or thumbs (👎 1, 👍 5). " +
				"question: what the survey asks (\"\" for the default). thank_you: sent after an answer (\"\" for nothing). " +
				"ask_comment: the web chat's form and the email rating page offer a comment. Web chat asks in its widget; " +
				"WhatsApp (Cloud API) with reply buttons or a list; email with a link per rating; other channels with a text " +
				"question whose answer is the customer's next message.",
			Request: typeOf[switchboard.CSATSettings](), Response: typeOf[switchboard.CSATSettings](), handler: s.setCSAT},
		{Method: "GET", Path: "/api/v1/csat/{token}", OperationID: "getRatingPage", Tag: "inboxes", Public: true,
			Summary: "The rating page an emailed survey links to (HTML)",
			Description: "No sign-in: the token is signed and names the conversation and the rating. The page confirms the " +
				"rating, with a comment box when the inbox asks for one; nothing is recorded until the form is sent. A token " +
				"tampered with or expired answers 400 with an error page.",
			Produces: "text/html; charset=utf-8", handler: s.getRatingPage},
		{Method: "POST", Path: "/api/v1/csat/{token}", OperationID: "rate", Tag: "inboxes", Public: true,
			Summary:     "Record the rating of a rating page (HTML form)",
			Description: "Form fields: comment (optional). The conversation is rated once; a second answer shows the first.",
			Produces:    "text/html; charset=utf-8", handler: s.postRatingPage},
	}
}

func (s *Server) getCSAT(w http.ResponseWriter, r *http.Request) error {
	if s.CSAT == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server sends no surveys.")
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	out, err := s.CSAT.CSATSettings(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) setCSAT(w http.ResponseWriter, r *http.Request) error {
	if s.CSAT == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server sends no surveys.")
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return err
	}
	var in switchboard.CSATSettings
	if err := decode(r, &in); err != nil {
		return err
	}
	in.InboxID = id
	out, err := s.CSAT.SetCSATSettings(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getRatingPage(w http.ResponseWriter, r *http.Request) error {
	if s.CSAT == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server sends no surveys.")
	}
	p, err := s.CSAT.CSATPage(r.Context(), r.PathValue("token"))
	return s.ratingPage(w, r, p, err)
}

func (s *Server) postRatingPage(w http.ResponseWriter, r *http.Request) error {
	if s.CSAT == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server sends no surveys.")
	}
	token := r.PathValue("token")
	if err := r.ParseForm(); err != nil {
		return switchboard.Errorf(switchboard.EINVALID, "Send the form.")
	}
	p, err := s.CSAT.RateByLink(r.Context(), token, r.PostForm.Get("comment"))
	if switchboard.ErrorCode(err) == switchboard.ECONFLICT {
		p, err = s.CSAT.CSATPage(r.Context(), token)
	}
	return s.ratingPage(w, r, p, err)
}

// ratingPage writes the page: the rating and its form, the thanks, or what is wrong with the link.
func (s *Server) ratingPage(w http.ResponseWriter, r *http.Request, p *switchboard.CSATPage, err error) error {
	status := http.StatusOK
	lang := ""
	if p != nil {
		lang = p.Language
	}
	t := ratingTexts(lang)
	data := struct {
		Lang, Title, Text, Comment, Send string
		Form, AskComment, Error          bool
		Label                            string
	}{Lang: t.lang, Comment: t.comment, Send: t.send}
	switch {
	case switchboard.ErrorCode(err) == switchboard.EINVALID || switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		status, data.Error, data.Title = http.StatusBadRequest, true, t.invalid
		if e, ok := err.(*switchboard.Error); ok && e.Fields["token"] == "expired" {
			data.Title = t.expired
		}
	case err != nil:
		return err
	case p.Rated != nil:
		data.Title, data.Label = cmp.Or(p.ThankYou, t.thanks), ratingLabel(p.Scale, p.Rated.Rating)
		data.Text = t.rated
	default:
		data.Title, data.Text, data.Label, data.Form, data.AskComment = p.Question, t.confirm, ratingLabel(p.Scale, p.Rating), true, p.AskComment
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
	w.WriteHeader(status)
	return ratingTemplate.Execute(w, data)
}

// ratingLabel shows a stored rating in the scale the survey asked with.
func ratingLabel(s switchboard.CSATScale, rating int) string {
	for _, c := range s.Choices() {
		if c.Rating == rating {
			return c.Label
		}
	}
	return ""
}

var ratingTemplate = template.Must(template.New("rating").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}textarea{background:#161b22;color:inherit}}
.rating{font-size:2rem;margin:1rem 0}.error{color:#cf222e}textarea{width:100%;min-height:6rem;font:inherit;box-sizing:border-box}
button{font:inherit;padding:.5rem 1.25rem;margin-top:.75rem;cursor:pointer}</style></head>
<body><main>
<h1{{if .Error}} class="error"{{end}}>{{.Title}}</h1>
{{if .Label}}<p class="rating">{{.Label}}</p>{{end}}
{{if .Text}}<p>{{.Text}}</p>{{end}}
{{if .Form}}<form method="post">{{if .AskComment}}<label for="comment">{{.Comment}}</label>
<textarea id="comment" name="comment" maxlength="2000"></textarea>{{end}}
<button type="submit">{{.Send}}</button></form>{{end}}
</main></body></html>`))

// ratingWords are the rating page's words in a contact's language (English when unknown).
type ratingWords struct {
	lang, confirm, comment, send, thanks, rated, invalid, expired string
}

// ratingTexts returns the rating page's words in a language.
func ratingTexts(lang string) ratingWords {
	lang, _, _ = strings.Cut(strings.ToLower(lang), "-")
	switch lang {
	case "it":
		return ratingWords{"it", "Conferma il tuo voto: puoi aggiungere un commento.", "Commento (facoltativo)", "Invia", "Grazie!", "Il tuo voto è registrato.", "Questo link di valutazione non è valido.", "Questo link di valutazione è scaduto."}
	case "es":
		return ratingWords{"es", "Confirma tu valoración: puedes añadir un comentario.", "Comentario (opcional)", "Enviar", "¡Gracias!", "Tu valoración está registrada.", "Este enlace de valoración no es válido.", "Este enlace de valoración ha caducado."}
	case "fr":
		return ratingWords{"fr", "Confirmez votre note : vous pouvez ajouter un commentaire.", "Commentaire (facultatif)", "Envoyer", "Merci !", "Votre note est enregistrée.", "Ce lien de notation n'est pas valide.", "Ce lien de notation a expiré."}
	case "pt":
		return ratingWords{"pt", "Confirme a sua avaliação: pode acrescentar um comentário.", "Comentário (opcional)", "Enviar", "Obrigado!", "A sua avaliação foi registada.", "Este link de avaliação não é válido.", "Este link de avaliação expirou."}
	}
	return ratingWords{"en", "Confirm your rating (you may add a comment).", "Comment (optional)", "Send", "Thank you!", "Your rating is recorded.", "This rating link is not valid.", "This rating link has expired."}
}
