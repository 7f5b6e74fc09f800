package webchat

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/mediatype"
)

// Store is what the visitor side needs of the store.
type Store interface {
	switchboard.VisitorStore
	// ChannelInbox returns an inbox with its secrets (system only).
	ChannelInbox(ctx context.Context, id int64) (*switchboard.Inbox, map[string]string, error)
	// CSATSettings returns the inbox's survey settings: the widget's rating form shows when on.
	CSATSettings(ctx context.Context, inboxID int64) (*switchboard.CSATSettings, error)
}

// Service is the web chat's visitor side (switchboard.WidgetService). It acts as the system
// towards the store, and every call is scoped to the visitor the transport authenticated.
type Service struct {
	Store Store
	// Agents tells agents' streams of ephemeral events (a visitor typing); nil tells nobody.
	Agents interface {
		Announce(e *switchboard.Event)
	}
	// Linker links a verified visitor to the contact that holds the email or phone their site
	// verified; nil links nobody.
	Linker switchboard.IdentityLinker
}

var _ switchboard.WidgetService = (*Service)(nil)

// inbox returns a web chat inbox with its settings and secrets; any other inbox is not found.
func (s *Service) inbox(ctx context.Context, id int64) (*switchboard.Inbox, *Settings, map[string]string, error) {
	in, secrets, err := s.Store.ChannelInbox(switchboard.NewSystemContext(ctx), id)
	if err != nil {
		return nil, nil, nil, err
	}
	if in.Kind != switchboard.ChannelWebChat {
		return nil, nil, nil, switchboard.Errorf(switchboard.ENOTFOUND, "No web chat inbox %d.", id)
	}
	st, err := Decode(in.Settings)
	if err != nil {
		return nil, nil, nil, err
	}
	return in, st, secrets, nil
}

// AllowedOrigins returns the origins the inbox's widget may be used from.
func (s *Service) AllowedOrigins(ctx context.Context, inboxID int64) ([]string, error) {
	_, st, _, err := s.inbox(ctx, inboxID)
	if err != nil {
		return nil, err
	}
	return st.AllowedOrigins, nil
}

// Session resumes the visitor of a token (recording their browser's context) or starts a new
// visitor, and gives the widget its configuration.
func (s *Service) Session(ctx context.Context, inboxID int64, token string, vc *switchboard.VisitorContext) (*switchboard.WidgetSession, error) {
	in, st, _, err := s.inbox(ctx, inboxID)
	if err != nil {
		return nil, err
	}
	sys := switchboard.NewSystemContext(ctx)
	var v *switchboard.Visitor
	if token != "" {
		if v, err = s.Store.VisitorByToken(sys, inboxID, token); err == nil {
			v, err = s.Store.SeeVisitor(sys, v.ID, vc)
		} else if switchboard.ErrorCode(err) == switchboard.EUNAUTHORIZED {
			token, err = "", nil // an unknown token (the inbox was recreated): a new visitor
		}
		if err != nil {
			return nil, err
		}
	}
	if token == "" {
		if v, token, err = s.Store.CreateVisitor(sys, inboxID, vc); err != nil {
			return nil, err
		}
	}
	online, err := s.Store.AgentsOnline(sys, inboxID)
	if err != nil {
		return nil, err
	}
	csat, err := s.Store.CSATSettings(sys, inboxID)
	if err != nil {
		return nil, err
	}
	c := Config(in, st, online)
	c.CSAT = csat.Enabled
	return &switchboard.WidgetSession{Token: token, Visitor: v, Config: c}, nil
}

// Config is the widget's public configuration of an inbox. (Seams: business hours, the
// pre-chat form and CSAT add their public parts here.)
func Config(in *switchboard.Inbox, st *Settings, online bool) *switchboard.WidgetConfig {
	c := &switchboard.WidgetConfig{InboxID: in.ID, Name: in.Name, Color: st.Color, Position: st.Position, LauncherText: st.LauncherText,
		Greeting: st.Greeting, Language: st.Language, ShowAgentAvatars: st.ShowAgentAvatars, AgentsOnline: online, Media: Limits}
	if c.Color == "" {
		c.Color = "#1f6feb"
	}
	if c.Position == "" {
		c.Position = "right"
	}
	flowsConfig(c, st)
	return c
}

// Visitor returns the visitor of a token.
func (s *Service) Visitor(ctx context.Context, inboxID int64, token string) (*switchboard.Visitor, error) {
	if token == "" {
		return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Send the visitor token as Authorization: Visitor <token>.")
	}
	return s.Store.VisitorByToken(switchboard.NewSystemContext(ctx), inboxID, token)
}

