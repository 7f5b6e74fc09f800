package instagram

import (
	"net/http"
	"strings"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/messenger"
)

// ReadWebhook answers Meta's verification handshake (GET) and reads its signed POSTs of object
// "instagram" into a batch: what Messenger's webhooks also carry (messages, files, replies,
// reactions, echoes), read by Messenger's code, plus Instagram's own kinds and the comments under
// the account's media (comments.go). Events of another account of the same app are left out.
func (c *Connector) ReadWebhook(inbox *switchboard.Inbox, secrets map[string]string, req *switchboard.ProviderRequest) (*switchboard.InboundBatch, *switchboard.ProviderResponse, error) {
	if res, err := messenger.Check(secrets, req); res != nil || err != nil {
		return nil, res, err
	}
	events, err := messenger.Parse(req.Body, Object)
	if err != nil {
		return nil, nil, switchboard.Errorf(switchboard.EINVALID, "The webhook is not an Instagram messaging notification.")
	}
	s, err := settingsOf(inbox)
	if err != nil {
		return nil, nil, err
	}
	b := &switchboard.InboundBatch{InboxID: inbox.ID, Raw: req.Body}
	for _, ev := range events {
		if ev.PageID != "" && ev.PageID != s.AccountID {
			continue
		}
		read(b, s, ev)
	}
	changes, _ := messenger.ParseChanges(req.Body, Object) // the body was read as an Instagram webhook above
	readComments(b, s, changes)
	return b, &switchboard.ProviderResponse{Status: http.StatusOK}, nil
}

// read adds one messaging event to the batch: unsent messages here, the rest through
// Messenger's reader, then what Instagram adds to the messages it made.
func read(b *switchboard.InboundBatch, s *Settings, ev *messenger.Event) {
	m := ev.Message
	if m != nil && m.IsDeleted {
		if !m.IsEcho && m.MID != "" {
			b.Unsent = append(b.Unsent, m.MID)
		}
		return
	}
	nm, nr := len(b.Messages), len(b.Reactions)
	messenger.Read(b, &messenger.Settings{AppID: s.AppID}, ev)
	for _, in := range b.Messages[nm:] {
		in.ContactName = ContactName(in.From)
		if m != nil && in.ProviderID == m.MID {
			dress(in, m)
		}
	}
	for _, r := range b.Reactions[nr:] {
		r.ContactName = ContactName(r.From)
	}
}

// shareKinds are Instagram's attachment types for a shared post or reel, by what the thread
// calls them.
var shareKinds = map[string]string{"share": "post", "ig_post": "post", "ig_reel": "reel", "reel": "reel"}

// dress adds Instagram's parts to a message Messenger's reader made: the story it answers or
// mentions (its media as a file, fetched by the same job as other files while the link lasts),
// shares as their link, and content the API does not give.
func dress(in *switchboard.InboundMessage, m *messenger.Message) {
	c := in.Content
	if c == nil {
		c = &switchboard.MessageContent{}
	}
	if shareKinds[c.Unsupported] != "" || c.Unsupported == "story_mention" || c.Unsupported == "message" {
		c.Unsupported = "" // Messenger's reader did not know these; they are read below
	}
	if r := m.ReplyTo; r != nil && r.Story != nil {
		c.Story = "reply"
		story(in, r.Story.URL)
	}
	for _, a := range m.Attachments {
		switch {
		case a.Type == "story_mention":
			c.Story = "mention"
			story(in, a.Payload.URL)
		case shareKinds[a.Type] != "":
			c.Shared = shareKinds[a.Type]
			in.Text = strings.TrimSpace(strings.Join([]string{in.Text, a.Payload.Title, a.Payload.URL}, "\n"))
		}
	}
	if m.IsUnsupported || (in.Text == "" && len(in.Attachments) == 0 && c.Story == "") {
		c.Unsupported = "message"
	}
	in.Content = c
	if c.Empty() {
		in.Content = nil
	}
}

// story adds the story's media as the message's file (its kind is set by its type once fetched).
func story(in *switchboard.InboundMessage, url string) {
	if url == "" || len(in.Attachments) >= switchboard.MaxAttachments {
		return
	}
	in.Attachments = append(in.Attachments, &switchboard.Attachment{Kind: "image", Filename: "story", Source: messenger.MediaSourcePrefix + url})
}

// ContactName is what a new customer is called until an agent names them: the webhooks carry
// no username, so the end of their Instagram-scoped id tells customers apart.
func ContactName(igsid string) string {
	if len(igsid) > 4 {
		igsid = igsid[len(igsid)-4:]
	}
	return "Instagram user " + igsid
}
