package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/emulator/meta"
	twemu "github.com/switchboardhq/switchboard/emulator/twilio"
	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
)

// Demo mode: Switchboard with a workspace of its own (in ./data-demo unless SWITCHBOARD_DATA_DIR
// says otherwise, never the real database), whose WhatsApp, Messenger, Instagram and SMS inboxes are
// wired to the provider emulators running in the same process (a Facebook Page's Messenger, an
// Instagram account on Instagram Login's host), and simulated customers who write, answer the
// agents' replies and react; its website chat is embedded in a sample shop page it serves (see
// demo_webchat.go). Nothing leaves the machine.

const (
	demoEmail    = "demo@switchboard.local"
	demoPassword = "demo password"
	demoAccount  = "AC00000000000000000000000000000d30"
)

// persona is a simulated customer: what they write first, then one line per agent reply.
type persona struct {
	name, number, channel string // channel: whatsapp, sms, messenger, instagram or webchat (number: the page- or account-scoped id; a key for webchat)
	lines                 []string
	// first, when set, is a special first message kind: "image", "location" or "voice" (a
	// voice note before the text) on WhatsApp; "postback" or "referral" on Messenger; "story"
	// (the first line answers the account's story) or "reel" (a reel shared first) on Instagram;
	// "comment:<post id>" on Instagram or a Page: the customer comments under the post (see
	// demoPosts), answers under it after a public reply, and writes directly after a private one.
	first string
}

var personas = []persona{
	{name: "Ana Lima", number: "+5511999990000", channel: "whatsapp",
		lines: []string{"Hi! Is the blue jacket still in stock in size M?", "Great, can you deliver to São Paulo by Friday?", "Perfect, thank you!"}},
	{name: "Marco Rossi", number: "+393331234567", channel: "whatsapp", first: "image",
		lines: []string{"The package arrived damaged 😞", "The order number is #4821.", "A replacement works for me, thanks."}},
	{name: "Jen Park", number: "+14155550142", channel: "sms",
		lines: []string{"What are your opening hours on Sunday?", "And is parking free?", "Thanks!"}},
	{name: "Omar Haddad", number: "+971501234567", channel: "whatsapp", first: "location",
		lines: []string{"Is your shop near here?", "Do you have the grey sneakers in 44?", "I'll come by tomorrow."}},
	{name: "Lucía Gómez", number: "+34612345678", channel: "sms",
		lines: []string{"Hola, can I change the delivery address of my order?", "It's Calle Mayor 5, Madrid.", "Gracias!"}},
	{name: "Sam Carter", number: "7100000000004242", channel: "messenger", first: "postback",
		lines: []string{"Hi, I saw your ad for the rain jacket. Does it come in green?", "Nice! How long is delivery to Leeds?", "Ordered, thanks 🙌"}},
	{name: "Chloé Martin", number: "7100000000007373", channel: "messenger", first: "referral",
		lines: []string{"Bonjour! Do you ship to France?", "And returns are free?", "Merci beaucoup!"}},
	{name: "Priya Nair", number: "+919812345678", channel: "whatsapp", first: "voice",
		lines: []string{"My refund hasn't arrived yet.", "It was order #5530, paid by card.", "OK, I'll wait. Thanks for checking."}},
	{name: "Bea Santos", number: "6200000000001111", channel: "instagram", first: "story",
		lines: []string{"Is this dress still available? 😍", "Size S please. Can I pick it up in store?", "See you Saturday!"}},
	{name: "Kenji Mori", number: "6200000000002222", channel: "instagram", first: "reel",
		lines: []string{"Saw this in your reel: what's the price of the backpack?", "Does it fit a 15-inch laptop?", "Great, thanks ✨"}},
	{name: "Giulia Bianchi", number: "6200000000003333", channel: "instagram", first: "comment:" + demoPostDress,
		lines: []string{"Does this come in green? 💚", "Thanks! Which sizes are left?", "Perfect, ordering now 👌"}},
	{name: "Tom Becker", number: "6200000000004444", channel: "instagram", first: "comment:" + demoPostReel,
		lines: []string{"Where was this filmed? 😍", "So cool. When is the next drop?", "Can't wait!"}},
	{name: "Aisha Khan", number: "7100000000005555", channel: "messenger", first: "comment:" + demoPostHours,
		lines: []string{"Are you open on Boxing Day?", "And on New Year's Eve?", "Thanks, see you then!"}},
	// Customers who write in Italian and Spanish: the assistant's analysis reads their language,
	// and translates them when Apertium is installed (see demo_assistant.go).
	{name: "Francesca Conti", number: "7100000000006666", channel: "messenger",
		lines: []string{"Buongiorno, ho ordinato le scarpe da trekking il 2 dicembre (ordine n. 48217) e non sono ancora arrivate. Sono molto delusa, mi servono per sabato!",
			"Il tracking non si aggiorna da cinque giorni. Potete verificare con il corriere?", "Va bene, grazie mille per l'aiuto."}},
	{name: "Carmen Ruiz", number: "+34655443322", channel: "whatsapp",
		lines: []string{"Hola, ¿tenéis las botas de montaña en la talla 38?", "¿Cuánto tarda el envío a Sevilla?", "Perfecto, muchas gracias."}},
	{name: "Javier Moreno", number: "+34699887766", channel: "sms",
		lines: []string{"Buenas tardes. El pedido #5192 llegó con una zapatilla de cada talla. ¿Cómo hago el cambio?",
			"Vale, ¿y tengo que pagar el envío de la devolución?", "Genial, gracias."}},
}

