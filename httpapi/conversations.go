package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// conversationRoutes list and work conversations. Every call applies the caller's visibility in
// the service: a conversation of an inbox they do not belong to answers 404, exactly like one
// that does not exist.
func (s *Server) conversationRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/conversations", OperationID: "listConversations", Tag: "conversations",
			Summary:     "List conversations",
			Description: "One page of a view, filtered; filters combine freely. Follow next_cursor for the next page.",
			Query:       conversationQuery, Response: typeOf[switchboard.ConversationPage](), handler: s.listConversations},
		{Method: "POST", Path: "/api/v1/conversations", OperationID: "createConversation", Tag: "conversations",
			Summary: "Start a conversation",
			Description: "Sends a first message from you in an inbox you belong to; you become the assignee. " +
				"Name the customer by contact_id (a contact you can see, with an address on the inbox's channel) or by to: " +
				"a phone number with its country code (WhatsApp, SMS, RCS), an email address (email, which also needs a subject) " +
				"or the external id (API channel); to finds the contact who has that address, or creates one named contact_name. " +
				"Messenger, Instagram, Telegram and web chat reach only contacts who wrote first. " +
				"Send text, or a template ({name, language, params}): on WhatsApp a customer who never wrote, or whose 24-hour window closed, " +
				"can only be sent a template, and text answers 422 window_closed. " +
				"Except by email, a contact's active conversation in the inbox (open, pending or snoozed) goes on with the message " +
				"instead of a second one starting beside it, as the customer's answer would join it: continued is true then. " +
				"An Idempotency-Key header (or idempotency_key) makes a retry return the conversation created the first time.",
			Headers: []Param{idempotencyHeader},
			Request: typeOf[switchboard.ConversationCreate](), Response: typeOf[conversationCreated](),
			Status: http.StatusCreated, handler: s.createConversation},
		{Method: "POST", Path: "/api/v1/conversations/read-all", OperationID: "markAllRead", Tag: "conversations",
			Summary: "Mark every conversation read, for you", handler: s.markAllRead},
		{Method: "GET", Path: "/api/v1/conversations/{id}", OperationID: "getConversation", Tag: "conversations",
			Summary: "Get a conversation",
			Description: "csat is the customer's rating after the conversation was resolved ({rating 1–5, comment, at}; inboxes with a satisfaction survey, see /inboxes/{id}/csat), null when none. " +
				"bot is the conversation's bot ({state: active, paused or handed_off}) when its inbox has one turned on, null otherwise.",
			Response: typeOf[switchboard.Conversation](), handler: s.getConversation},
		{Method: "GET", Path: "/api/v1/conversations/{id}/agents", OperationID: "listConversationAgents", Tag: "conversations",
			Summary:     "List the agents who can see a conversation",
			Description: "Admins, supervisors and the members of its inbox (directly or through a team): those it can be assigned to and whom a note can mention.",
			Response:    typeOf[list[*switchboard.Agent]](), handler: s.conversationAgents},
		{Method: "PATCH", Path: "/api/v1/conversations/{id}", OperationID: "updateConversation", Tag: "conversations",
			Summary: "Flag, prioritise or retitle a conversation", Request: typeOf[switchboard.ConversationUpdate](),
			Response: typeOf[switchboard.Conversation](), handler: s.updateConversation},
		{Method: "POST", Path: "/api/v1/conversations/{id}/assign", OperationID: "assignConversation", Tag: "conversations",
			Summary:     "Assign or transfer a conversation",
			Description: "agent_id and team_id set each side; null clears it.",
			Request:     typeOf[switchboard.Assignment](), Response: typeOf[switchboard.Conversation](), handler: s.assignConversation},
		{Method: "POST", Path: "/api/v1/conversations/{id}/resolve", OperationID: "resolveConversation", Tag: "conversations",
			Summary: "Resolve a conversation", Response: typeOf[switchboard.Conversation](),
			handler: s.setStatus(switchboard.StatusResolved)},
		{Method: "POST", Path: "/api/v1/conversations/{id}/reopen", OperationID: "reopenConversation", Tag: "conversations",
			Summary: "Reopen a conversation", Response: typeOf[switchboard.Conversation](),
			handler: s.setStatus(switchboard.StatusOpen)},
		{Method: "POST", Path: "/api/v1/conversations/{id}/pending", OperationID: "pendConversation", Tag: "conversations",
			Summary: "Set a conversation pending", Response: typeOf[switchboard.Conversation](),
			handler: s.setStatus(switchboard.StatusPending)},
		{Method: "POST", Path: "/api/v1/conversations/{id}/snooze", OperationID: "snoozeConversation", Tag: "conversations",
			Summary:     "Snooze a conversation",
			Description: "Give a preset (computed in your time zone; tomorrow and next_monday mean 9:00) or an RFC 3339 until. A customer reply wakes it early.",
			Request:     typeOf[snoozeRequest](), Response: typeOf[switchboard.Conversation](), handler: s.snoozeConversation},
		{Method: "POST", Path: "/api/v1/conversations/{id}/labels", OperationID: "addConversationLabels", Tag: "conversations",
			Summary:     "Add labels to a conversation",
			Description: "The labels must exist; the inbox creates new ones inline with POST /api/v1/labels first.",
			Request:     typeOf[labelsRequest](), Response: typeOf[switchboard.Conversation](), handler: s.addLabels},
		{Method: "DELETE", Path: "/api/v1/conversations/{id}/labels/{name}", OperationID: "removeConversationLabel", Tag: "conversations",
			Summary: "Remove a label from a conversation", Response: typeOf[switchboard.Conversation](), handler: s.removeLabel},
		{Method: "POST", Path: "/api/v1/conversations/{id}/handoff", OperationID: "handOff", Tag: "conversations", Integration: true,
			Summary: "Hand a conversation over from a bot to people",
			Description: "For the inbox's integration (its bot) and admins: the conversation opens, unassigned, for team_id " +
				"when given, and the thread shows the hand-off with the reason. The conversation's bot becomes handed_off (it receives " +
				"nothing more of it) and the inbox's automatic assignment runs.",
			Request: typeOf[switchboard.HandOff](), Response: typeOf[switchboard.Conversation](), handler: s.handOff},
		{Method: "POST", Path: "/api/v1/conversations/{id}/read", OperationID: "markRead", Tag: "conversations",
			Summary: "Mark a conversation read, for you", handler: s.markRead(false)},
		{Method: "POST", Path: "/api/v1/conversations/{id}/unread", OperationID: "markUnread", Tag: "conversations",
			Summary: "Mark a conversation unread, for you", handler: s.markRead(true)},
		{Method: "POST", Path: "/api/v1/conversations/{id}/typing", OperationID: "setTyping", Tag: "conversations",
			Summary: "Show the customer that you are typing, or stop",
			Description: "Where the conversation's channel shows it (capabilities.typing: Messenger, Instagram), while the customer-service " +
				"window is open. typing true shows the indicator: at most one goes to the provider per conversation every 10 seconds, " +
				"however often you call, and the provider hides it by itself after about 20 seconds or when your reply arrives; " +
				"typing false hides it at once. Call it as you type. Another channel answers 400, a closed window 422 window_closed; the provider's " +
				"own failures are logged, not answered.",
			Request: typeOf[typingRequest](), handler: s.setTyping},
	}
}