// Identify applies what the site says of the visitor. A user_hash must sign user_id with the
// inbox's identity secret, or nothing changes and the answer is EFORBIDDEN; without a hash the
// details are kept unverified and nothing is merged.
func (s *Service) Identify(ctx context.Context, v *switchboard.Visitor, id *switchboard.VisitorIdentify) (*switchboard.Visitor, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	_, _, secrets, err := s.inbox(ctx, v.InboxID)
	if err != nil {
		return nil, err
	}
	verified := false
	if id.UserHash != "" {
		if !switchboard.VerifyUserHash(secrets[SecretIdentity], id.UserID, id.UserHash) {
			return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "The user_hash does not sign this user_id with the inbox's identity secret.")
		}
		verified = true
	}
	out, err := s.Store.IdentifyVisitor(switchboard.NewSystemContext(ctx), v.ID, id, verified)
	if err != nil || !verified || s.Linker == nil || (id.Email == "" && id.Phone == "") {
		return out, err
	}
	// The site vouches for the email and phone it gives with a valid hash: the one contact that
	// has them is this person (see IdentityLinker). What an unverified visitor typed never links.
	m, err := s.Linker.LinkVerified(ctx, out.ContactID, id.Email, id.Phone)
	if err != nil {
		return nil, fmt.Errorf("link visitor %d: %w", v.ID, err)
	}
	if m != nil {
		out.ContactID = m.SurvivorID
	}
	return out, nil
}

// Conversations lists the visitor's conversations.
func (s *Service) Conversations(ctx context.Context, v *switchboard.Visitor) ([]*switchboard.VisitorConversation, error) {
	return s.Store.VisitorConversations(switchboard.NewSystemContext(ctx), v.ID)
}

// Messages pages one of the visitor's conversations, hiding agents' avatars when the inbox
// says so.
func (s *Service) Messages(ctx context.Context, v *switchboard.Visitor, conversationID int64, f switchboard.MessageFilter) (*switchboard.WidgetMessagePage, error) {
	page, err := s.Store.VisitorMessages(switchboard.NewSystemContext(ctx), v.ID, conversationID, f)
	if err != nil {
		return nil, err
	}
	if err := s.present(ctx, v.InboxID, page.Items...); err != nil {
		return nil, err
	}
	return page, nil
}

// Message returns one message of the visitor's, as Messages shows it (the stream's lookup).
func (s *Service) Message(ctx context.Context, v *switchboard.Visitor, messageID int64) (*switchboard.WidgetMessage, error) {
	m, err := s.Store.VisitorMessage(switchboard.NewSystemContext(ctx), v.ID, messageID)
	if err != nil {
		return nil, err
	}
	return m, s.present(ctx, v.InboxID, m)
}

func (s *Service) present(ctx context.Context, inboxID int64, ms ...*switchboard.WidgetMessage) error {
	_, st, _, err := s.inbox(ctx, inboxID)
	if err != nil {
		return err
	}
	if !st.ShowAgentAvatars {
		for _, m := range ms {
			m.AgentAvatar = ""
		}
	}
	return nil
}

// Send records a visitor's message once its files pass the channel's limits.
func (s *Service) Send(ctx context.Context, v *switchboard.Visitor, conversationID int64, m *switchboard.VisitorMessage) (*switchboard.WidgetMessage, bool, error) {
	var val switchboard.Validator
	val.Check(len(m.Files) <= Limits.MaxCount, "file", fmt.Sprintf("Attach at most %d files.", Limits.MaxCount))
	for _, f := range m.Files {
		// The type is the one the bytes show, not what the browser said.
		ct, ok := mediatype.Resolve(f.ContentType, f.Data[:min(len(f.Data), 512)])
		if !ok {
			val.Check(false, "file", "The file is not the "+mediatype.Base(f.ContentType)+" it claims to be.")
			continue
		}
		f.ContentType = ct
		val.Check(int64(len(f.Data)) <= Limits.MaxBytes, "file", fmt.Sprintf("Files may have at most %d MB.", Limits.MaxBytes>>20))
		val.Check(Limits.Accepts(f.ContentType, int64(len(f.Data))), "file", "This kind of file cannot be sent here: send an image, a PDF or a document.")
	}
	if err := val.Err(); err != nil {
		return nil, false, err
	}
	_, st, _, err := s.inbox(ctx, v.InboxID)
	if err != nil {
		return nil, false, err
	}
	if err := applyPrechat(st, conversationID, m); err != nil {
		return nil, false, err
	}
	msg, created, err := s.Store.VisitorSend(switchboard.NewSystemContext(ctx), v.ID, conversationID, m)
	if err != nil {
		return nil, false, err
	}
	return msg, created, s.present(ctx, v.InboxID, msg)
}

// Read marks the team's messages read up to one.
func (s *Service) Read(ctx context.Context, v *switchboard.Visitor, conversationID, messageID int64) error {
	return s.Store.VisitorRead(switchboard.NewSystemContext(ctx), v.ID, conversationID, messageID)
}

// Typing tells the agents who see a conversation of the visitor's that they are typing.
func (s *Service) Typing(ctx context.Context, v *switchboard.Visitor, conversationID int64, on bool) error {
	if err := s.Store.VisitorOwns(switchboard.NewSystemContext(ctx), v.ID, conversationID); err != nil {
		return err
	}
	if s.Agents != nil {
		data, _ := json.Marshal(map[string]any{"conversation_id": conversationID, "name": v.Name, "on": on})
		s.Agents.Announce(&switchboard.Event{Type: switchboard.EventTyping, InboxID: &v.InboxID, ConversationID: &conversationID, Data: data})
	}
	return nil
}
