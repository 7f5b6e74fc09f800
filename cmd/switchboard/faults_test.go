package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// The fault-injection suite: a running server meets a store whose writes fail (a full disk, a
// read-only database) or a PostgreSQL that goes away and comes back, under a mix of customers'
// webhooks, agents' replies and outgoing webhook deliveries. Nothing acknowledged may be lost,
// no call to a provider or receiver may be repeated beyond its retry policy, readiness must
// report the fault, and service must resume by itself. Each episode lasts
// SWITCHBOARD_FAULT_SECONDS (3 by default) and logs its figures (go test -run TestFaults -v);
// docs/performance.md has those of a minute's full disk and a 20-second PostgreSQL outage.
func TestFaults(t *testing.T) {
	seconds := 3.0
	if v := os.Getenv("SWITCHBOARD_FAULT_SECONDS"); v != "" {
		var err error
		if seconds, err = strconv.ParseFloat(v, 64); err != nil || seconds <= 0 {
			t.Fatalf("SWITCHBOARD_FAULT_SECONDS=%q: want a number of seconds", v)
		}
	}
	d := time.Duration(seconds * float64(time.Second))
	for _, e := range sqltest.Engines(t) {
		faults := []string{string(sqlstore.FaultDiskFull), string(sqlstore.FaultReadOnly)}
		if e.Name == "postgres" {
			faults = []string{"outage", string(sqlstore.FaultReadOnly)}
		}
		for _, f := range faults {
			t.Run(e.Name+"/"+f, func(t *testing.T) {
				_, dbURL := e.Open(t, sqltest.Options{})
				faultEpisode(t, e.Name, dbURL, f, d)
			})
		}
	}
}

// episode is one run of the suite: the server, the provider and the receiver it talks to, and
// what the clients saw.
type episode struct {
	t     *testing.T
	a     *app
	emu   *waemu.Server
	convs []string // conversation paths, one per customer

	mu         sync.Mutex
	acked      map[string]bool // inbound provider ids answered 200
	unacked    [][]byte        // webhook bodies refused, to deliver again (as Meta does)
	replies    map[string]bool // reply message ids the API accepted
	refusedRe  []obj           // replies refused, to send again with the same key
	refused    atomic.Int64    // requests answered 503
	otherFail  atomic.Int64    // requests answered anything else that is not success
	deliveries map[string]int  // outgoing webhook deliveries received, by delivery id
	readyDown  atomic.Bool     // readiness reported the fault
}

const customers = 8

func faultEpisode(t *testing.T, engine, dbURL, fault string, d time.Duration) {
	var store *sqlstore.DB
	var prox *pgProxy
	if fault == "outage" {
		prox = newPGProxy(t, dbURL)
		dbURL = prox.url
	}
	a := startMain(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(),
		"SWITCHBOARD_DATABASE_URL": dbURL, "SWITCHBOARD_LOG_LEVEL": "error", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}, &Main{opened: func(db *sqlstore.DB) { store = db }})
	ep := &episode{t: t, a: a, acked: map[string]bool{}, replies: map[string]bool{}, deliveries: map[string]int{}}
	ep.setUp()
	inject := func(on bool) {
		if prox != nil {
			if on {
				prox.down()
			} else {
				prox.up()
			}
			return
		}
		f := sqlstore.FaultNone
		if on {
			f = sqlstore.Fault(fault)
		}
		if err := store.InjectFault(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}

	stop := make(chan struct{})
	var load sync.WaitGroup
	load.Add(3)
	go ep.customersWrite(stop, &load)
	go ep.agentsReply(stop, &load)
	go ep.watchReadiness(stop, &load)
	time.Sleep(time.Second) // traffic before the fault
	inject(true)
	time.Sleep(d)
	inject(false)
	healed := time.Now()
	var readyAfter time.Duration
	for {
		if res, err := a.client.Get(a.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				readyAfter = time.Since(healed)
				break
			}
		}
		if time.Since(healed) > 60*time.Second {
			t.Fatal("not ready a minute after the fault ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(time.Second) // traffic after it
	close(stop)
	load.Wait()
	ep.redeliver()
	settled := ep.settle()
	ep.check(engine, fault, d, readyAfter, settled.Sub(healed))
}

// setUp makes the admin, the WhatsApp inbox on the emulator, the customers' conversations and a
// webhook subscription to a receiver that counts what it gets.
func (ep *episode) setUp() {
	t, a := ep.t, ep.a
	a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	var tok struct{ Secret string }
	a.do("POST", "/api/v1/auth/tokens", obj{"name": "faults"}, 201, &tok)
	a.token = tok.Secret
	ep.emu = waemu.New("106540352242922", "tok", "test_app_secret")
	ep.emu.Client = &http.Client{Timeout: 30 * time.Second}
	srv := httptest.NewServer(ep.emu)
	t.Cleanup(srv.Close)
	ep.emu.BaseURL = srv.URL
	var inbox obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "WA", "settings": obj{"phone_number_id": ep.emu.PhoneNumberID,
		"api_base_url": srv.URL}, "secrets": obj{"access_token": "tok", "app_secret": ep.emu.AppSecret}}, 201, &inbox)
	ep.emu.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%v/webhook", a.base, inbox["id"])
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		ep.mu.Lock()
		ep.deliveries[r.Header.Get(switchboard.WebhookDeliveryHeader)]++
		ep.mu.Unlock()
	}))
	t.Cleanup(rcv.Close)
	a.do("POST", "/api/v1/webhooks", obj{"url": rcv.URL, "events": []string{"message.created"}}, 201, nil)
	for i := range customers {
		ep.inbound(fmt.Sprintf("wamid.OPEN%d", i), i)
	}
	var list struct{ Items []obj }
	a.do("GET", "/api/v1/conversations?view=all&limit=100", nil, 200, &list)
	if len(list.Items) != customers {
		t.Fatalf("%d conversations, want %d", len(list.Items), customers)
	}
	for _, c := range list.Items {
		ep.convs = append(ep.convs, fmt.Sprintf("/api/v1/conversations/%v", c["id"]))
	}
}

