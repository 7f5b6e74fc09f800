package channel

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
)

// How often the typing indicator is shown again while an agent goes on typing, and how long the
// provider shows it without news (Meta: 20 seconds): hiding it later has nothing to hide.
const (
	TypingEvery  = 10 * time.Second
	TypingLasts  = 20 * time.Second
	typingCallIn = 10 * time.Second
)

// TypingStore is what Typing needs of the store.
type TypingStore interface {
	FindConversationByID(ctx context.Context, id int64) (*switchboard.Conversation, error)
	TypingFor(ctx context.Context, conversationID int64) (*switchboard.OutboundTyping, error)
}

// Typing shows a conversation's customer that an agent is typing, on channels that can
// (Typist): to an agent who may see the conversation, while the customer-service window is open.
// One typing_on goes out per conversation every TypingEvery however many keystrokes come, and a
// typing_off only after a typing_on that may still show. A failed call is logged, not answered:
// an indicator is not worth an error in the composer.
type Typing struct {
	Store    TypingStore
	Channels *Registry
	Log      *slog.Logger
	// Now is the clock the throttle reads (time.Now when nil).
	Now func() time.Time

	mu    sync.Mutex
	shown map[int64]time.Time // conversation → when typing_on last went out (removed by typing_off)
}

var _ switchboard.TypingService = (*Typing)(nil)

func (t *Typing) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// Typing shows (on) or hides the typing indicator in a conversation.
func (t *Typing) Typing(ctx context.Context, conversationID int64, on bool) error {
	actor, ok := switchboard.ActorFromContext(ctx)
	if !ok {
		return switchboard.Errorf(switchboard.EUNAUTHORIZED, "Sign in first.")
	}
	if actor.Agent == nil {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents type replies.")
	}
	conv, err := t.Store.FindConversationByID(ctx, conversationID)
	if err != nil {
		return err
	}
	if !t.Channels.Capabilities(conv.Channel).Typing {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "This channel shows the customer no typing indicator.",
			Fields: map[string]string{"typing": "Leave it out on this channel."}}
	}
	now := t.now()
	if on && t.Channels.Capabilities(conv.Channel).Window > 0 && (conv.WindowClosesAt == nil || !now.Before(*conv.WindowClosesAt)) {
		return &switchboard.Error{Code: switchboard.EWINDOWCLOSED, Message: "The customer-service window is closed: the customer is shown no typing.",
			Fields: map[string]string{"typing": "Only while the window is open."}}
	}
	if !t.claim(conversationID, on, now) {
		return nil
	}
	sys := switchboard.NewSystemContext(ctx)
	target, err := t.Store.TypingFor(sys, conversationID)
	if err != nil {
		return err
	}
	typist, ok := t.Channels.Typist(target.Inbox)
	if !ok {
		return nil // the inbox's provider has none, though its kind's others do
	}
	target.On, target.ConversationID, target.AgentName = on, conversationID, actor.Agent.Name
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), typingCallIn)
	defer cancel()
	if err := typist.Typing(cctx, target); err != nil {
		t.forget(conversationID, on)
		if t.Log != nil {
			t.Log.Warn("typing indicator", "conversation_id", conversationID, "on", on, "err", err)
		}
	}
	return nil
}

// claim decides whether this call goes to the provider, and records it: typing_on when none
// went out in the last TypingEvery, typing_off when a typing_on may still show.
func (t *Typing) claim(id int64, on bool, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.shown == nil {
		t.shown = map[int64]time.Time{}
	}
	for k, at := range t.shown { // forget what no longer shows, so the map stays small
		if now.Sub(at) >= TypingLasts {
			delete(t.shown, k)
		}
	}
	at, showing := t.shown[id]
	if on {
		if showing && now.Sub(at) < TypingEvery {
			return false
		}
		t.shown[id] = now
		return true
	}
	if !showing {
		return false
	}
	delete(t.shown, id)
	return true
}

// forget undoes a claim whose call failed, so the next keystroke tries again.
func (t *Typing) forget(id int64, on bool) {
	if !on {
		return
	}
	t.mu.Lock()
	delete(t.shown, id)
	t.mu.Unlock()
}
