package notify

import (
	"context"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
)

func TestUnsubscribe(t *testing.T) {
	store := &fakeStore{}
	u := &Unsubscribe{Key: []byte("a key of the server, 32 bytes.."), Store: store}
	good := u.Token(2)
	if good == u.Token(3) {
		t.Fatal("two agents share a token")
	}
	if other := (&Unsubscribe{Key: []byte("another key")}).Token(2); other == good {
		t.Fatal("the token does not depend on the key")
	}
	tampered := []byte(good)
	tampered[3] ^= 1
	for _, tc := range []struct {
		name  string
		agent int64
		token string
		ok    bool
	}{
		{"good", 2, good, true},
		{"another agent's", 3, good, false},
		{"tampered", 2, string(tampered), false},
		{"cut", 2, good[:len(good)-1], false},
		{"empty", 2, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store.stopped, store.stopCtx = nil, nil
			err := u.UnsubscribeEmail(context.Background(), tc.agent, tc.token)
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff([]int64{tc.agent}, store.stopped); diff != "" {
					t.Errorf("stopped (-want +got):\n%s", diff)
				}
				if a, ok := switchboard.ActorFromContext(store.stopCtx); !ok || !a.System {
					t.Errorf("StopNotificationEmail ran as %+v, want the system", a)
				}
				return
			}
			if switchboard.ErrorCode(err) != switchboard.EFORBIDDEN || store.stopped != nil {
				t.Errorf("err %v, stopped %v; want EFORBIDDEN and nothing stopped", err, store.stopped)
			}
		})
	}
	if err := (&Unsubscribe{Store: store}).UnsubscribeEmail(context.Background(), 2, (&Unsubscribe{}).Token(2)); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
		t.Errorf("without a key: %v, want EFORBIDDEN", err)
	}
	link, err := url.Parse(u.URL("https://sb.example", 2))
	if err != nil || link.Path != "/api/v1/notifications/unsubscribe" || link.Query().Get("agent") != "2" || link.Query().Get("token") != good {
		t.Errorf("URL %v", link)
	}
}
