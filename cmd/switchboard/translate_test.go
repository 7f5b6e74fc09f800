package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	emult "github.com/switchboardhq/switchboard/emulator/libretranslate"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestTranslationAndCopilotWired: the binary translates an incoming message with the
// LibreTranslate server an admin set (reached through the egress policy), once, and answers the
// copilot's offline summary as a stream of events.
func TestTranslationAndCopilotWired(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			lt := emult.New("")
			lts := httptest.NewServer(lt)
			t.Cleanup(lts.Close)
			w := startAssistant(t, e)
			a := w.a
			a.do("PATCH", "/api/v1/assistant", obj{"translation": true, "copilot": true, "translation_engine": "libretranslate",
				"libretranslate_url": lts.URL}, 200, nil)
			conv := w.customer("c-es", "Hola, mi pedido no ha llegado todavía.")
			var page struct{ Items []switchboard.Message }
			a.do("GET", conv+"/messages", nil, 200, &page)
			msg := page.Items[len(page.Items)-1]
			var tr switchboard.Translation
			for range 2 {
				a.do("POST", fmt.Sprintf("/api/v1/messages/%d/translation", msg.ID), obj{"language": "en"}, 200, &tr)
			}
			if tr.Provider != "libretranslate" || tr.Text != emult.Translate(msg.Text, "es", "en") || len(lt.Requests()) != 1 {
				t.Fatalf("translation = %+v after %d requests", tr, len(lt.Requests()))
			}

			req, _ := http.NewRequest("POST", a.base+conv+"/copilot", bytes.NewReader([]byte(`{"action":"summary"}`)))
			req.Header.Set("Content-Type", "application/json")
			if a.token != "" {
				req.Header.Set("Authorization", "Bearer "+a.token)
			}
			res, err := a.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" || !strings.Contains(string(body), "event: delta\n") ||
				!strings.HasSuffix(string(body), "event: done\ndata: {\"provider\":\"offline\",\"feature\":\"summary\"}\n\n") {
				t.Fatalf("copilot: %d %q", res.StatusCode, body)
			}
		})
	}
}
