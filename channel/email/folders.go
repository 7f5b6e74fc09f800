package email

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/switchboardhq/switchboard"
)

// folder is a folder a Sync imports: its name, whether it holds mail the inbox sent (its mail
// is then recorded as colleagues' replies, see readMail), and its UIDVALIDITY once selected.
type folder struct {
	name     string
	sent     bool
	validity uint32
}

// syncedFolders are the folders of an inbox that are synced, each by a Sync of its own: its
// folders, and "" for its Sent folder when it imports that too. An inbox whose settings do not
// decode gets INBOX, whose sync then reports the settings' error.
func syncedFolders(in *switchboard.Inbox) []string {
	s, err := settingsOf(in)
	if err != nil {
		return []string{"INBOX"}
	}
	out := s.folders()
	if s.SyncSent {
		out = append(out, "")
	}
	return out
}

// findFolder names the folder a Sync imports and says whether it holds sent mail. want "" is
// the mailbox's Sent folder: the one the server marks \Sent (RFC 6154), else the inbox's Sent
// folder setting, else "Sent"; the name is "" when that folder is among the inbox's folders
// already, whose own sync imports it. A folder of the inbox's list holds sent mail when the
// server marks it \Sent or it is the Sent folder setting.
func findFolder(c *imapclient.Client, s *Settings, want string) (folder, error) {
	opts := &imap.ListOptions{}
	if c.Caps().Has(imap.CapSpecialUse) {
		opts.ReturnSpecialUse = true
	}
	boxes, err := c.List("", "*", opts).Collect()
	if err != nil {
		return folder{}, fmt.Errorf("list folders: %w", err)
	}
	sentMark := ""
	for _, b := range boxes {
		if slices.Contains(b.Attrs, imap.MailboxAttrSent) && sentMark == "" {
			sentMark = b.Mailbox
		}
	}
	same := func(a string) func(string) bool { return func(b string) bool { return strings.EqualFold(a, b) } }
	if want == "" {
		name := cmp.Or(sentMark, s.SentFolder, "Sent")
		if slices.ContainsFunc(s.folders(), same(name)) {
			return folder{}, nil
		}
		return folder{name: name, sent: true}, nil
	}
	return folder{name: want, sent: (sentMark != "" && same(want)(sentMark)) || (s.SentFolder != "" && same(want)(s.SentFolder))}, nil
}
