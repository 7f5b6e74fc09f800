package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// botRoutes configure inboxes' bots (admins) and let agents pause, resume or run the bot of a
// conversation they can see.
func (s *Server) botRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/inboxes/{id}/bot", OperationID: "getInboxBot", Tag: "inboxes", AdminOnly: true,
			Summary:     "An inbox's bot",
			Description: "An inbox that never had a bot answers one that is off, with no url. secret_prefix tells which signing secret is current.",
			Response:    typeOf[switchboard.InboxBot](), handler: s.getInboxBot},
		{Method: "PUT", Path: "/api/v1/inboxes/{id}/bot", OperationID: "setInboxBot", Tag: "inboxes", AdminOnly: true,
			Summary: "Change an inbox's bot",
			Description: "enabled, url (http or https; the egress rules of webhooks apply) and name (how the thread names its replies); " +
				"fields left out stay as they are, and turning the bot on needs a url. The first save answers the signing secret " +
				"in secret, shown this once (\"\" afterwards). While the bot is on, new conversations start with it active and each " +
				"customer message is POSTed to url, signed like webhooks.",
			Request: typeOf[switchboard.InboxBotInput](), Response: typeOf[inboxBotWithSecret](), handler: s.setInboxBot},
		{Method: "POST", Path: "/api/v1/inboxes/{id}/bot/rotate-secret", OperationID: "rotateInboxBotSecret", Tag: "inboxes", AdminOnly: true,
			Summary:     "Replace a bot's signing secret",
			Description: "The new secret is answered once and signs every delivery from now on; the old one stops at once.",
			Response:    typeOf[inboxBotWithSecret](), handler: s.rotateInboxBotSecret},
		{Method: "POST", Path: "/api/v1/conversations/{id}/bot", OperationID: "controlConversationBot", Tag: "conversations",
			Summary: "Pause, resume or run a conversation's bot",
			Description: "For agents who can see the conversation. pause: the bot receives nothing more of it (not even deliveries " +
				"already queued) and the inbox's assignment looks for a person; resume: the bot receives the next customer " +
				"messages; run: resume, and send the bot the newest customer message now. Each writes a milestone naming you. " +
				"An inbox with no bot turned on answers 400.",
			Request: typeOf[switchboard.BotControl](), Response: typeOf[switchboard.Conversation](), handler: s.controlBot},
	}
}

// inboxBotWithSecret is a bot with its signing secret, answered only when one is made.
type inboxBotWithSecret struct {
	*switchboard.InboxBot
	Secret string `json:"secret"`
}

// bots answers 503 when the server has no bot service.
func (s *Server) bots() (switchboard.BotService, error) {
	if s.Bots == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server has no bots.")
	}
	return s.Bots, nil
}

// inboxBotCall runs one call of the bot service on the inbox the path names.
func (s *Server) inboxBotCall(r *http.Request, call func(bots switchboard.BotService, id int64) (*switchboard.InboxBot, string, error)) (*inboxBotWithSecret, error) {
	bots, err := s.bots()
	if err != nil {
		return nil, err
	}
	id, err := pathID(r, "id", "Inbox")
	if err != nil {
		return nil, err
	}
	b, secret, err := call(bots, id)
	if err != nil {
		return nil, err
	}
	return &inboxBotWithSecret{InboxBot: b, Secret: secret}, nil
}

func (s *Server) getInboxBot(w http.ResponseWriter, r *http.Request) error {
	out, err := s.inboxBotCall(r, func(bots switchboard.BotService, id int64) (*switchboard.InboxBot, string, error) {
		b, err := bots.FindInboxBot(r.Context(), id)
		return b, "", err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out.InboxBot)
}

func (s *Server) setInboxBot(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.InboxBotInput
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := s.inboxBotCall(r, func(bots switchboard.BotService, id int64) (*switchboard.InboxBot, string, error) {
		return bots.SetInboxBot(r.Context(), id, &in)
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) rotateInboxBotSecret(w http.ResponseWriter, r *http.Request) error {
	out, err := s.inboxBotCall(r, func(bots switchboard.BotService, id int64) (*switchboard.InboxBot, string, error) {
		return bots.RotateInboxBotSecret(r.Context(), id)
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) controlBot(w http.ResponseWriter, r *http.Request) error {
	bots, err := s.bots()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", "Conversation")
	if err != nil {
		return err
	}
	var in switchboard.BotControl
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := bots.ControlBot(r.Context(), id, in.Action)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
