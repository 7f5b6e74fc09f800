package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard/channel/apichannel"
	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// process is the real switchboard binary running as a child process.
type process struct {
	cmd  *exec.Cmd
	base string
}

// launch starts the binary and waits for its "switchboard started" log line.
func launch(t *testing.T, bin string, env []string) *process {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "switchboard started" {
				addr <- line.Addr
			}
		}
	}()
	select {
	case a := <-addr:
		return &process{cmd: cmd, base: a}
	case <-time.After(60 * time.Second):
		t.Fatal("switchboard did not start")
		return nil
	}
}

// buildBinary builds the switchboard binary for tests that run it as a process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "switchboard")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// TestReplySurvivesSIGKILL kills the server with SIGKILL while it is sending an accepted reply,
// starts it again, and checks that the integration ends up with the reply exactly once.
func TestReplySurvivesSIGKILL(t *testing.T) {
	bin := buildBinary(t)
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			env := []string{"SWITCHBOARD_LISTEN=127.0.0.1:0", "SWITCHBOARD_DATA_DIR=" + t.TempDir(), "SWITCHBOARD_DATABASE_URL=" + url,
				"SWITCHBOARD_JOB_LEASE=2s", "SWITCHBOARD_LOG_LEVEL=info", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS=127.0.0.1"}
			// The integration holds the first delivery open, so the kill lands mid-send; it
			// records deliveries by Idempotency-Key, as a receiver de-duplicating retries does.
			var mu sync.Mutex
			keys := map[string]int{}
			inFlight := make(chan struct{}, 1)
			release := make(chan struct{})
			first := true
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				mu.Lock()
				keys[r.Header.Get("Idempotency-Key")]++
				hold := first
				first = false
				mu.Unlock()
				if hold {
					inFlight <- struct{}{}
					<-release
				}
				io.WriteString(w, `{"provider_id":"crm-1"}`)
			}))
			defer srv.Close()
			defer close(release)

			p := launch(t, bin, env)
			jar, _ := cookiejar.New(nil)
			a := &app{t: t, base: p.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			var tok struct{ Secret string }
			a.do("POST", "/api/v1/auth/tokens", obj{"name": "crash"}, 201, &tok)
			a.token = tok.Secret
			var inbox, contact obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "CRM", "settings": obj{"outbound_url": srv.URL},
				"secrets": obj{apichannel.SecretSigning: "s"}}, 201, &inbox)
			a.do("POST", "/api/v1/contacts", obj{"name": "Dora", "identities": []obj{{"kind": "api", "external_id": "d-1"}}}, 201, &contact)
			var started struct{ Conversation, Message obj }
			a.do("POST", "/api/v1/conversations", obj{"inbox_id": inbox["id"], "contact_id": contact["id"], "text": "Your refund is approved"}, 201, &started)

			select {
			case <-inFlight:
			case <-time.After(30 * time.Second):
				t.Fatal("the reply was never sent")
			}
			if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			p.cmd.Wait()

			p2 := launch(t, bin, env)
			a.base = p2.base
			conv := fmt.Sprintf("/api/v1/conversations/%v", started.Conversation["id"])
			a.waitMessage(conv, func(m obj) bool { return m["id"] == started.Message["id"] && m["status"] == "sent" })
			mu.Lock()
			defer mu.Unlock()
			if len(keys) != 1 {
				t.Errorf("the integration saw %d distinct messages, want 1: %v", len(keys), keys)
			}
			for k, n := range keys {
				t.Logf("delivery %s arrived %d times (the receiver keeps it once)", k, n)
			}
		})
	}
}

