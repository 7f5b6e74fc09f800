package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"github.com/switchboardhq/switchboard"
)

// mailItem is one notification as an email shows it.
type mailItem struct {
	Title, Body, Time, Link string
}

// mailView is what the email's text and HTML are made of. Every string may hold what customers
// wrote (names, messages): html/template escapes it all.
type mailView struct {
	Lang, Intro, Open, Why, SettingsText, SettingsURL, StopText, StopURL string
	Items                                                                []mailItem
}

var mailHTML = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;line-height:1.45">
<p>{{.Intro}}</p>
{{range .Items}}<div style="border-left:3px solid #4f6bed;padding:4px 12px;margin:12px 0">
<div style="font-weight:600">{{.Title}}</div>
{{if .Body}}<div>{{.Body}}</div>{{end}}
<div style="color:#656d76;font-size:13px">{{.Time}} · <a href="{{.Link}}">{{$.Open}}</a></div>
</div>
{{end}}<hr style="border:0;border-top:1px solid #d0d7de">
<p style="color:#656d76;font-size:13px">{{.Why}} <a href="{{.SettingsURL}}">{{.SettingsText}}</a>{{if .StopURL}} · <a href="{{.StopURL}}">{{.StopText}}</a>{{end}}</p>
</body></html>
`))

// text is the plain-text alternative of the email.
func (v *mailView) text() string {
	var b strings.Builder
	b.WriteString(v.Intro + "\n\n")
	for _, it := range v.Items {
		b.WriteString(it.Title + "\n")
		if it.Body != "" {
			b.WriteString(it.Body + "\n")
		}
		fmt.Fprintf(&b, "%s\n%s: %s\n\n", it.Time, v.Open, it.Link)
	}
	b.WriteString("-- \n" + v.Why + "\n" + v.SettingsText + ": " + v.SettingsURL + "\n")
	if v.StopURL != "" {
		b.WriteString(v.StopText + ": " + v.StopURL + "\n")
	}
	return b.String()
}

// notificationMessageID is the Message-ID of an agent's email of a batch: the same for the same
// batch, so a retry after a crash is one message to mail systems.
func notificationMessageID(agentID, first, last int64, domain string) string {
	return fmt.Sprintf("notify.%d.%d.%d@%s", agentID, first, last, domain)
}

// compose writes the email of an agent's batch: one entry per notification (title, body, time
// in the agent's zone, link to the conversation), the unsubscribe footer and headers.
func (m *Mailer) compose(ne *switchboard.NotificationEmail) ([]byte, error) {
	a, lang := ne.Agent, language(ne.Agent.Language)
	w := words(lang)
	loc := a.Location
	if loc == nil {
		loc = time.UTC
	}
	base := strings.TrimRight(m.BaseURL, "/")
	v := &mailView{Lang: lang, Intro: w.Intro, Open: w.Open, Why: w.Why, SettingsText: w.Settings,
		SettingsURL: base + "/settings/notifications", StopText: w.Stop}
	if m.Unsubscribe != nil {
		v.StopURL = m.Unsubscribe.URL(base, a.ID)
	}
	titles := make([]string, len(ne.Notifications))
	for i, n := range ne.Notifications {
		link := base + "/inbox"
		if n.ConversationID != nil {
			link += "/" + strconv.FormatInt(*n.ConversationID, 10)
		}
		v.Items = append(v.Items, mailItem{Title: n.Title, Body: n.Body, Time: n.CreatedAt.In(loc).Format("2006-01-02 15:04 MST"), Link: link})
		titles[i] = n.Title
	}
	var h gomail.Header
	first, last := ne.Notifications[0].ID, ne.Notifications[len(ne.Notifications)-1].ID
	h.SetMessageID(notificationMessageID(a.ID, first, last, mailDomain(ne.Mail)))
	h.SetSubject(oneLine(emailSubject(lang, titles)))
	if v.StopURL != "" {
		h.Set("List-Unsubscribe", "<"+v.StopURL+">")
		h.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	return m.write(h, ne.Mail, a.Name, a.Email, v)
}

// composeTest writes the test email of an account.
func (m *Mailer) composeTest(s *switchboard.NotificationMailSettings, admin *switchboard.Agent, subject, body, id string) ([]byte, error) {
	var h gomail.Header
	h.SetMessageID(id + "@" + mailDomain(s))
	h.SetSubject(subject)
	lang := language(admin.Language)
	base := strings.TrimRight(m.BaseURL, "/")
	v := &mailView{Lang: lang, Intro: body, SettingsText: words(lang).Settings, SettingsURL: base + "/settings/notifications"}
	return m.write(h, s, admin.Name, admin.Email, v)
}

// write adds the common headers and the text and HTML alternatives.
func (m *Mailer) write(h gomail.Header, s *switchboard.NotificationMailSettings, toName, to string, v *mailView) ([]byte, error) {
	fromName := s.FromName
	if fromName == "" {
		fromName = "Switchboard"
	}
	h.SetDate(m.now())
	h.SetAddressList("From", []*gomail.Address{{Name: oneLine(fromName), Address: s.FromAddress}})
	h.SetAddressList("To", []*gomail.Address{{Name: oneLine(toName), Address: to}})
	h.Set("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies to it
	h.Set("X-Auto-Response-Suppress", "All")  // nor out-of-office answers from Exchange
	var html bytes.Buffer
	if err := mailHTML.Execute(&html, v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	iw, err := gomail.CreateInlineWriter(&buf, h)
	if err != nil {
		return nil, err
	}
	for _, part := range []struct{ typ, body string }{{"text/plain", v.text()}, {"text/html", html.String()}} {
		var ph gomail.InlineHeader
		ph.SetContentType(part.typ, map[string]string{"charset": "utf-8"})
		pw, err := iw.CreatePart(ph)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(pw, part.body); err != nil {
			return nil, err
		}
		if err := pw.Close(); err != nil {
			return nil, err
		}
	}
	if err := iw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
