package email

import (
	"context"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
)

// A formatted reply goes out with its HTML as the HTML part and its plain text as the text part,
// the signature under both; a plain reply's HTML part is its text, escaped, with its line breaks.
func TestComposeHTMLReply(t *testing.T) {
	s := &Settings{Address: "support@shop.test", FromName: "Shop"}
	reply := func(text, html string) *Mail {
		t.Helper()
		out := &switchboard.Outbound{
			Message:      &switchboard.Message{ID: 7, Text: text, HTML: html, SenderType: switchboard.SenderAgent},
			Conversation: &switchboard.Conversation{Subject: "Order"},
			Inbox:        &switchboard.Inbox{ID: 1},
			To:           "ana@customer.test",
			Signature:    "Ada <Shop>",
			ReplyKey:     "k1",
		}
		raw, _, err := (&Connector{}).compose(context.Background(), s, out)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Parse(raw, 0)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	m := reply("Your order is *on its way*:\n- tracking 123", "<p>Your order is <strong>on its way</strong>:</p><ul><li>tracking 123</li></ul>")
	if !strings.Contains(m.HTML, "<strong>on its way</strong>") || !strings.Contains(m.HTML, "<li>tracking 123</li>") {
		t.Errorf("the HTML part lost the formatting: %s", m.HTML)
	}
	if !strings.Contains(m.HTML, "Ada &lt;Shop&gt;") {
		t.Errorf("the HTML part has no escaped signature: %s", m.HTML)
	}
	if !strings.HasPrefix(m.Text, "Your order is *on its way*:\n- tracking 123") || !strings.Contains(m.Text, "-- \nAda <Shop>") {
		t.Errorf("the text part: %q", m.Text)
	}

	m = reply("a < b\nand more", "")
	if !strings.Contains(m.HTML, "a &lt; b<br") || strings.Contains(m.HTML, "<strong>") {
		t.Errorf("a plain reply's HTML part: %s", m.HTML)
	}
}
