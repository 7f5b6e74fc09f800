//go:build ui

package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBrowserBot: an admin turns an inbox's bot on in Settings › Inboxes › Bot (the secret shown
// once); a customer's conversation opens with the bot chip Active and the composer saying so;
// the agent pauses the bot from the header (the chip says Paused, the thread shows the
// milestone), then resumes it. At 1440 and 390 px.
func TestBrowserBot(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			ada := session(t, a.base)
			ada.firstRun(a, nil)
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "whatsapp", "name": "Shop", "settings": obj{"phone_number_id": "106540352242922"},
				"secrets": obj{"access_token": "tok", "app_secret": "secret"}}, 201, &inbox)
			inboxPath := fmt.Sprintf("/api/v1/inboxes/%v", inbox["id"])

			ada.viewport(1440, 900)
			ada.open("/settings/inboxes")
			ada.click(".row-actions button", "Bot")
			ada.wait("the bot form", `!!document.querySelector('[data-testid="bot-url"]')`)
			ada.audit("bot settings")
			ada.click(`label.check`, "Bot on")
			ada.typeIn(`[data-testid="bot-url"]`, "https://bot.example.com/switchboard")
			ada.typeIn(`[data-testid="bot-name"]`, "Helper")
			ada.click(".modal button.primary", "Save")
			ada.waitText(".modal", "The bot's signing secret")
			secret := eval[string](ada, `document.querySelector('.modal code.secret').textContent`)
			ada.shot("bot-secret")
			ada.click(".modal button.primary", "Done")
			ada.gone(".modal", "")
			var bot obj
			a.do("GET", inboxPath+"/bot", nil, 200, &bot)
			if bot["enabled"] != true || bot["url"] != "https://bot.example.com/switchboard" || bot["name"] != "Helper" || !strings.HasPrefix(secret, fmt.Sprint(bot["secret_prefix"])) {
				t.Fatalf("saved bot %v, secret %q", bot, secret)
			}

			// A customer writes (posted with the inbox's token, as an integration would).
			var tok struct{ Token string }
			a.do("POST", inboxPath+"/token", nil, 201, &tok)
			ch := &app{t: t, base: a.base, client: &http.Client{Timeout: 30 * time.Second}, token: tok.Token}
			var rec struct{ Conversation obj }
			ch.do("POST", inboxPath+"/messages", obj{"from": "+5511999990001", "contact_name": "Ana", "provider_id": "in-1", "text": "Where is my parcel?"}, 201, &rec)
			conv := fmt.Sprintf("/api/v1/conversations/%v", rec.Conversation["id"])

			for _, w := range []int64{1440, 390} {
				ada.viewport(w, 900)
				ada.open(fmt.Sprintf("/inbox/%v", rec.Conversation["id"]))
				ada.waitText(`[data-testid="bot-chip"]`, "Bot: Active")
				ada.wait("the composer's bot note", `!!document.querySelector('[data-testid="bot-active"]')`)
				ada.shot(fmt.Sprintf("bot-active-%d", w))
				if w == 1440 {
					ada.audit("conversation with a bot")
				}
			}
			ada.viewport(1440, 900)
			ada.click(`[data-testid="bot-chip"]`, "")
			ada.click(`.menu button`, "Pause the bot")
			ada.waitText(`[data-testid="bot-chip"]`, "Bot: Paused")
			ada.gone(`[data-testid="bot-active"]`, "")
			ada.waitText(".milestone", "Ada Admin paused the bot")
			var c struct{ Bot struct{ State string } }
			a.do("GET", conv, nil, 200, &c)
			if c.Bot.State != "paused" {
				t.Errorf("after pausing: %+v", c)
			}
			ada.shot("bot-paused")
			ada.click(`[data-testid="bot-chip"]`, "")
			ada.click(`.menu button`, "Resume the bot")
			ada.waitText(`[data-testid="bot-chip"]`, "Bot: Active")
			ada.waitText(".milestone", "Ada Admin resumed the bot")
			a.do("GET", conv, nil, 200, &c)
			if c.Bot.State != "active" {
				t.Errorf("after resuming: %+v", c)
			}
		})
	}
}