// The posts the demo's customers comment under: two on the Instagram account, one on the Page.
const (
	demoPostDress = "17900000000000001"
	demoPostReel  = "17900000000000002"
	demoPostHours = "100000000000002_4001"
)

// metaChannels are the personas' channels on Meta's emulators: their names and pictures are
// what the User Profile API answers.
var metaChannels = map[string]bool{"messenger": true, "instagram": true}

// demoEnv runs the server on its own data directory and SQLite file, whatever the environment
// says about the database: demo data never goes into a real workspace. The server may reach
// the emulators, which listen on loopback, at the addresses given (host:port) and no others.
func (m *Main) demoEnv(emulators ...string) func(string) string {
	return func(k string) string {
		switch k {
		case "SWITCHBOARD_DATABASE_URL", "SWITCHBOARD_DATABASE_URL_FILE":
			return ""
		case "SWITCHBOARD_DATA_DIR":
			if v := m.Getenv(k); v != "" {
				return v
			}
			return "./data-demo"
		case "SWITCHBOARD_TRAIN_DELAY":
			if v := m.Getenv(k); v != "" {
				return v
			}
			return demoTrainDelay
		case "SWITCHBOARD_ALLOW_PRIVATE_HOSTS":
			return strings.Join(append(emulators, m.Getenv(k)), ",")
		}
		return m.Getenv(k)
	}
}

func (m *Main) demo(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d, err := newDemo(ctx)
	if err != nil {
		return err
	}
	started := make(chan string, 1)
	server := &Main{Stdin: m.Stdin, Stdout: m.Stdout, Stderr: m.Stderr, Getenv: m.demoEnv(d.emulatorHosts()...), Started: started}
	done := make(chan error, 1)
	go func() { done <- server.serve(ctx) }()
	var addr string
	select {
	case addr = <-started:
	case err := <-done:
		return err
	}
	err = d.connect("http://" + addr)
	if err == nil {
		d.every = 30 * time.Second
		if v := m.Getenv("SWITCHBOARD_DEMO_INTERVAL"); v != "" {
			if d.every, err = time.ParseDuration(v); err != nil || d.every <= 0 {
				err = fmt.Errorf("SWITCHBOARD_DEMO_INTERVAL: %q is not a duration such as 30s", v)
			}
		}
	}
	if err != nil {
		cancel()
		<-done
		return err
	}
	fmt.Fprintf(m.Stdout, "\nSwitchboard demo: open http://%s and sign in as %s with the password %q.\n"+
		"Its WhatsApp, Messenger, Instagram, SMS and website chat inboxes are simulated: a customer writes about every %s and answers your replies.\n"+
		"Open %s to play the visitor: a sample shop with the chat widget, on another origin.\n"+
		"Data lives in %s; the real workspace is untouched.\n\n", addr, demoEmail, demoPassword, d.every, d.shopURL, m.demoEnv()("SWITCHBOARD_DATA_DIR"))
	go d.run(ctx)
	return <-done
}