// TestWebhookBurstSurvivesSIGKILL posts a burst of 1,000 signed WhatsApp webhooks from 8
// connections, kills the server with SIGKILL in the middle, starts it again and has the
// provider retry what was not acknowledged (as Meta does): every acknowledged message is
// there, and each of the 1,000 is there exactly once.
func TestWebhookBurstSurvivesSIGKILL(t *testing.T) {
	bin := buildBinary(t)
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			env := []string{"SWITCHBOARD_LISTEN=127.0.0.1:0", "SWITCHBOARD_DATA_DIR=" + t.TempDir(), "SWITCHBOARD_DATABASE_URL=" + url, "SWITCHBOARD_LOG_LEVEL=info"}
			p := launch(t, bin, env)
			jar, _ := cookiejar.New(nil)
			a := &app{t: t, base: p.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emu := waemu.New("106540352242922", "tok", "test_app_secret")
			emu.Client = &http.Client{Timeout: 10 * time.Second}
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "WA", "settings": obj{"phone_number_id": emu.PhoneNumberID},
				"secrets": obj{"access_token": "tok", "app_secret": emu.AppSecret}}, 201, &inbox)
			path := fmt.Sprintf("/api/v1/inboxes/%v/webhook", inbox["id"])
			emu.WebhookURL = p.base + path

			const n = 1000
			bodies := make([][]byte, n)
			for i := range bodies {
				bodies[i] = emu.Customer(fmt.Sprintf("Customer %d", i%50), fmt.Sprintf("55119%08d", i%50),
					obj{"id": fmt.Sprintf("wamid.BURST%04d", i), "type": "text", "text": obj{"body": fmt.Sprintf("message %d", i)}})
			}
			var mu sync.Mutex
			acked := map[int]bool{}
			next := make(chan int)
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range next {
						if status, err := emu.Deliver(bodies[i]); err == nil && status == http.StatusOK {
							mu.Lock()
							acked[i] = true
							mu.Unlock()
						}
					}
				}()
			}
			killed := false
			for i := range bodies {
				next <- i
				if i == n/2 {
					if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
						t.Fatal(err)
					}
					killed = true
				}
			}
			close(next)
			wg.Wait()
			p.cmd.Wait()
			if !killed || len(acked) == n {
				t.Fatalf("the kill did not land mid-burst (%d of %d acknowledged)", len(acked), n)
			}
			t.Logf("%d of %d webhooks acknowledged before and around the kill", len(acked), n)

			p2 := launch(t, bin, env)
			a.base = p2.base
			emu.WebhookURL = p2.base + path
			got := map[string]int{}
			count := func() {
				clear(got)
				var list struct{ Items []obj }
				a.do("GET", "/api/v1/conversations?view=all&limit=100", nil, 200, &list)
				for _, c := range list.Items {
					before := ""
					for {
						var th struct {
							Items      []obj
							PrevCursor string `json:"prev_cursor"`
						}
						q := fmt.Sprintf("/api/v1/conversations/%v/messages?limit=100", c["id"])
						if before != "" {
							q += "&before=" + before
						}
						a.do("GET", q, nil, 200, &th)
						for _, m := range th.Items {
							got[m["provider_id"].(string)]++
						}
						if before = th.PrevCursor; before == "" {
							break
						}
					}
				}
			}
			count()
			for i := range acked {
				if got[fmt.Sprintf("wamid.BURST%04d", i)] != 1 {
					t.Errorf("acknowledged webhook %d is stored %d times", i, got[fmt.Sprintf("wamid.BURST%04d", i)])
				}
			}
			// Meta retries everything it has no 2xx for; what the server committed without
			// answering is not doubled.
			for i := range bodies {
				if !acked[i] {
					if status, err := emu.Deliver(bodies[i]); err != nil || status != http.StatusOK {
						t.Fatalf("retry of %d: %d %v", i, status, err)
					}
				}
			}
			count()
			if len(got) != n {
				t.Errorf("%d distinct messages stored, want %d", len(got), n)
			}
			for id, k := range got {
				if k != 1 {
					t.Errorf("%s stored %d times", id, k)
				}
			}
		})
	}
}

