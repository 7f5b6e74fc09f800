package notify

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
)

func ptr[T any](v T) *T { return &v }

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The team: Ada (en, admin, every inbox), Bruno (it, inbox 10), Carla (es, inbox 20 only),
// Dana (fr, inbox 10), Eva (pt, inbox 10). Conversation 100 (inbox 10) is Bruno's; 101 (inbox
// 10) has nobody.
func facts(t *testing.T) *switchboard.NotifyFacts {
	inbox := func(ids ...int64) switchboard.InboxScope {
		s := switchboard.InboxScope{IDs: map[int64]bool{}}
		for _, id := range ids {
			s.IDs[id] = true
		}
		return s
	}
	agent := func(id int64, name, lang string, scope switchboard.InboxScope) *switchboard.NotifyAgent {
		return &switchboard.NotifyAgent{ID: id, Name: name, Email: strings.ToLower(name) + "@example.com", Language: lang,
			Location: time.UTC, Scope: scope, Settings: switchboard.DefaultNotificationSettings(), Mail: true, Push: true}
	}
	return &switchboard.NotifyFacts{
		Agents: map[int64]*switchboard.NotifyAgent{
			1: agent(1, "Ada", "en", switchboard.InboxScope{All: true}),
			2: agent(2, "Bruno", "it", inbox(10)),
			3: agent(3, "Carla", "es", inbox(20)),
			4: agent(4, "Dana", "fr", inbox(10)),
			5: agent(5, "Eva", "pt", inbox(10)),
		},
		Conversations: map[int64]*switchboard.NotifyConversation{
			100: {ID: 100, InboxID: 10, AssigneeID: ptr(int64(2)), Status: switchboard.StatusOpen, ContactName: "Zoë"},
			101: {ID: 101, InboxID: 10, Status: switchboard.StatusOpen, ContactName: "Yann"},
			102: {ID: 102, InboxID: 10, Status: switchboard.StatusOpen, ContactName: "Zoë\r\nBcc: x "},
		},
		Messages: map[int64]*switchboard.NotifyMsg{
			500: {ID: 500, ConversationID: 100, Direction: switchboard.DirectionOutgoing, SenderType: switchboard.SenderAgent,
				SenderID: ptr(int64(4)), SenderName: "Dana", Text: "Your order ships today", Status: switchboard.MessageFailed},
		},
		Now: time.Date(2026, 1, 10, 4, 0, 0, 0, time.UTC),
	}
}

func event(typ switchboard.EventType, conv int64, actor *int64, data any) *switchboard.Event {
	b, _ := json.Marshal(data)
	return &switchboard.Event{ID: 9, Type: typ, InboxID: ptr(int64(10)), ConversationID: &conv, ActorID: actor, Data: b}
}

// brief is a delivery without its pointers, for comparing.
type brief struct {
	Agent       int64
	Trigger     switchboard.NotificationTrigger
	Title, Body string
	InApp, Push bool
	Email       bool
	Sound       string
	Message     int64
}

func briefs(ds []switchboard.NotifyDelivery) []brief {
	var out []brief
	for _, d := range ds {
		b := brief{Agent: d.AgentID, Trigger: d.Trigger, Title: d.Title, Body: d.Body, InApp: d.InApp, Push: d.Push, Email: d.Email, Sound: d.Sound}
		if d.MessageID != nil {
			b.Message = *d.MessageID
		}
		out = append(out, b)
	}
	return out
}