// conversationQuery documents the filters of the conversation list.
var conversationQuery = []Param{
	{Name: "view", Type: "string", Enum: []string{"mine", "unassigned", "all", "mentions"}, Description: "Default all: every conversation you may see."},
	{Name: "inbox_id", Type: "integer"},
	{Name: "contact_id", Type: "integer", Description: "One contact's conversations, on every channel you may see."},
	{Name: "channel", Type: "string", Description: "A channel kind, such as whatsapp or email."},
	{Name: "status", Type: "string", Repeated: true, Enum: []string{"open", "pending", "snoozed", "resolved"},
		Description: "Repeat it or separate values with commas for any of several."},
	{Name: "label", Type: "string"},
	{Name: "assignee_id", Type: "integer"},
	{Name: "team_id", Type: "integer"},
	{Name: "since", Type: "date-time", Description: "Last activity at or after this time."},
	{Name: "until", Type: "date-time", Description: "Last activity before this time."},
	{Name: "last_replier", Type: "string", Enum: []string{"customer", "agent"}, Description: "Who sent the last message."},
	{Name: "flagged", Type: "boolean"},
	{Name: "sentiment", Type: "string", Enum: []string{"negative", "neutral", "positive"}, Description: "As the assistant read the latest analysed turn."},
	{Name: "urgency", Type: "string", Enum: []string{"low", "normal", "high"}, Description: "As the assistant read the latest analysed turn."},
	{Name: "language", Type: "string", Description: "The customer's language as the assistant read it, a two-letter code like es."},
	{Name: "unread", Type: "boolean", Description: "Unread for you."},
	{Name: "blocked", Type: "boolean", Description: "true: only blocked contacts' conversations; false or unset: only the others (unset with contact_id: all of that contact's)."},
	{Name: "sort", Type: "string", Enum: []string{"newest", "waiting"},
		Description: "newest (default) or waiting: only conversations whose customer awaits a reply, longest first."},
	{Name: "cursor", Type: "string", Description: "next_cursor of the previous page."},
	{Name: "limit", Type: "integer", Description: "Page size, 1 to 100 (default 25)."},
}

// conversationCreated is a new conversation with its first message. Continued says the message
// went on in the contact's active conversation rather than starting one.
type conversationCreated struct {
	Conversation *switchboard.Conversation `json:"conversation"`
	Message      *switchboard.Message      `json:"message"`
	Continued    bool                      `json:"continued"`
}

// snoozeRequest says until when: a preset or a time, not both.
type snoozeRequest struct {
	Preset switchboard.SnoozePreset `json:"preset"`
	Until  *time.Time               `json:"until"`
}

