package webchat_test

import (
	"encoding/json"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/webchat"
)

func TestFlowSettings(t *testing.T) {
	c := &webchat.Connector{}
	const o = `"allowed_origins":["https://a.test"],`
	for _, tc := range []struct {
		settings string
		bad      string // the field refused, "" when valid
	}{
		{`{` + o + `"prechat":{"enabled":true,"fields":[{"key":"name","label":"Name","type":"text","required":true},{"key":"email","label":"Email","type":"email"},{"key":"order_no","label":"Order","type":"textarea"}],"consent":"I agree"},"reply_time":"hour","offline":{"message":"Back at 9","collect_email":true},"csat":true}`, ""},
		{`{` + o + `"prechat":{"enabled":true,"consent":"I agree"}}`, ""},
		{`{` + o + `"prechat":{"enabled":true}}`, "settings.prechat.fields"},
		{`{` + o + `"prechat":{"enabled":true,"fields":[{"key":"Order No","label":"Order","type":"text"}]}}`, "settings.prechat.fields"},
		{`{` + o + `"prechat":{"enabled":true,"fields":[{"key":"x","label":"","type":"text"}]}}`, "settings.prechat.fields"},
		{`{` + o + `"prechat":{"enabled":true,"fields":[{"key":"x","label":"X","type":"date"}]}}`, "settings.prechat.fields"},
		{`{` + o + `"prechat":{"enabled":true,"fields":[{"key":"email","label":"Email","type":"text"}]}}`, "settings.prechat.fields"},
		{`{` + o + `"prechat":{"enabled":true,"fields":[{"key":"x","label":"X","type":"text"},{"key":"x","label":"Y","type":"text"}]}}`, "settings.prechat.fields"},
		{`{` + o + `"reply_time":"week"}`, "settings.reply_time"},
		{`{` + o + `"prechat":{"fields":"name"}}`, "settings"},
	} {
		checkSettings(t, c, tc.settings, tc.bad)
	}
}

// checkSettings validates settings, wanting the field bad refused ("" for valid settings).
func checkSettings(t *testing.T, c *webchat.Connector, settings, bad string) {
	t.Helper()
	err := c.ValidateSettings(json.RawMessage(settings))
	var e *switchboard.Error
	switch {
	case bad == "" && err != nil:
		t.Errorf("%s: %v", settings, err)
	case bad != "" && (err == nil || !asError(err, &e) || e.Fields[bad] == ""):
		t.Errorf("%s: want %s refused, got %v", settings, bad, err)
	}
}

func TestFlowConfig(t *testing.T) {
	st, err := webchat.Decode(json.RawMessage(`{"allowed_origins":["https://a.test"],"prechat":{"enabled":false,"fields":[{"key":"name","label":"Name","type":"text"}]},"reply_time":"minutes","offline":{"message":"Later","collect_email":true}}`))
	if err != nil {
		t.Fatal(err)
	}
	c := webchat.Config(&switchboard.Inbox{ID: 1, Name: "Shop"}, st, false)
	if c.Prechat != nil || c.ReplyTime != "minutes" || c.Offline.Message != "Later" || !c.Offline.CollectEmail {
		t.Errorf("config %+v", c)
	}
	st.Prechat.Enabled = true
	if c := webchat.Config(&switchboard.Inbox{ID: 1}, st, true); c.Prechat == nil || c.Prechat.Fields[0].Key != "name" {
		t.Errorf("an enabled form is public: %+v", c.Prechat)
	}
}
