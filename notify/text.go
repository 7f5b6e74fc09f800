package notify

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/switchboardhq/switchboard"
)

// The words of notifications, in every language of the UI (switchboard.Languages). Titles and
// bodies are written when a notification is made, in its agent's language, so the bell, the push
// and the email say the same. The terms follow the web app's translations (web/src/i18n):
// Italian posticipare/menzione, Spanish tú/posponer, French vous/reporter with a no-break space
// before a colon, Portuguese impersonal forms/adiar.

// phrase is the title and body of one trigger in one language. Placeholders: {contact} (the
// conversation's contact), {actor} (who did it), {excerpt} (the message, cut), {target} and
// {due} (an SLA's). BodySystem replaces Body when nobody in particular did it (a rule, the
// inbox's assignment, the system).
type phrase struct {
	Title, Body, BodySystem string
}

// phrases holds every trigger's phrase per language.
var phrases = map[switchboard.NotificationTrigger]map[string]phrase{
	switchboard.NotifyAssigned: {
		"en": {"Assigned to you: {contact}", "{actor} assigned you this conversation", "Switchboard assigned you this conversation"},
		"it": {"Assegnata a te: {contact}", "{actor} ti ha assegnato questa conversazione", "Switchboard ti ha assegnato questa conversazione"},
		"es": {"Asignada a ti: {contact}", "{actor} te asignó esta conversación", "Switchboard te asignó esta conversación"},
		"fr": {"Attribuée à vous\u00a0: {contact}", "{actor} vous a attribué cette conversation", "Switchboard vous a attribué cette conversation"},
		"pt": {"Atribuída a si: {contact}", "{actor} atribuiu-lhe esta conversa", "O Switchboard atribuiu-lhe esta conversa"},
	},
	switchboard.NotifyMessage: {
		"en": {"{contact} wrote", "{excerpt}", ""},
		"it": {"{contact} ha scritto", "{excerpt}", ""},
		"es": {"{contact} escribió", "{excerpt}", ""},
		"fr": {"{contact} a écrit", "{excerpt}", ""},
		"pt": {"{contact} escreveu", "{excerpt}", ""},
	},
	switchboard.NotifyMention: {
		"en": {"{actor} mentioned you", "{excerpt}", ""},
		"it": {"{actor} ti ha menzionato", "{excerpt}", ""},
		"es": {"{actor} te mencionó", "{excerpt}", ""},
		"fr": {"{actor} vous a mentionné", "{excerpt}", ""},
		"pt": {"Nova menção de {actor}", "{excerpt}", ""},
	},
	switchboard.NotifyUnassigned: {
		"en": {"New conversation: {contact}", "{excerpt}", "Waiting for someone to take it"},
		"it": {"Nuova conversazione: {contact}", "{excerpt}", "In attesa che qualcuno la prenda in carico"},
		"es": {"Nueva conversación: {contact}", "{excerpt}", "Esperando a que alguien la atienda"},
		"fr": {"Nouvelle conversation\u00a0: {contact}", "{excerpt}", "En attente d'une prise en charge"},
		"pt": {"Nova conversa: {contact}", "{excerpt}", "À espera de quem a atenda"},
	},
	switchboard.NotifySLAWarning: {
		"en": {"SLA due soon: {contact}", "{target} due at {due}", ""},
		"it": {"SLA in scadenza: {contact}", "{target}: scade alle {due}", ""},
		"es": {"SLA a punto de vencer: {contact}", "{target}: vence a las {due}", ""},
		"fr": {"SLA bientôt dépassé\u00a0: {contact}", "{target}\u00a0: échéance à {due}", ""},
		"pt": {"SLA prestes a expirar: {contact}", "{target}: expira às {due}", ""},
	},
	switchboard.NotifySLABreached: {
		"en": {"SLA missed: {contact}", "{target} target missed", ""},
		"it": {"SLA mancato: {contact}", "{target}: obiettivo mancato", ""},
		"es": {"SLA incumplido: {contact}", "{target}: objetivo incumplido", ""},
		"fr": {"SLA dépassé\u00a0: {contact}", "{target}\u00a0: objectif manqué", ""},
		"pt": {"SLA falhado: {contact}", "{target}: objetivo falhado", ""},
	},
	switchboard.NotifyHandoff: {
		"en": {"Handed over by the bot: {contact}", "The conversation needs a person", ""},
		"it": {"Passata dal bot: {contact}", "La conversazione ha bisogno di una persona", ""},
		"es": {"Transferida por el bot: {contact}", "La conversación necesita a una persona", ""},
		"fr": {"Transmise par le bot\u00a0: {contact}", "La conversation a besoin d'une personne", ""},
		"pt": {"Passada pelo bot: {contact}", "A conversa precisa de uma pessoa", ""},
	},
	switchboard.NotifyFailed: {
		"en": {"Not delivered to {contact}", "{excerpt}", ""},
		"it": {"Non consegnato a {contact}", "{excerpt}", ""},
		"es": {"No entregado a {contact}", "{excerpt}", ""},
		"fr": {"Non distribué à {contact}", "{excerpt}", ""},
		"pt": {"Não entregue a {contact}", "{excerpt}", ""},
	},
	switchboard.NotifyReopened: {
		"en": {"Snooze over: {contact}", "The conversation is open again", ""},
		"it": {"Fine del posticipo: {contact}", "La conversazione è di nuovo aperta", ""},
		"es": {"Ya no está pospuesta: {contact}", "La conversación vuelve a estar abierta", ""},
		"fr": {"Fin du report\u00a0: {contact}", "La conversation est de nouveau ouverte", ""},
		"pt": {"Fim do adiamento: {contact}", "A conversa está novamente aberta", ""},
	},
}

