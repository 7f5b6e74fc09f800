package webchat

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/jobs"
)

// Emailer runs JobEmailVisitor (continuity by email): when a reply's wait is over, the team's
// replies that the visitor has neither read in the widget nor been emailed go to their email
// through the inbox's email inbox, unless a widget of theirs is open. The mail carries the
// conversation's reply key, so the visitor's answer threads back into the conversation.
type Emailer struct {
	Store interface {
		switchboard.VisitorEmailStore
		ChannelInbox(ctx context.Context, id int64) (*switchboard.Inbox, map[string]string, error)
	}
	Channels interface {
		Sender(in *switchboard.Inbox) (channel.Sender, bool)
	}
	// Connected reports whether a visitor has a widget open (nil: never).
	Connected func(inboxID, visitorID int64) bool
}

// Handle emails the unseen replies of the job's conversation, at most once each.
func (e *Emailer) Handle(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.EmailVisitorArgs
	if err := json.Unmarshal(j.Args, &a); err != nil {
		return jobs.Final(err)
	}
	sys := switchboard.NewSystemContext(ctx)
	ve, err := e.Store.VisitorEmail(sys, a.ConversationID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil // deleted meanwhile
	} else if err != nil {
		return err
	}
	if ve.Email == "" || len(ve.Replies) == 0 {
		return nil // nowhere to write, or read in the widget (or emailed) already
	}
	in, _, err := e.Store.ChannelInbox(sys, ve.Conversation.InboxID)
	if err != nil {
		return err
	}
	st, err := Decode(in.Settings)
	if err != nil || st.EmailInboxID == nil {
		return nil // continuity turned off since
	}
	for _, v := range ve.VisitorIDs {
		if e.Connected != nil && e.Connected(ve.Conversation.InboxID, v) {
			// The widget is open: they may read the reply there. Asked again after as long,
			// until they have read it or left.
			return jobs.RetryAfter(errors.New("the visitor's widget is open"), st.EmailAfter())
		}
	}
	mail, secrets, err := e.Store.ChannelInbox(sys, *st.EmailInboxID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil // the email inbox was deleted
	} else if err != nil {
		return err
	}
	sender, ok := e.Channels.Sender(mail)
	if !ok || mail.Kind != switchboard.ChannelEmail {
		return nil
	}
	last := ve.Replies[len(ve.Replies)-1]
	msg := &switchboard.Message{ID: last.ID, ConversationID: ve.Conversation.ID, InboxID: mail.ID, Direction: switchboard.DirectionOutgoing,
		Kind: switchboard.KindText, SenderType: last.SenderType, SenderID: last.SenderID, SenderName: last.SenderName, Text: Digest(in.Name, ve.Replies)}
	for _, r := range ve.Replies {
		msg.Attachments = append(msg.Attachments, r.Attachments...)
	}
	conv := *ve.Conversation
	conv.Subject = "Your conversation on " + in.Name
	out := &switchboard.Outbound{Message: msg, Conversation: &conv, Inbox: mail, Secrets: secrets, To: ve.Email, ReplyKey: ve.ReplyKey}
	if _, err := sender.Send(ctx, out); err != nil {
		return err
	}
	return e.Store.RecordVisitorEmail(sys, ve.Conversation.ID, mail.ID, last.ID, ve.Email)
}

// Digest is the mail's text: where the conversation is, the replies with who wrote them, and
// how to answer.
func Digest(site string, replies []*switchboard.Message) string {
	var b strings.Builder
	b.WriteString("You have a reply in your conversation on " + site + " (website chat):\n\n")
	for _, r := range replies {
		name := r.SenderName
		if name == "" {
			name = site
		}
		b.WriteString(name + ":\n" + strings.TrimSpace(r.Text) + "\n")
		for _, f := range r.Attachments {
			b.WriteString("[" + f.Filename + "]\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("Answer this email to reply; your answer reaches the same conversation.")
	return b.String()
}