// inbound delivers a customer's message as Meta does, and notes whether it was acknowledged.
func (ep *episode) inbound(id string, customer int) {
	body := ep.emu.Customer(fmt.Sprintf("Customer %d", customer), fmt.Sprintf("55119%08d", customer),
		obj{"id": id, "type": "text", "text": obj{"body": "Message " + id}})
	status, err := ep.emu.Deliver(body)
	ep.mu.Lock()
	defer ep.mu.Unlock()
	switch {
	case err == nil && status == http.StatusOK:
		ep.acked[id] = true
	default:
		if status == http.StatusServiceUnavailable {
			ep.refused.Add(1)
		} else {
			ep.otherFail.Add(1)
			ep.t.Logf("webhook %s answered %d %v", id, status, err)
		}
		ep.unacked = append(ep.unacked, body)
	}
}

func (ep *episode) customersWrite(stop chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		case <-time.After(20 * time.Millisecond):
		}
		ep.inbound(fmt.Sprintf("wamid.F%05d", i), i%customers)
	}
}

// reply sends an agent's reply and notes the outcome; it reports whether the API accepted it.
func (ep *episode) reply(body obj, conv string) bool {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", ep.a.base+conv+"/messages", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+ep.a.token)
	res, err := ep.a.client.Do(req)
	if err != nil {
		ep.otherFail.Add(1)
		return false
	}
	defer res.Body.Close()
	var m obj
	_ = json.NewDecoder(res.Body).Decode(&m)
	switch res.StatusCode {
	case http.StatusCreated, http.StatusOK: // 200: the same key again, the reply already made
		ep.mu.Lock()
		ep.replies[fmt.Sprint(m["id"])] = true
		ep.mu.Unlock()
		return true
	case http.StatusServiceUnavailable:
		if res.Header.Get("Retry-After") == "" {
			ep.t.Errorf("503 without Retry-After")
		}
		ep.refused.Add(1)
	default:
		ep.otherFail.Add(1)
		ep.t.Logf("reply answered %d: %v", res.StatusCode, m)
	}
	return false
}

func (ep *episode) agentsReply(stop chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		case <-time.After(50 * time.Millisecond):
		}
		body := obj{"text": fmt.Sprintf("Reply %d", i), "idempotency_key": fmt.Sprintf("reply-%d", i), "conv": ep.convs[i%customers]}
		if !ep.reply(obj{"text": body["text"], "idempotency_key": body["idempotency_key"]}, ep.convs[i%customers]) {
			ep.mu.Lock()
			ep.refusedRe = append(ep.refusedRe, body)
			ep.mu.Unlock()
		}
	}
}

func (ep *episode) watchReadiness(stop chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-stop:
			return
		case <-time.After(100 * time.Millisecond):
		}
		if res, err := ep.a.client.Get(ep.a.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusServiceUnavailable {
				ep.readyDown.Store(true)
			}
		}
	}
}

// redeliver sends again what was refused, as Meta retries a webhook and an agent a reply: all
// of it must be taken now.
func (ep *episode) redeliver() {
	for _, body := range ep.unacked {
		if status, err := ep.emu.Deliver(body); err != nil || status != http.StatusOK {
			ep.t.Fatalf("a webhook delivered again after the fault: %d %v", status, err)
		}
		var w struct {
			Entry []struct {
				Changes []struct {
					Value struct{ Messages []struct{ ID string } }
				}
			}
		}
		_ = json.Unmarshal(body, &w)
		ep.acked[w.Entry[0].Changes[0].Value.Messages[0].ID] = true
	}
	for _, r := range ep.refusedRe {
		if !ep.reply(obj{"text": r["text"], "idempotency_key": r["idempotency_key"]}, r["conv"].(string)) {
			ep.t.Fatalf("a reply sent again after the fault was refused")
		}
	}
}