// lexicon is the rest of the words of one language: fallbacks and the email's sentences.
type lexicon struct {
	Attachment string // the excerpt of a message without text
	Customer   string // a contact without a name
	Someone    string // an actor without a name
	Targets    map[switchboard.SLATarget]string
	// The email: the subject of a batch ({n}), its first line, the link to a conversation, why
	// the agent gets it, the links to the settings and to stop them, and the test email.
	Subject, Intro, Open, Why, Settings, Stop, TestSubject, TestBody string
}

var lexicons = map[string]lexicon{
	"en": {Attachment: "[attachment]", Customer: "Customer", Someone: "Someone",
		Targets: map[switchboard.SLATarget]string{switchboard.SLAFirstResponse: "First response",
			switchboard.SLANextResponse: "Next response", switchboard.SLAResolution: "Resolution"},
		Subject: "{n} notifications from Switchboard", Intro: "Here is what happened in Switchboard:",
		Open: "Open the conversation", Why: "You get these emails because of your notification settings.",
		Settings: "Choose which ones", Stop: "Stop notification emails",
		TestSubject: "Test email from Switchboard",
		TestBody:    "This account works: Switchboard can send notification emails through it."},
	"it": {Attachment: "[allegato]", Customer: "Cliente", Someone: "Qualcuno",
		Targets: map[switchboard.SLATarget]string{switchboard.SLAFirstResponse: "Prima risposta",
			switchboard.SLANextResponse: "Risposta successiva", switchboard.SLAResolution: "Risoluzione"},
		Subject: "{n} notifiche da Switchboard", Intro: "Ecco cosa è successo su Switchboard:",
		Open: "Apri la conversazione", Why: "Ricevi queste email per le tue impostazioni di notifica.",
		Settings: "Scegli quali", Stop: "Non ricevere più email di notifica",
		TestSubject: "Email di prova da Switchboard",
		TestBody:    "Questo account funziona: Switchboard può inviare da qui le email di notifica."},
	"es": {Attachment: "[adjunto]", Customer: "Cliente", Someone: "Alguien",
		Targets: map[switchboard.SLATarget]string{switchboard.SLAFirstResponse: "Primera respuesta",
			switchboard.SLANextResponse: "Siguiente respuesta", switchboard.SLAResolution: "Resolución"},
		Subject: "{n} notificaciones de Switchboard", Intro: "Esto es lo que pasó en Switchboard:",
		Open: "Abrir la conversación", Why: "Recibes estos correos por tu configuración de notificaciones.",
		Settings: "Elige cuáles", Stop: "Dejar de recibir correos de notificación",
		TestSubject: "Correo de prueba de Switchboard",
		TestBody:    "Esta cuenta funciona: Switchboard puede enviar por ella los correos de notificación."},
	"fr": {Attachment: "[pièce jointe]", Customer: "Client", Someone: "Quelqu'un",
		Targets: map[switchboard.SLATarget]string{switchboard.SLAFirstResponse: "Première réponse",
			switchboard.SLANextResponse: "Réponse suivante", switchboard.SLAResolution: "Résolution"},
		Subject: "{n} notifications de Switchboard", Intro: "Voici ce qui s'est passé dans Switchboard\u00a0:",
		Open: "Ouvrir la conversation", Why: "Vous recevez ces e-mails selon vos réglages de notification.",
		Settings: "Choisir lesquels", Stop: "Ne plus recevoir d'e-mails de notification",
		TestSubject: "E-mail de test de Switchboard",
		TestBody:    "Ce compte fonctionne\u00a0: Switchboard peut envoyer les e-mails de notification par lui."},
	"pt": {Attachment: "[anexo]", Customer: "Cliente", Someone: "Alguém",
		Targets: map[switchboard.SLATarget]string{switchboard.SLAFirstResponse: "Primeira resposta",
			switchboard.SLANextResponse: "Resposta seguinte", switchboard.SLAResolution: "Resolução"},
		Subject: "{n} notificações do Switchboard", Intro: "Eis o que aconteceu no Switchboard:",
		Open: "Abrir a conversa", Why: "Estes emails chegam conforme as definições de notificação.",
		Settings: "Escolher quais", Stop: "Deixar de receber emails de notificação",
		TestSubject: "Email de teste do Switchboard",
		TestBody:    "Esta conta funciona: o Switchboard pode enviar por ela os emails de notificação."},
}

// language returns a known language for code ("" and unknown ones read as English).
func language(code string) string {
	if _, ok := lexicons[code]; ok {
		return code
	}
	return "en"
}

// words returns the lexicon of a language (English for unknown ones).
func words(lang string) lexicon { return lexicons[language(lang)] }

// ExcerptRunes is how long an excerpt of a message may be, in runes.
const ExcerptRunes = 140

// excerpt is the start of a message's text for a title or body: its whitespace folded to single
// spaces, at most ExcerptRunes runes (ending in "…" when cut), or the word for an attachment
// when it has no text.
func excerpt(text, lang string) string {
	text = strings.Join(strings.FieldsFunc(text, unicode.IsSpace), " ")
	if text == "" {
		return words(lang).Attachment
	}
	r := []rune(text)
	if len(r) <= ExcerptRunes {
		return text
	}
	return strings.TrimRightFunc(string(r[:ExcerptRunes-1]), unicode.IsSpace) + "…"
}

// fill writes a phrase's placeholders.
func fill(s string, vars map[string]string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, 2*len(vars))
	for k, v := range vars {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// emailSubject is the subject of a batch of n notifications: the single one's title, or the
// count.
func emailSubject(lang string, titles []string) string {
	if len(titles) == 1 {
		return titles[0]
	}
	return fill(words(lang).Subject, map[string]string{"n": strconv.Itoa(len(titles))})
}