func TestRouteWhoIsTold(t *testing.T) {
	customer := map[string]any{"id": 600, "conversation_id": 100, "inbox_id": 10, "direction": "incoming", "kind": "text",
		"sender_type": "contact", "sender_name": "Zoë", "text": "Where is my parcel?"}
	note := map[string]any{"id": 601, "conversation_id": 100, "inbox_id": 10, "direction": "internal", "kind": "note",
		"sender_type": "agent", "sender_id": 1, "sender_name": "Ada", "text": "@Bruno @Carla @Ada look", "mentions": []int64{2, 3, 1, 99}}
	reply := map[string]any{"id": 602, "conversation_id": 100, "inbox_id": 10, "direction": "outgoing", "kind": "text",
		"sender_type": "agent", "sender_id": 2, "sender_name": "Bruno", "text": "On its way"}
	handoff := []brief{
		{1, switchboard.NotifyHandoff, "Handed over by the bot: Yann", "The conversation needs a person", true, true, false, "", 0},
		{2, switchboard.NotifyHandoff, "Passata dal bot: Yann", "La conversazione ha bisogno di una persona", true, true, false, "", 0},
		{4, switchboard.NotifyHandoff, "Transmise par le bot\u00a0: Yann", "La conversation a besoin d'une personne", true, true, false, "", 0},
		{5, switchboard.NotifyHandoff, "Passada pelo bot: Yann", "A conversa precisa de uma pessoa", true, true, false, "", 0},
	}
	for _, tc := range []struct {
		name string
		e    *switchboard.Event
		want []brief
	}{
		{"unassigned: everyone seeing the inbox", event(switchboard.EventConversationCreated, 101, nil,
			map[string]any{"id": 101, "inbox_id": 10, "assignee_id": nil, "last_message_preview": "Hello\nthere"}), []brief{
			{1, switchboard.NotifyUnassigned, "New conversation: Yann", "Hello there", true, false, false, "", 0},
			{2, switchboard.NotifyUnassigned, "Nuova conversazione: Yann", "Hello there", true, false, false, "", 0},
			{4, switchboard.NotifyUnassigned, "Nouvelle conversation\u00a0: Yann", "Hello there", true, false, false, "", 0},
			{5, switchboard.NotifyUnassigned, "Nova conversa: Yann", "Hello there", true, false, false, "", 0},
		}},
		{"unassigned: not its creator", event(switchboard.EventConversationCreated, 101, ptr(int64(1)),
			map[string]any{"id": 101, "assignee_id": nil}), []brief{
			{2, switchboard.NotifyUnassigned, "Nuova conversazione: Yann", "In attesa che qualcuno la prenda in carico", true, false, false, "", 0},
			{4, switchboard.NotifyUnassigned, "Nouvelle conversation\u00a0: Yann", "En attente d'une prise en charge", true, false, false, "", 0},
			{5, switchboard.NotifyUnassigned, "Nova conversa: Yann", "À espera de quem a atenda", true, false, false, "", 0},
		}},
		{"created assigned", event(switchboard.EventConversationCreated, 101, nil, map[string]any{"id": 101, "assignee_id": 4}), nil},
		{"created, assigned since", event(switchboard.EventConversationCreated, 100, nil, map[string]any{"id": 100, "assignee_id": nil}), nil},
		{"assigned by Ada", event(switchboard.EventConversationAssigned, 100, ptr(int64(1)), map[string]any{"id": 100, "assignee_id": 2}), []brief{
			{2, switchboard.NotifyAssigned, "Assegnata a te: Zoë", "Ada ti ha assegnato questa conversazione", true, true, false, "", 0},
		}},
		{"assigned by a rule", event(switchboard.EventConversationAssigned, 100, nil, map[string]any{"id": 100, "assignee_id": 4}), []brief{
			{4, switchboard.NotifyAssigned, "Attribuée à vous\u00a0: Zoë", "Switchboard vous a attribué cette conversation", true, true, false, "", 0},
		}},
		{"assigned by a deleted agent", event(switchboard.EventConversationAssigned, 100, ptr(int64(77)), map[string]any{"id": 100, "assignee_id": 5}), []brief{
			{5, switchboard.NotifyAssigned, "Atribuída a si: Zoë", "Alguém atribuiu-lhe esta conversa", true, true, false, "", 0},
		}},
		{"assigned to oneself", event(switchboard.EventConversationAssigned, 100, ptr(int64(2)), map[string]any{"id": 100, "assignee_id": 2}), nil},
		{"assigned to someone without the inbox", event(switchboard.EventConversationAssigned, 100, ptr(int64(1)), map[string]any{"id": 100, "assignee_id": 3}), nil},
		{"assigned to a deleted agent", event(switchboard.EventConversationAssigned, 100, ptr(int64(1)), map[string]any{"id": 100, "assignee_id": 77}), nil},
		{"unassigned by someone", event(switchboard.EventConversationAssigned, 100, ptr(int64(1)), map[string]any{"id": 100, "assignee_id": nil}), nil},
		{"customer's message: the assignee", event(switchboard.EventMessageCreated, 100, nil, customer), []brief{
			{2, switchboard.NotifyMessage, "Zoë ha scritto", "Where is my parcel?", true, true, false, "", 600},
		}},
		{"an agent's reply: nobody", event(switchboard.EventMessageCreated, 100, ptr(int64(2)), reply), nil},
		{"mentions: not the author, not outside the inbox, not the deleted", event(switchboard.EventMessageCreated, 100, ptr(int64(1)), note), []brief{
			{2, switchboard.NotifyMention, "Ada ti ha menzionato", "@Bruno @Carla @Ada look", true, true, true, "", 601},
		}},
		{"SLA breached: the assignee", event(switchboard.EventSLABreached, 100, nil, map[string]any{"conversation_id": 100, "target": "first_response"}), []brief{
			{2, switchboard.NotifySLABreached, "SLA mancato: Zoë", "Prima risposta: obiettivo mancato", true, true, true, "", 0},
		}},
		{"SLA warning, unassigned: everyone seeing it", event(switchboard.EventSLAWarning, 101, nil,
			map[string]any{"conversation_id": 101, "target": "resolution", "due_at": "2026-01-10T05:30:00Z"}), []brief{
			{1, switchboard.NotifySLAWarning, "SLA due soon: Yann", "Resolution due at 05:30", true, false, false, "", 0},
			{2, switchboard.NotifySLAWarning, "SLA in scadenza: Yann", "Risoluzione: scade alle 05:30", true, false, false, "", 0},
			{4, switchboard.NotifySLAWarning, "SLA bientôt dépassé\u00a0: Yann", "Résolution\u00a0: échéance à 05:30", true, false, false, "", 0},
			{5, switchboard.NotifySLAWarning, "SLA prestes a expirar: Yann", "Resolução: expira às 05:30", true, false, false, "", 0},
		}},
		{"bot hand-off, unassigned", event(switchboard.EventConversationUpdated, 101, nil, map[string]any{"id": 101, "bot": map[string]string{"state": "handed_off"}}), handoff},
		{"bot paused", event(switchboard.EventConversationUpdated, 101, nil, map[string]any{"id": 101, "bot": map[string]string{"state": "paused"}}), nil},
		{"other update", event(switchboard.EventConversationUpdated, 100, ptr(int64(1)), map[string]any{"id": 100, "priority": "high"}), nil},
		{"failed: its sender", event(switchboard.EventMessageUpdated, 100, nil, map[string]any{"id": 500, "conversation_id": 100, "status": "failed", "error_reason": "Number unreachable"}), []brief{
			{4, switchboard.NotifyFailed, "Non distribué à Zoë", "Your order ships today — Number unreachable", true, false, false, "", 500},
		}},
		{"delivered", event(switchboard.EventMessageUpdated, 100, nil, map[string]any{"id": 500, "conversation_id": 100, "status": "delivered"}), nil},
		{"snooze over: the assignee", event(switchboard.EventConversationStatus, 100, nil, map[string]any{"id": 100, "status": "open", "previous_status": "snoozed"}), []brief{
			{2, switchboard.NotifyReopened, "Fine del posticipo: Zoë", "La conversazione è di nuovo aperta", true, false, false, "", 0},
		}},
		{"woken by the customer's message: the message tells", event(switchboard.EventConversationStatus, 100, nil, map[string]any{"id": 100, "status": "open", "previous_status": "snoozed", "cause": "customer_message"}), nil},
		{"reopened from resolved", event(switchboard.EventConversationStatus, 100, ptr(int64(1)), map[string]any{"id": 100, "status": "open", "previous_status": "resolved"}), nil},
		{"a name on several lines", func() *switchboard.Event {
			return event(switchboard.EventConversationAssigned, 102, ptr(int64(1)), map[string]any{"id": 102, "assignee_id": 2})
		}(), []brief{
			{2, switchboard.NotifyAssigned, "Assegnata a te: Zoë Bcc: x", "Ada ti ha assegnato questa conversazione", true, true, false, "", 0},
		}},
		{"a field of another type", event(switchboard.EventConversationUpdated, 101, nil,
			map[string]any{"id": 101, "target": 5, "bot": map[string]string{"state": "handed_off"}}), handoff},
		{"data not JSON", &switchboard.Event{Type: switchboard.EventConversationAssigned, ConversationID: ptr(int64(100)), Data: []byte("{")}, nil},
		{"a conversation gone", event(switchboard.EventConversationAssigned, 999, ptr(int64(1)), map[string]any{"id": 999, "assignee_id": 2}), nil},
		{"uninteresting", event(switchboard.EventConversationLabels, 100, ptr(int64(1)), map[string]any{"labels": []string{"x"}}), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := briefs(Router{}.Route(tc.e, facts(t)))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("deliveries (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRouteMedia(t *testing.T) {
	assigned := event(switchboard.EventConversationAssigned, 100, ptr(int64(1)), map[string]any{"id": 100, "assignee_id": 2})
	quietNight := &switchboard.QuietHours{From: "22:00", To: "07:00"}
	// The event happens at 04:00 UTC: 23:00 in New York (quiet), 13:00 in Tokyo (not quiet).
	for _, tc := range []struct {
		name   string
		change func(a *switchboard.NotifyAgent)
		want   *brief // nil: no delivery
	}{
		{"defaults", func(a *switchboard.NotifyAgent) {}, &brief{InApp: true, Push: true}},
		{"sound on", func(a *switchboard.NotifyAgent) {
			a.Settings.Sound = "pop"
			a.Settings.Triggers[switchboard.NotifyAssigned] = switchboard.NotificationChoice{App: true, Sound: true}
		}, &brief{InApp: true, Sound: "pop"}},
		{"everything off", func(a *switchboard.NotifyAgent) {
			a.Settings.Triggers[switchboard.NotifyAssigned] = switchboard.NotificationChoice{}
		}, nil},
		{"email only, with the account on", func(a *switchboard.NotifyAgent) {
			a.Settings.Triggers[switchboard.NotifyAssigned] = switchboard.NotificationChoice{Email: true}
		}, &brief{Email: true}},
		{"email only, without the account", func(a *switchboard.NotifyAgent) {
			a.Mail = false
			a.Settings.Triggers[switchboard.NotifyAssigned] = switchboard.NotificationChoice{Email: true}
		}, nil},
		{"push only, no browser", func(a *switchboard.NotifyAgent) {
			a.Push = false
			a.Settings.Triggers[switchboard.NotifyAssigned] = switchboard.NotificationChoice{Push: true}
		}, nil},
		{"active: no push", func(a *switchboard.NotifyAgent) { a.Active = true }, &brief{InApp: true}},
		{"active, push while active", func(a *switchboard.NotifyAgent) {
			a.Active, a.Settings.PushWhileActive = true, true
		}, &brief{InApp: true, Push: true}},
		{"quiet hours across midnight in New York", func(a *switchboard.NotifyAgent) {
			a.Location = mustZone(t, "America/New_York")
			a.Settings.QuietHours = quietNight
			a.Settings.Triggers[switchboard.NotifyAssigned] = switchboard.NotificationChoice{App: true, Push: true, Email: true, Sound: true}
		}, &brief{InApp: true, Email: true}},
		{"the same quiet hours in Tokyo", func(a *switchboard.NotifyAgent) {
			a.Location = mustZone(t, "Asia/Tokyo")
			a.Settings.QuietHours = quietNight
			a.Settings.Triggers[switchboard.NotifyAssigned] = switchboard.NotificationChoice{App: true, Push: true, Email: true, Sound: true}
		}, &brief{InApp: true, Push: true, Email: true, Sound: "chime"}},
		{"quiet, push only", func(a *switchboard.NotifyAgent) {
			a.Location = mustZone(t, "America/New_York")
			a.Settings.QuietHours = quietNight
			a.Settings.Triggers[switchboard.NotifyAssigned] = switchboard.NotificationChoice{Push: true}
		}, nil},
		{"no settings read as the defaults", func(a *switchboard.NotifyAgent) { a.Settings = nil }, &brief{InApp: true, Push: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := facts(t)
			tc.change(f.Agents[2])
			got := briefs(Router{}.Route(assigned, f))
			var want []brief
			if tc.want != nil {
				w := *tc.want
				w.Agent, w.Trigger, w.Title, w.Body = 2, switchboard.NotifyAssigned, "Assegnata a te: Zoë", "Ada ti ha assegnato questa conversazione"
				want = []brief{w}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("deliveries (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRouteDeliveryLinks(t *testing.T) {
	e := event(switchboard.EventMessageCreated, 100, nil, map[string]any{"id": 600, "conversation_id": 100,
		"direction": "incoming", "kind": "media", "sender_type": "contact", "text": ""})
	ds := Router{}.Route(e, facts(t))
	if len(ds) != 1 {
		t.Fatalf("%d deliveries, want 1", len(ds))
	}
	d := ds[0]
	if *d.InboxID != 10 || *d.ConversationID != 100 || *d.MessageID != 600 || d.Body != "[allegato]" {
		t.Fatalf("delivery inbox %d conversation %d message %d body %q", *d.InboxID, *d.ConversationID, *d.MessageID, d.Body)
	}
}

func TestTextsComplete(t *testing.T) {
	for _, trig := range switchboard.NotificationTriggers {
		for _, lang := range switchboard.Languages {
			p, ok := phrases[trig][lang]
			if !ok || p.Title == "" || p.Body == "" {
				t.Errorf("%s in %s: missing", trig, lang)
			}
		}
		if len(phrases[trig]) != len(switchboard.Languages) {
			t.Errorf("%s: %d languages, want %d", trig, len(phrases[trig]), len(switchboard.Languages))
		}
	}
	// Every placeholder is filled for every trigger and language.
	f := facts(t)
	for _, lang := range switchboard.Languages {
		for _, trig := range switchboard.NotificationTriggers {
			r := &routing{e: &switchboard.Event{ActorID: ptr(int64(1))}, f: f, conv: f.Conversations[100], trigger: trig,
				actor: "Ada", text: "hi", d: eventData{Target: "first_response"}}
			title, body := r.words(&switchboard.NotifyAgent{Language: lang}, time.UTC)
			if strings.ContainsAny(title+body, "{}") || title == "" || body == "" {
				t.Errorf("%s in %s: %q / %q", trig, lang, title, body)
			}
		}
		if w := words(lang); w.Subject == "" || w.Intro == "" || w.Stop == "" || len(w.Targets) != len(switchboard.SLATargets) {
			t.Errorf("%s: lexicon incomplete", lang)
		}
	}
	if language("de") != "en" || language("") != "en" || language("pt") != "pt" {
		t.Error("unknown languages must read as English")
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("ä", 200)
	got := excerpt(long, "en")
	if n := utf8.RuneCountInString(got); n != ExcerptRunes || !strings.HasSuffix(got, "…") {
		t.Errorf("excerpt of 200 runes: %d runes %q", n, got)
	}
	exact := strings.Repeat("b", ExcerptRunes)
	if got := excerpt(exact, "en"); got != exact {
		t.Errorf("excerpt of %d runes changed it: %q", ExcerptRunes, got)
	}
	if got := excerpt("  a\n\tb  ", "en"); got != "a b" {
		t.Errorf("whitespace: %q", got)
	}
	for lang, want := range map[string]string{"en": "[attachment]", "it": "[allegato]", "es": "[adjunto]", "fr": "[pièce jointe]", "pt": "[anexo]", "xx": "[attachment]"} {
		if got := excerpt(" ", lang); got != want {
			t.Errorf("empty in %s: %q, want %q", lang, got, want)
		}
	}
}

func TestInteresting(t *testing.T) {
	for _, typ := range switchboard.EventTypes {
		want := false
		switch typ {
		case switchboard.EventConversationCreated, switchboard.EventConversationAssigned, switchboard.EventMessageCreated,
			switchboard.EventMessageUpdated, switchboard.EventSLAWarning, switchboard.EventSLABreached,
			switchboard.EventConversationUpdated, switchboard.EventConversationStatus:
			want = true
		}
		if got := (Router{}).Interesting(typ); got != want {
			t.Errorf("Interesting(%s) = %v, want %v", typ, got, want)
		}
	}
}
