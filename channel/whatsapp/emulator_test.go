package whatsapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/whatsapp"
	waemu "github.com/switchboardhq/switchboard/emulator/whatsapp"
)

// TestSendTimeout: an answer slower than the client's timeout leaves the send unconfirmed and
// final (it reached WhatsApp, so repeating it would deliver it twice), while the emulator has it.
func TestSendTimeout(t *testing.T) {
	emu := waemu.New("106540352242922", "tok", "secret")
	srv := httptest.NewServer(emu)
	defer srv.Close()
	emu.SlowDelay = 2 * time.Second // far past the client's timeout, however loaded the machine
	emu.Inject(waemu.Slow)
	c := &whatsapp.Connector{Client: &http.Client{Timeout: 100 * time.Millisecond}}
	settings, _ := json.Marshal(map[string]string{"phone_number_id": emu.PhoneNumberID, "api_base_url": srv.URL})
	// The customer wrote first, so the window is open at the emulator.
	emu.Customer("Ana", "5511999990000", map[string]any{"id": "wamid.1", "type": "text", "text": map[string]any{"body": "hi"}})
	_, err := c.Send(context.Background(), &switchboard.Outbound{
		Inbox:   &switchboard.Inbox{ID: 1, Kind: switchboard.ChannelWhatsApp, Settings: settings},
		Secrets: map[string]string{whatsapp.SecretAccessToken: "tok"}, To: "+5511999990000",
		Message: &switchboard.Message{ID: 9, Direction: switchboard.DirectionOutgoing, Kind: switchboard.KindText, Text: "Hello"}})
	var se *switchboard.SendError
	if !errors.As(err, &se) || se.Code != switchboard.SendUnconfirmed || se.Retryable {
		t.Fatalf("a send past its timeout: %v, want final unconfirmed", err)
	}
	// The emulator takes the message once its slow answer is written.
	for deadline := time.Now().Add(15 * time.Second); len(emu.Sent()) == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(emu.Sent()); n != 1 || emu.Sent()[0].Callback != "sb:9" {
		t.Errorf("the emulator took %d messages", n)
	}
}
