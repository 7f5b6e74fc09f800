package whatsapp

import (
	"errors"
	"net/url"
	"testing"
	"time"
)

func TestVerifySignature(t *testing.T) {
	// The test vector of shared/channels/whatsapp-cloud.md §1.2.
	body := []byte(`{"object":"whatsapp_business_account","entry":[]}`)
	header := "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756"
	if err := VerifySignature("test_app_secret", header, body); err != nil {
		t.Fatalf("the documented vector fails: %v", err)
	}
	if Sign("test_app_secret", body) != header {
		t.Errorf("Sign = %s", Sign("test_app_secret", body))
	}
	for name, tt := range map[string]struct {
		secret, header string
		body           []byte
		want           error
	}{
		"no header":        {"test_app_secret", "", body, ErrNoSignature},
		"sha1 only":        {"test_app_secret", "sha1=abc", body, ErrNoSignature},
		"wrong secret":     {"another secret", header, body, ErrBadSignature},
		"altered body":     {"test_app_secret", header, []byte(`{"object":"whatsapp_business_account","entry":[{}]}`), ErrBadSignature},
		"not hex":          {"test_app_secret", "sha256=zz", body, ErrBadSignature},
		"truncated":        {"test_app_secret", header[:40], body, ErrBadSignature},
		"uppercase prefix": {"test_app_secret", "SHA256=" + header[7:], body, ErrNoSignature},
	} {
		t.Run(name, func(t *testing.T) {
			if err := VerifySignature(tt.secret, tt.header, tt.body); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestHandshake(t *testing.T) {
	q := url.Values{"hub.mode": {"subscribe"}, "hub.challenge": {"1158201444"}, "hub.verify_token": {"meatyhamhock"}}
	if c, ok := Handshake(q, "meatyhamhock"); !ok || c != "1158201444" {
		t.Errorf("Handshake = %q, %v", c, ok)
	}
	if _, ok := Handshake(q, "another token"); ok {
		t.Error("a wrong verify token was accepted")
	}
	if _, ok := Handshake(q, ""); ok {
		t.Error("an inbox without a verify token accepted a handshake")
	}
	q.Set("hub.mode", "unsubscribe")
	if _, ok := Handshake(q, "meatyhamhock"); ok {
		t.Error("a mode other than subscribe was accepted")
	}
}

const sample = `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[
 {"field":"messages","value":{"messaging_product":"whatsapp",
  "metadata":{"display_phone_number":"15550001111","phone_number_id":"106540352242922"},
  "contacts":[{"profile":{"name":"Ana"},"wa_id":"5511999990000"}],
  "messages":[
   {"from":"5511999990000","id":"wamid.IN2","timestamp":"1749416383","type":"text","context":{"from":"15550001111","id":"wamid.OUT1"},"text":{"body":"yes, the blue one"}},
   {"from":"5511999990000","id":"wamid.IN3","timestamp":"1749416390","type":"image","image":{"caption":"receipt","mime_type":"image/jpeg","sha256":"81d3","id":"2754859441498128"}},
   {"from":"5511999990000","id":"wamid.IN4","timestamp":"1749416400","type":"location","location":{"latitude":-23.56,"longitude":-46.65,"name":"Shop","address":"Av. Paulista 1"}},
   {"from":"5511999990000","id":"wamid.IN5","timestamp":"1749416410","type":"reaction","reaction":{"message_id":"wamid.OUT1","emoji":"\uD83D\uDC4D"}},
   {"from":"5511999990000","id":"wamid.IN6","timestamp":"1749416420","type":"interactive","context":{"from":"15550001111","id":"wamid.OUT7"},"interactive":{"type":"button_reply","button_reply":{"id":"confirm","title":"Confirm"}}},
   {"from":"5511999990000","id":"wamid.IN7","timestamp":"1749416430","type":"button","context":{"from":"15550001111","id":"wamid.TPL1"},"button":{"payload":"stop_promos","text":"Stop"}},
   {"from":"5511999990000","id":"wamid.IN8","timestamp":"1749416440","type":"audio","audio":{"mime_type":"audio/ogg; codecs=opus","sha256":"aa","id":"77","voice":true}},
   {"from":"5511999990000","id":"wamid.IN9","timestamp":"1749416450","type":"unsupported","unsupported":{"type":"poll"},"errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown","error_data":{"details":"Message type is currently not supported."}}]}
  ]}},
 {"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},
  "statuses":[
   {"id":"wamid.OUT1","status":"read","timestamp":"1750857300","recipient_id":"5511999990000"},
   {"id":"wamid.OUT2","status":"failed","timestamp":"1750857384","recipient_id":"5511999990000","errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"More than 24 hours have passed since the customer last replied."}}]}
  ]}},
 {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":1}},
 {"field":"smb_message_echoes","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},
  "message_echoes":[{"from":"15550001111","to":"5511999990000","id":"wamid.ECHO1","timestamp":"1749416500","type":"text","text":{"body":"Sent from the phone"}}]}}
]}]}`

func TestParse(t *testing.T) {
	b, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Messages) != 9 || len(b.Statuses) != 2 {
		t.Fatalf("%d messages, %d statuses; want 9 and 2", len(b.Messages), len(b.Statuses))
	}
	m := map[string]*Message{}
	for _, x := range b.Messages {
		m[x.ID] = x
	}
	text := m["wamid.IN2"]
	if text.Text != "yes, the blue one" || text.ReplyTo != "wamid.OUT1" || text.ContactName != "Ana" || text.From != "5511999990000" ||
		text.PhoneNumberID != "106540352242922" || !text.Time.Equal(time.Unix(1749416383, 0)) {
		t.Errorf("text %+v", text)
	}
	if img := m["wamid.IN3"]; img.Media == nil || img.Media.ID != "2754859441498128" || img.Media.MimeType != "image/jpeg" || img.Text != "receipt" {
		t.Errorf("image %+v", img)
	}
	if loc := m["wamid.IN4"].Location; loc == nil || loc.Latitude != -23.56 || loc.Name != "Shop" {
		t.Errorf("location %+v", loc)
	}
	if r := m["wamid.IN5"].Reaction; r == nil || r.MessageID != "wamid.OUT1" || r.Emoji != "👍" {
		t.Errorf("reaction %+v", r)
	}
	if i := m["wamid.IN6"]; i.Choice != "confirm" || i.Text != "Confirm" || i.ReplyTo != "wamid.OUT7" {
		t.Errorf("button reply %+v", i)
	}
	if btn := m["wamid.IN7"]; btn.Choice != "stop_promos" || btn.Text != "Stop" {
		t.Errorf("template button %+v", btn)
	}
	if a := m["wamid.IN8"]; a.Media == nil || !a.Media.Voice {
		t.Errorf("voice note %+v", a)
	}
	if u := m["wamid.IN9"]; u.Type != "unsupported" || len(u.Errors) != 1 || u.Errors[0].Code != 131051 {
		t.Errorf("unsupported %+v", u)
	}
	if e := m["wamid.ECHO1"]; e == nil || !e.Echo || e.To != "5511999990000" || e.Text != "Sent from the phone" {
		t.Errorf("echo %+v", e)
	}
	failed := b.Statuses[1]
	if failed.Status != "failed" || len(failed.Errors) != 1 || failed.Errors[0].Code != 131047 || failed.Errors[0].Details == "" {
		t.Errorf("failed status %+v", failed)
	}
}

// TestParseKeepsOddEntries: a message whose entry does not have the documented shape costs
// neither the other messages nor itself: it is kept as far as it can be read, and shows as
// something Switchboard cannot show; only an entry with no sender or id is left out.
func TestParseKeepsOddEntries(t *testing.T) {
	body := `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
		"metadata":{"phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"5511999990000"},{"wa_id":42}],
		"messages":[
			{"from":"5511999990000","id":"wamid.OK","timestamp":"1749416383","type":"text","text":{"body":"hello"}},
			{"from":"5511999990000","id":"wamid.ODD","timestamp":1749416390,"type":"location","location":{"latitude":"north"}},
			"not a message",
			{"id":"wamid.NOBODY","type":"text","text":{"body":7}}],
		"statuses":[{"id":"wamid.OUT1","status":"read","timestamp":"1750857300"},{"id":["odd"]}]}}]}]}`
	b, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Messages) != 2 || len(b.Statuses) != 1 {
		t.Fatalf("%d messages, %d statuses; want 2 and 1", len(b.Messages), len(b.Statuses))
	}
	if ok := b.Messages[0]; ok.Text != "hello" || ok.ContactName != "Ana" || ok.Unreadable {
		t.Errorf("the well-formed message: %+v", ok)
	}
	odd := b.Messages[1]
	if !odd.Unreadable || odd.From != "5511999990000" || odd.ID != "wamid.ODD" || odd.Type != "location" || odd.ContactName != "Ana" ||
		!odd.Time.Equal(time.Unix(1749416390, 0)) {
		t.Errorf("the odd message: %+v", odd)
	}
	in := inboundOf(odd)
	if in.Content == nil || in.Content.Unsupported != "location" || in.Content.Unreadable == "" || in.Validate() != nil {
		t.Errorf("recorded as %+v", in.Content)
	}
}

func TestParseRefusesWhatIsNotAWebhook(t *testing.T) {
	for _, body := range []string{``, `[]`, `{"object":"page","entry":[]}`, `{"object":`, `null`} {
		if _, err := Parse([]byte(body)); err == nil {
			t.Errorf("Parse(%q) accepted it", body)
		}
	}
}

// FuzzParse checks that no body, however mangled, makes the parser panic, and that what it
// accepts it accepts consistently.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"type":"text"}]}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := Parse(body)
		if err == nil && b == nil {
			t.Fatal("no error and no batch")
		}
	})
}