// demo is the running simulation.
type demo struct {
	base   string
	client *http.Client
	wa     *waemu.Server
	tw     *twemu.Server
	fb     *meta.Server
	ig     *meta.Server
	waURL  string // the inboxes' webhook URLs
	twURL  string
	twFrom string

	// every is how often a new customer writes (SWITCHBOARD_DEMO_INTERVAL, default 30s).
	every time.Duration

	mu       sync.Mutex
	progress map[string]int // persona number → lines written
	// commented is each commenting persona's first comment (their answers go under it), and
	// direct says they write directly since an agent answered them privately.
	commented map[string]string
	direct    map[string]bool
	rng       *rand.Rand

	// The website chat (see demo_webchat.go): the sample shop's address, the inbox, its
	// identity secret, and the simulated visitors' sessions.
	ctx       context.Context
	shopURL   string
	webInbox  int64
	webSecret string
	visitors  map[string]*webVisitor
}

// newDemo starts the emulators, each on a free loopback port, until ctx ends.
func newDemo(ctx context.Context) (*demo, error) {
	jar, _ := cookiejar.New(nil)
	d := &demo{client: &http.Client{Jar: jar, Timeout: 30 * time.Second}, progress: map[string]int{}, commented: map[string]string{}, direct: map[string]bool{},
		rng: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7)), twFrom: "+15005550006", ctx: ctx, visitors: map[string]*webVisitor{}}
	d.wa = waemu.New("100000000000001", "demo-whatsapp-token", "demo-app-secret")
	d.tw = twemu.New(demoAccount, "demo-auth-token")
	d.fb = meta.New("100000000000002", "demo-page-token", "demo-app-secret")
	d.fb.Subscribe(d.fb.PageID, messenger.PageFields...) // as connecting with Facebook leaves it: the health shows no field missing
	d.ig = meta.NewInstagram("17841400000000003", "", "demo-instagram-token", "demo-app-secret")
	d.ig.Subscribe(d.ig.AccountID, instagram.Fields...) // as connecting with Instagram leaves it
	d.ig.AddPost(demoPostDress, "FEED", "The green dress is back for autumn 🍂 Sizes S to XL, in store and online.", demoStory(), "image/png")
	d.ig.AddPost(demoPostReel, "REELS", "Behind the scenes of our autumn shoot 🎬", demoPicture(), "image/png")
	d.fb.AddPost(demoPostHours, "POST", "Holiday opening hours: we are open every day until the 24th, 10:00 to 18:00.", demoPicture(), "image/png")
	for i, p := range personas {
		if first, last, _ := strings.Cut(p.name, " "); metaChannels[p.channel] {
			emu := d.meta(p.channel)
			emu.SetName(p.number, first, last) // what the User Profile API answers, with a picture
			emu.SetPicture(p.number, demoAvatar(i), "image/png")
		}
	}
	var err error
	if d.wa.BaseURL, err = serveLocal(ctx, d.wa); err != nil {
		return nil, err
	}
	if d.tw.BaseURL, err = serveLocal(ctx, d.tw); err != nil {
		return nil, err
	}
	if d.fb.BaseURL, err = serveLocal(ctx, d.fb); err != nil {
		return nil, err
	}
	if d.ig.BaseURL, err = serveLocal(ctx, d.ig); err != nil {
		return nil, err
	}
	if d.shopURL, err = serveLocal(ctx, http.HandlerFunc(d.shopPage)); err != nil {
		return nil, err
	}
	return d, nil
}

// meta is the emulator of a Meta channel: the Page's Messenger or the Instagram account.
func (d *demo) meta(channel string) *meta.Server {
	if channel == "instagram" {
		return d.ig
	}
	return d.fb
}

