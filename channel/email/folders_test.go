package email

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/switchboardhq/switchboard"
)

// TestSyncedFolders: an inbox syncs its folders once each (INBOX, or its one folder, by
// default), and its Sent folder when it imports that; more folders than servers allow
// connections for are refused.
func TestSyncedFolders(t *testing.T) {
	for _, tc := range []struct {
		settings string
		want     []string
	}{
		{`{}`, []string{"INBOX"}},
		{`{"folder":"Support"}`, []string{"Support"}},
		{`{"folder":"Support","folders":["INBOX"," Orders ","orders",""]}`, []string{"INBOX", "Orders"}},
		{`{"sync_sent":true}`, []string{"INBOX", ""}},
		{`not settings`, []string{"INBOX"}},
	} {
		in := &switchboard.Inbox{Kind: switchboard.ChannelEmail, Settings: json.RawMessage(tc.settings)}
		if got := syncedFolders(in); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.settings, got, tc.want)
		}
	}
	s := Settings{Address: "support@shop.test", IMAPHost: "imap.test", SMTPHost: "smtp.test"}
	for i := range 11 {
		s.Folders = append(s.Folders, fmt.Sprint("F", i))
	}
	if err := s.Validate(); switchboard.ErrorCode(err) != switchboard.EINVALID {
		t.Errorf("11 folders: %v", err)
	}
	s.Folders = s.Folders[:10]
	if err := s.Validate(); err != nil {
		t.Errorf("10 folders: %v", err)
	}
}