// TestSendsCutOffBySIGKILLAreNotRepeated kills the server while WhatsApp sends are in flight
// (Meta has taken the messages, its answers have not come) and starts it again at once: the
// node takes back its jobs at once, not when their five-minute leases run out, and the sends cut
// off are marked unconfirmed rather than sent a second time — Meta does not de-duplicate sends.
func TestSendsCutOffBySIGKILLAreNotRepeated(t *testing.T) {
	bin := buildBinary(t)
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			// The same address both times, so the node has the same name (host and port) when it
			// starts again, as a server does.
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := ln.Addr().String()
			ln.Close()
			env := []string{"SWITCHBOARD_LISTEN=" + addr, "SWITCHBOARD_DATA_DIR=" + t.TempDir(), "SWITCHBOARD_DATABASE_URL=" + url,
				"SWITCHBOARD_LOG_LEVEL=info", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS=127.0.0.1"} // the default lease: 5 minutes
			p := launch(t, bin, env)
			jar, _ := cookiejar.New(nil)
			a := &app{t: t, base: p.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emu := waemu.New("106540352242922", "tok", "test_app_secret")
			srv := httptest.NewServer(emu)
			defer srv.Close()
			emu.BaseURL = srv.URL
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "WA", "settings": obj{"phone_number_id": emu.PhoneNumberID,
				"api_base_url": srv.URL}, "secrets": obj{"access_token": "tok", "app_secret": emu.AppSecret}}, 201, &inbox)
			emu.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", p.base, inbox["id"])

			const n = 5
			for i := range n {
				body := emu.Customer(fmt.Sprintf("Customer %d", i), fmt.Sprintf("55119%08d", i),
					obj{"id": fmt.Sprintf("wamid.IN%d", i), "type": "text", "text": obj{"body": "Where is my refund?"}})
				if status, err := emu.Deliver(body); err != nil || status != http.StatusOK {
					t.Fatalf("webhook %d: %d %v", i, status, err)
				}
			}
			var list struct{ Items []obj }
			a.do("GET", "/api/v1/conversations?view=all&limit=100", nil, 200, &list)
			if len(list.Items) != n {
				t.Fatalf("%d conversations, want %d", len(list.Items), n)
			}
			// Meta takes the first three replies and never answers.
			emu.Inject(waemu.Hang, waemu.Hang, waemu.Hang)
			replies := map[string]string{} // message id → conversation path
			for i, c := range list.Items {
				var m obj
				conv := fmt.Sprintf("/api/v1/conversations/%v", c["id"])
				a.do("POST", conv+"/messages", obj{"text": fmt.Sprintf("Your refund code is %d", 4400+i), "idempotency_key": fmt.Sprint("r", i)}, 201, &m)
				replies[fmt.Sprint(m["id"])] = conv
			}
			deadline := time.Now().Add(30 * time.Second)
			for len(emu.Sent()) < n {
				if time.Now().After(deadline) {
					t.Fatalf("Meta has %d of the %d replies", len(emu.Sent()), n)
				}
				time.Sleep(20 * time.Millisecond)
			}
			// The two Meta answered are recorded before the kill (else they are cut off too).
			for answered := 0; answered < n-3; {
				answered = 0
				for id, conv := range replies {
					var th struct{ Items []obj }
					a.do("GET", conv+"/messages", nil, 200, &th)
					for _, m := range th.Items {
						if fmt.Sprint(m["id"]) == id && m["status"] == "accepted" {
							answered++
						}
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d replies recorded as accepted, want %d", answered, n-3)
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			p.cmd.Wait()

			restarted := time.Now()
			p2 := launch(t, bin, env)
			a.base = p2.base
			status := map[string]obj{}
			deadline = time.Now().Add(90 * time.Second) // well within the 5-minute lease
			for len(status) < n {
				for id, conv := range replies {
					var th struct{ Items []obj }
					a.do("GET", conv+"/messages", nil, 200, &th)
					for _, m := range th.Items {
						if fmt.Sprint(m["id"]) == id && m["status"] != "pending" {
							status[id] = m
						}
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("after %v, %d of %d replies are settled: the cut-off sends wait for their leases", time.Since(restarted), len(status), n)
				}
				time.Sleep(50 * time.Millisecond)
			}
			t.Logf("all replies settled %v after the restart", time.Since(restarted).Round(time.Millisecond))
			sent, unconfirmed := 0, 0
			for id, m := range status {
				switch {
				case m["status"] == "accepted" || m["status"] == "sent": // Meta's answer: accepted
					sent++
				case m["status"] == "failed" && m["error_code"] == "unconfirmed":
					unconfirmed++
				default:
					t.Errorf("reply %s ended %v %v", id, m["status"], m["error_code"])
				}
			}
			if sent != 2 || unconfirmed != 3 {
				t.Errorf("%d sent and %d unconfirmed, want 2 and the 3 cut off", sent, unconfirmed)
			}
			perMessage := map[string]int{}
			for _, s := range emu.Sent() {
				perMessage[s.Callback]++
			}
			for cb, k := range perMessage {
				if k != 1 {
					t.Errorf("Meta got message %s %d times", cb, k)
				}
			}
			if len(perMessage) != n {
				t.Errorf("Meta got %d distinct replies, want %d", len(perMessage), n)
			}
		})
	}
}