// emulatorHosts are the emulators' host:port, which the demo's server is allowed to reach
// although they are on loopback.
func (d *demo) emulatorHosts() []string {
	return []string{strings.TrimPrefix(d.wa.BaseURL, "http://"), strings.TrimPrefix(d.tw.BaseURL, "http://"), strings.TrimPrefix(d.fb.BaseURL, "http://"),
		strings.TrimPrefix(d.ig.BaseURL, "http://")}
}

// connect signs in to the server at base (creating the demo admin on first run) and connects
// the simulated inboxes to the emulators.
func (d *demo) connect(base string) error {
	d.mu.Lock()
	d.base = base
	d.mu.Unlock()
	waBase, twBase := d.wa.BaseURL, d.tw.BaseURL
	var setup struct {
		NeedsSetup bool `json:"needs_setup"`
	}
	if err := d.call("GET", "/api/v1/setup", nil, &setup); err != nil {
		return err
	}
	if setup.NeedsSetup {
		if err := d.call("POST", "/api/v1/setup", map[string]string{"name": "Demo Admin", "email": demoEmail, "password": demoPassword}, nil); err != nil {
			return err
		}
	} else if err := d.call("POST", "/api/v1/auth/login", map[string]string{"email": demoEmail, "password": demoPassword}, nil); err != nil {
		return fmt.Errorf("the demo's data directory holds a workspace that is not the demo's (%v): give the demo a directory of its own with SWITCHBOARD_DATA_DIR", err)
	}
	var inboxes struct {
		Items []struct {
			ID       int64           `json:"id"`
			Kind     string          `json:"kind"`
			Settings json.RawMessage `json:"settings"`
		} `json:"items"`
	}
	if err := d.call("GET", "/api/v1/inboxes", nil, &inboxes); err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, in := range inboxes.Items {
		if strings.Contains(string(in.Settings), `"simulated":true`) {
			ids[in.Kind] = in.ID
		}
	}
	// Emulators start on new ports each run: the inboxes are pointed at them again.
	waSettings := map[string]any{"provider": "cloud", "phone_number_id": d.wa.PhoneNumberID, "business_account_id": d.wa.BusinessAccountID,
		"api_base_url": waBase, "simulated": true}
	twSettings := func(id int64) map[string]any {
		return map[string]any{"provider": "twilio", "account_sid": demoAccount, "from": d.twFrom, "api_base_url": twBase, "simulated": true,
			"webhook_url": fmt.Sprintf("%s/api/v1/inboxes/%d/webhook", base, id)}
	}
	// A secret goes to a new address only when it is entered again: the inboxes are given
	// theirs with every new address.
	waSecrets := map[string]string{"access_token": d.wa.Token, "app_secret": d.wa.AppSecret, "verify_token": "demo"}
	twSecrets := map[string]string{"auth_token": d.tw.AuthToken}
	// The page has Meta's Human Agent permission: replies go out to 7 days.
	fbSettings := map[string]any{"page_id": d.fb.PageID, "app_id": d.fb.AppID, "human_agent": true, "api_base_url": d.fb.BaseURL, "simulated": true}
	fbSecrets := map[string]string{"access_token": d.fb.Token, "app_secret": d.fb.AppSecret, "verify_token": "demo"}
	igSettings := map[string]any{"account_id": d.ig.AccountID, "host": "instagram", "app_id": d.ig.AppID, "api_base_url": d.ig.BaseURL, "simulated": true}
	igSecrets := map[string]string{"access_token": d.ig.Token, "app_secret": d.ig.AppSecret, "verify_token": "demo"}
	for _, kind := range []string{"whatsapp", "sms", "messenger", "instagram"} {
		if ids[kind] != 0 {
			continue
		}
		body := map[string]any{"kind": kind, "name": "WhatsApp (simulated)", "settings": waSettings, "secrets": waSecrets}
		switch kind {
		case "sms":
			body = map[string]any{"kind": kind, "name": "SMS (simulated)", "settings": twSettings(0), "secrets": twSecrets}
		case "messenger":
			body = map[string]any{"kind": kind, "name": "Messenger (simulated)", "settings": fbSettings, "secrets": fbSecrets}
		case "instagram":
			body = map[string]any{"kind": kind, "name": "Instagram (simulated)", "settings": igSettings, "secrets": igSecrets}
		}
		var created struct {
			ID int64 `json:"id"`
		}
		if err := d.call("POST", "/api/v1/inboxes", body, &created); err != nil {
			return err
		}
		ids[kind] = created.ID
	}
	if err := d.call("PATCH", fmt.Sprintf("/api/v1/inboxes/%d", ids["whatsapp"]), map[string]any{"settings": waSettings, "secrets": waSecrets}, nil); err != nil {
		return err
	}
	if err := d.call("PATCH", fmt.Sprintf("/api/v1/inboxes/%d", ids["sms"]), map[string]any{"settings": twSettings(ids["sms"]), "secrets": twSecrets}, nil); err != nil {
		return err
	}
	if err := d.call("PATCH", fmt.Sprintf("/api/v1/inboxes/%d", ids["messenger"]), map[string]any{"settings": fbSettings, "secrets": fbSecrets}, nil); err != nil {
		return err
	}
	if err := d.call("PATCH", fmt.Sprintf("/api/v1/inboxes/%d", ids["instagram"]), map[string]any{"settings": igSettings, "secrets": igSecrets}, nil); err != nil {
		return err
	}
	if err := d.connectWebChat(ids["webchat"]); err != nil {
		return err
	}
	_ = d.call("POST", fmt.Sprintf("/api/v1/inboxes/%d/templates/sync", ids["whatsapp"]), nil, nil)
	d.waURL = fmt.Sprintf("%s/api/v1/inboxes/%d/webhook", base, ids["whatsapp"])
	d.twURL = fmt.Sprintf("%s/api/v1/inboxes/%d/webhook", base, ids["sms"])
	d.wa.WebhookURL = d.waURL
	d.wa.OnSend = d.onWhatsApp
	d.tw.OnSend = d.onSMS
	d.fb.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%d/webhook", base, ids["messenger"])
	d.fb.OnSend = d.onMeta(d.fb)
	d.ig.WebhookURL = fmt.Sprintf("%s/api/v1/inboxes/%d/webhook", base, ids["instagram"])
	d.ig.OnSend = d.onMeta(d.ig)
	return d.setUpAssistant()
}