// settle waits until every reply has an outcome and every message its webhook delivery.
func (ep *episode) settle() time.Time {
	deadline := time.Now().Add(90 * time.Second)
	for {
		pending := 0
		for _, m := range ep.messages() {
			if m["direction"] == "outgoing" && m["status"] == "pending" {
				pending++
			}
		}
		ep.mu.Lock()
		delivered, want := len(ep.deliveries), len(ep.acked)+len(ep.replies)
		ep.mu.Unlock()
		if pending == 0 && delivered >= want {
			return time.Now()
		}
		if time.Now().After(deadline) {
			ep.t.Fatalf("after 90s, %d replies are pending and %d of %d webhook deliveries arrived", pending, delivered, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// messages returns every message of every conversation.
func (ep *episode) messages() []obj {
	var all []obj
	for _, conv := range ep.convs {
		before := ""
		for {
			var th struct {
				Items      []obj
				PrevCursor string `json:"prev_cursor"`
			}
			q := conv + "/messages?limit=200"
			if before != "" {
				q += "&before=" + url.QueryEscape(before)
			}
			ep.a.do("GET", q, nil, 200, &th)
			all = append(all, th.Items...)
			if before = th.PrevCursor; before == "" {
				break
			}
		}
	}
	return all
}

func (ep *episode) check(engine, fault string, d, readyAfter, settledAfter time.Duration) {
	t := ep.t
	stored := map[string]int{}
	outcome := map[string]string{}
	for _, m := range ep.messages() {
		if m["direction"] == "incoming" {
			stored[fmt.Sprint(m["provider_id"])]++
		} else {
			outcome[fmt.Sprint(m["id"])] = fmt.Sprint(m["status"], "/", m["error_code"])
		}
	}
	lost, doubled := 0, 0
	for id := range ep.acked {
		switch stored[id] {
		case 0:
			lost++
		case 1:
		default:
			doubled++
		}
	}
	unconfirmed := 0
	for id := range ep.replies {
		switch o := outcome[id]; o {
		case "accepted/", "sent/":
		case "failed/unconfirmed":
			unconfirmed++
		case "":
			lost++
			t.Errorf("accepted reply %s is gone", id)
		default:
			t.Errorf("reply %s ended %s", id, o)
		}
	}
	sends := map[string]int{}
	for _, s := range ep.emu.Sent() {
		sends[s.Callback]++
	}
	maxSends := 0
	for _, k := range sends {
		maxSends = max(maxSends, k)
	}
	maxPOSTs, posts := 0, 0
	for _, k := range ep.deliveries {
		maxPOSTs, posts = max(maxPOSTs, k), posts+k
	}
	t.Logf("FIGURES %s %s for %v: %d requests refused with 503 (%d other failures); %d webhooks and %d replies acknowledged, "+
		"%d lost, %d stored twice; calls to Meta per reply: at most %d (%d replies marked unconfirmed); webhook POSTs per "+
		"delivery: at most %d, %.2f on average; ready %.1fs after the fault ended, all work settled after %.1fs",
		engine, fault, d, ep.refused.Load(), ep.otherFail.Load(), len(ep.acked), len(ep.replies), lost, doubled, maxSends, unconfirmed,
		maxPOSTs, float64(posts)/math.Max(1, float64(len(ep.deliveries))), readyAfter.Seconds(), settledAfter.Seconds())
	if lost != 0 || doubled != 0 {
		t.Errorf("%d acknowledged messages lost, %d stored twice", lost, doubled)
	}
	if maxSends > 1 {
		t.Errorf("a reply reached Meta %d times", maxSends)
	}
	// Deliveries retry by policy (30 attempts over a day); with a receiver that always answers
	// 200, a second POST comes only from an attempt whose outcome could not be recorded.
	if maxPOSTs > 3 {
		t.Errorf("a webhook delivery was POSTed %d times", maxPOSTs)
	}
	if ep.refused.Load() == 0 {
		t.Errorf("no request was refused during the fault: it did not take")
	}
	if !ep.readyDown.Load() {
		t.Errorf("readiness never reported the fault")
	}
	if ep.otherFail.Load() != 0 {
		t.Errorf("%d requests failed otherwise than 503", ep.otherFail.Load())
	}
}

// pgProxy stands between the server and PostgreSQL, so a test can take the database away (every
// connection cut, new ones refused) and bring it back on the same address.
type pgProxy struct {
	t      *testing.T
	url    string // the database's URL through the proxy
	addr   string // where the proxy listens
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newPGProxy(t *testing.T, dbURL string) *pgProxy {
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	p := &pgProxy{t: t, target: u.Host}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	u.Host = p.addr
	p.url = u.String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *pgProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

// down cuts every connection and refuses new ones, as a stopped server does.
func (p *pgProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// up listens again on the same address.
func (p *pgProxy) up() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("the proxy cannot listen again: %v", err)
	}
	p.serve(ln)
}