// typingRequest says whether the agent is typing.
type typingRequest struct {
	Typing bool `json:"typing"`
}

func (s *Server) setTyping(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in typingRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if s.Typing == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server shows customers no typing indicator.")
	}
	if err := s.Typing.Typing(r.Context(), id, in.Typing); err != nil {
		return err
	}
	return noContent(w)
}

// labelsRequest names labels.
type labelsRequest struct {
	Labels []string `json:"labels"`
}

func (s *Server) listConversations(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := switchboard.ConversationFilter{
		View:        switchboard.View(q.str("view")),
		InboxID:     q.id("inbox_id"),
		ContactID:   q.id("contact_id"),
		Channel:     switchboard.ChannelKind(q.str("channel")),
		Label:       q.str("label"),
		AssigneeID:  q.id("assignee_id"),
		TeamID:      q.id("team_id"),
		Since:       q.time("since"),
		Until:       q.time("until"),
		LastReplier: switchboard.Replier(q.str("last_replier")),
		Flagged:     q.boolean("flagged"),
		Sentiment:   switchboard.Sentiment(q.str("sentiment")),
		Urgency:     switchboard.Urgency(q.str("urgency")),
		Language:    q.str("language"),
		Unread:      q.boolean("unread"),
		Blocked:     q.boolean("blocked"),
		Sort:        switchboard.Sort(q.str("sort")),
		Cursor:      q.str("cursor"),
		Limit:       q.integer("limit"),
	}
	for _, st := range q.list("status") {
		f.Statuses = append(f.Statuses, switchboard.ConversationStatus(st))
	}
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.Conversations.FindConversations(r.Context(), f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []*switchboard.Conversation{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) createConversation(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.ConversationCreate
	if err := decode(r, &in); err != nil {
		return err
	}
	key, err := idempotencyKey(r, in.IdempotencyKey)
	if err != nil {
		return err
	}
	in.IdempotencyKey = key
	c, m, err := s.Conversations.CreateConversation(r.Context(), &in)
	if err != nil {
		return err
	}
	// A conversation started now and its first message are written in one transaction, at one
	// time: a message later than its conversation went on in one that was there.
	return writeJSON(w, http.StatusCreated, conversationCreated{Conversation: c, Message: m, Continued: m.CreatedAt.After(c.CreatedAt)})
}

func (s *Server) getConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	c, err := s.Conversations.FindConversationByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) conversationAgents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	agents, err := s.Conversations.FindConversationAgents(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(agents))
}

func (s *Server) updateConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in switchboard.ConversationUpdate
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Conversations.UpdateConversation(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) assignConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in switchboard.Assignment
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Conversations.Assign(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// setStatus returns the handler of one status action.
func (s *Server) setStatus(status switchboard.ConversationStatus) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id", "Conversation")
		if err != nil {
			return err
		}
		c, err := s.Conversations.SetStatus(r.Context(), id, status)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, c)
	}
}

func (s *Server) snoozeConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in snoozeRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	var until time.Time
	switch {
	case in.Preset != "" && in.Until != nil:
		return invalid("Give a preset or a time, not both.", map[string]string{"until": "Leave out when giving a preset."})
	case in.Until != nil:
		until = *in.Until
	case in.Preset != "":
		me := switchboard.AgentFromContext(r.Context())
		if until, err = switchboard.SnoozeUntil(in.Preset, s.now(), me.Location()); err != nil {
			return err
		}
	default:
		return invalid("Say until when.", map[string]string{"preset": "Give a preset (1h, 2h, 4h, tomorrow, next_monday) or until."})
	}
	c, err := s.Conversations.Snooze(r.Context(), id, until)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) addLabels(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in labelsRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	var v switchboard.Validator
	v.Check(len(in.Labels) > 0, "labels", "Name at least one label.")
	v.Check(len(in.Labels) <= 50, "labels", "Add at most 50 labels at once.")
	for _, l := range in.Labels {
		v.Check(strings.TrimSpace(l) != "", "labels", "Label names cannot be empty.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	c, err := s.Conversations.AddLabels(r.Context(), id, in.Labels)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) removeLabel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	c, err := s.Conversations.RemoveLabels(r.Context(), id, []string{switchboard.StorableText(r.PathValue("name"))})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// markRead returns the handler that marks one conversation read or unread for the caller.
func (s *Server) markRead(unread bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id", "Conversation")
		if err != nil {
			return err
		}
		if unread {
			err = s.Conversations.MarkUnread(r.Context(), id)
		} else {
			err = s.Conversations.MarkRead(r.Context(), id)
		}
		if err != nil {
			return err
		}
		return noContent(w)
	}
}

func (s *Server) markAllRead(w http.ResponseWriter, r *http.Request) error {
	if err := s.Conversations.MarkAllRead(r.Context()); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) handOff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in switchboard.HandOff
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Conversations.HandOff(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