// serveLocal serves h on a free local port until ctx ends and returns its address.
func serveLocal(ctx context.Context, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go srv.Serve(ln) //nolint:errcheck // ends with the demo
	return "http://" + ln.Addr().String(), nil
}

// call makes a signed-in API request as the demo admin.
func (d *demo) call(method, path string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, d.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	return doJSON(d.client, req, out)
}

// doJSON makes a request and reads its JSON answer into out; an answer other than 2xx is an
// error with its body.
func doJSON(c *http.Client, req *http.Request, out any) error {
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, res.StatusCode, bytes.TrimSpace(raw))
	}
	if out != nil && len(raw) > 0 {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// run has a new customer write about every d.every (give or take a third), starting at once.
func (d *demo) run(ctx context.Context) {
	all := append(append([]persona{}, personas...), webVisitors...)
	order := d.rng.Perm(len(all))
	for i := 0; ; i++ {
		d.write(all[order[i%len(order)]])
		select {
		case <-ctx.Done():
			return
		case <-time.After(d.every*2/3 + time.Duration(d.rng.Int64N(int64(d.every*2/3)+1))):
		}
	}
}

// write sends a persona's next line (their first, or the one after the agent's reply).
func (d *demo) write(p persona) {
	d.mu.Lock()
	n := d.progress[p.number]
	if n >= len(p.lines) {
		n = 0 // a finished story starts over, as a new question
	}
	d.progress[p.number] = n + 1
	d.mu.Unlock()
	text := p.lines[n]
	if p.channel == "webchat" {
		d.chat(d.ctx, p, text)
		return
	}
	if metaChannels[p.channel] {
		emu := d.meta(p.channel)
		mid := "m_DEMO" + strconv.FormatInt(time.Now().UnixNano(), 36)
		d.mu.Lock()
		root, direct := d.commented[p.number], d.direct[p.number]
		d.mu.Unlock()
		if post, ok := strings.CutPrefix(p.first, "comment:"); ok && !direct {
			d.comment(emu, p, post, root, text)
			return
		}
		switch {
		case n == 0 && p.first == "postback":
			_, _ = emu.Deliver(emu.Envelope(emu.Postback(p.number, mid+"P", "Get Started", "GET_STARTED")))
		case n == 0 && p.first == "referral":
			_, _ = emu.Deliver(emu.Envelope(emu.Referral(p.number, "ADS", "spring_jackets")))
		case n == 0 && p.first == "story":
			_, _ = emu.Deliver(emu.Envelope(emu.StoryReply(p.number, mid, text, demoStory(), "image/png")))
			return
		case n == 0 && p.first == "reel":
			_, _ = emu.Deliver(emu.Envelope(emu.Share(p.number, mid+"S", "ig_reel", "https://www.instagram.com/reel/Demo42/", "Autumn backpacks")))
		}
		_, _ = emu.Deliver(emu.Envelope(emu.Text(p.number, mid, text, time.Time{})))
		return
	}
	if p.channel == "sms" {
		_, _, _ = d.tw.Post(d.twURL, d.tw.Incoming(p.number, d.twFrom, text))
		return
	}
	waID := strings.TrimPrefix(p.number, "+")
	id := "wamid.DEMO" + strconv.FormatInt(time.Now().UnixNano(), 36)
	msg := map[string]any{"id": id, "type": "text", "text": map[string]any{"body": text}}
	switch {
	case n == 0 && p.first == "image":
		msg = map[string]any{"id": id, "type": "image", "image": map[string]any{"caption": text, "mime_type": "image/png",
			"id": d.wa.AddMedia(demoPicture(), "image/png")}}
	case n == 0 && p.first == "location":
		_, _ = d.wa.Deliver(d.wa.Customer(p.name, waID, map[string]any{"id": id + "L", "type": "location",
			"location": map[string]any{"latitude": 25.1972, "longitude": 55.2744, "name": "Downtown", "address": "Sheikh Mohammed bin Rashid Blvd"}}))
	case n == 0 && p.first == "voice":
		_, _ = d.wa.Deliver(d.wa.Customer(p.name, waID, d.wa.VoiceNote(id+"V", 4*time.Second)))
	}
	_, _ = d.wa.Deliver(d.wa.Customer(p.name, waID, msg))
}

// comment has a persona comment under a post: first on the post, then under their first comment.
func (d *demo) comment(emu *meta.Server, p persona, post, root, text string) {
	id := strconv.FormatInt(17950000000000000+time.Now().UnixNano()%1e13, 10)
	if !emu.Instagram {
		id = post + "_" + id
	}
	name := p.name
	if emu.Instagram {
		name = strings.ToLower(strings.ReplaceAll(p.name, " ", "."))
	}
	if root == "" {
		d.mu.Lock()
		d.commented[p.number] = id
		d.mu.Unlock()
		_, _ = emu.Deliver(emu.Envelope(emu.CustomerComment(p.number, name, id, post, text)))
		return
	}
	_, _ = emu.Deliver(emu.Envelope(emu.CustomerReply(p.number, name, id, root, text)))
}

// onWhatsApp plays the customer's phone: the message is delivered and read, and a reply to an
// agent's text comes a few seconds later, sometimes with a 👍 on the agent's message.
func (d *demo) onWhatsApp(s *waemu.Sent) {
	if s.Type == "reaction" || s.Body["status"] == "read" {
		return
	}
	time.Sleep(time.Second)
	_, _ = d.wa.Deliver(d.wa.Statuses("delivered", s))
	time.Sleep(2 * time.Second)
	_, _ = d.wa.Deliver(d.wa.Statuses("read", s))
	p, ok := d.persona("+" + s.To)
	if !ok {
		return
	}
	time.Sleep(time.Duration(2+d.rng.IntN(4)) * time.Second)
	if d.rng.IntN(3) == 0 {
		_, _ = d.wa.Deliver(d.wa.Customer(p.name, s.To, map[string]any{"id": "wamid.R" + strconv.FormatInt(time.Now().UnixNano(), 36),
			"type": "reaction", "reaction": map[string]any{"message_id": s.ID, "emoji": "👍"}}))
	}
	d.write(p)
}

// onMeta plays the customer's Messenger or Instagram: the reply is delivered and read
// (Messenger: by watermark; Instagram, which reports no deliveries: seen, by its id), sometimes
// loved, and answered a few seconds later.
func (d *demo) onMeta(emu *meta.Server) func(*meta.Sent) {
	return func(s *meta.Sent) {
		if s.Action != "" {
			return
		}
		if s.Kind == meta.SentPublicReply || s.Kind == meta.SentPrivateReply {
			// An answer to a comment: the customer answers under the post, or, after a
			// private reply, directly.
			p, ok := d.persona(s.To)
			if !ok {
				return
			}
			if s.Kind == meta.SentPrivateReply {
				d.mu.Lock()
				d.direct[p.number] = true
				d.mu.Unlock()
			}
			time.Sleep(time.Duration(3+d.rng.IntN(4)) * time.Second)
			d.write(p)
			return
		}
		time.Sleep(time.Second)
		if emu.Instagram {
			_, _ = emu.Deliver(emu.Envelope(emu.Seen(s.To, s.MID)))
		} else {
			_, _ = emu.Deliver(emu.Envelope(emu.Delivered(s.To, time.Now())))
			time.Sleep(2 * time.Second)
			_, _ = emu.Deliver(emu.Envelope(emu.Read(s.To, time.Now())))
		}
		p, ok := d.persona(s.To)
		if !ok {
			return
		}
		time.Sleep(time.Duration(2+d.rng.IntN(4)) * time.Second)
		if d.rng.IntN(3) == 0 {
			_, _ = emu.Deliver(emu.Envelope(emu.Reaction(s.To, s.MID, "\u2764\ufe0f")))
		}
		d.write(p)
	}
}

// onSMS delivers an SMS reply and has the customer answer it.
func (d *demo) onSMS(s *twemu.Sent) {
	time.Sleep(time.Second)
	if cb := s.StatusCallback; cb != "" {
		_, _, _ = d.tw.Post(cb, d.tw.Status(s, "delivered"))
	}
	if p, ok := d.persona(s.Form.Get("To")); ok {
		time.Sleep(time.Duration(3+d.rng.IntN(4)) * time.Second)
		d.write(p)
	}
}

func (d *demo) persona(number string) (persona, bool) {
	for _, p := range personas {
		if p.number == number {
			return p, true
		}
	}
	return persona{}, false
}

// demoAvatar draws the profile picture of the i-th persona: a silhouette of their own colour.
func demoAvatar(i int) []byte {
	hues := []color.RGBA{{231, 111, 81, 255}, {42, 157, 143, 255}, {233, 196, 106, 255}, {38, 70, 83, 255}, {244, 162, 97, 255}, {131, 56, 236, 255}}
	c := hues[i%len(hues)]
	return drawPNG(96, 96, func(x, y int) color.RGBA {
		if (x-48)*(x-48)+(y-40)*(y-40) < 400 || ((x-48)*(x-48)+(y-100)*(y-100) < 1600 && y > 64) {
			return c
		}
		return color.RGBA{240, 242, 245, 255}
	})
}

// demoStory draws the account's story a customer answers: a dress on a warm background.
func demoStory() []byte {
	return drawPNG(90, 160, func(x, y int) color.RGBA {
		if y > 40 && y < 130 && (x-45)*(x-45)*4 < (y-30)*(y-30) {
			return color.RGBA{200, 40, 80, 255}
		}
		return color.RGBA{uint8(250 - y/3), uint8(180 - y/4), 120, 255}
	})
}

// demoPicture draws the photo a customer sends: a dented box.
func demoPicture() []byte {
	return drawPNG(160, 120, func(x, y int) color.RGBA {
		c := color.RGBA{220, 226, 232, 255}
		if x > 30 && x < 130 && y > 25 && y < 100 {
			c = color.RGBA{176, 132, 84, 255}
			if (x-95)*(x-95)+(y-45)*(y-45) < 260 {
				c = color.RGBA{120, 86, 50, 255}
			}
		}
		return c
	})
}

// drawPNG is a w × h picture whose every pixel at is.
func drawPNG(w, h int, at func(x, y int) color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, at(x, y))
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
