package channel_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel/apichannel"
	"github.com/switchboardhq/switchboard/channel/channeltest"
	"github.com/switchboardhq/switchboard/channel/email"
	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/channel/messenger"
	"github.com/switchboardhq/switchboard/channel/twilio"
	"github.com/switchboardhq/switchboard/channel/whatsapp"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// TestContracts runs the connector contract on every connector Switchboard ships.
func TestContracts(t *testing.T) {
	const account = "AC00000000000000000000000000000001"
	twilioWebhook := func(from string) func(string) *switchboard.ProviderRequest {
		return func(hook string) *switchboard.ProviderRequest {
			form := url.Values{"MessageSid": {"SM00000000000000000000000000000009"}, "AccountSid": {account}, "From": {from},
				"To": {"+15550001111"}, "Body": {"Hello"}, "NumMedia": {"0"}, "SmsStatus": {"received"}}
			u, _ := url.Parse(hook)
			return &switchboard.ProviderRequest{Method: "POST", URL: u, Body: []byte(form.Encode()),
				Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, twilio.SignatureHeader: {twilio.Sign("tok", hook, form)}}}
		}
	}
	// The providers' stand-ins listen on loopback, which only an explicit allowance reaches.
	loopback, err := egress.Parse("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	client := loopback.ClientFollowingRedirects(5 * time.Second)
	twilioSettings := func(base string) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"provider":"twilio","account_sid":%q,"from":"+15550001111","api_base_url":%q}`, account, base))
	}
	for name, c := range map[string]channeltest.Contract{
		"whatsapp cloud": {
			Connector: &whatsapp.Connector{Client: client},
			Settings: func(base string) json.RawMessage {
				return json.RawMessage(fmt.Sprintf(`{"phone_number_id":"106540352242922","api_base_url":%q}`, base))
			},
			Secrets: map[string]string{whatsapp.SecretAccessToken: "tok", whatsapp.SecretAppSecret: "test_app_secret"},
			Webhook: func(hook string) *switchboard.ProviderRequest {
				body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},` +
					`"contacts":[{"profile":{"name":"Ana"},"wa_id":"5511999990000"}],"messages":[{"from":"5511999990000","id":"wamid.X","timestamp":"1749416383","type":"text","text":{"body":"hi"}}]}}]}]}`)
				u, _ := url.Parse(hook)
				return &switchboard.ProviderRequest{Method: "POST", URL: u, Body: body,
					Header: http.Header{"Content-Type": {"application/json"}, whatsapp.SignatureHeader: {whatsapp.Sign("test_app_secret", body)}}}
			},
			HTTPSends: true,
			Refusal: func() (int, string) {
				return 400, `{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026,"fbtrace_id":"x"}}`
			},
		},
		"messenger": {
			Connector: &messenger.Connector{Client: client},
			Settings: func(base string) json.RawMessage {
				return json.RawMessage(fmt.Sprintf(`{"page_id":"108000111222333","api_base_url":%q}`, base))
			},
			Secrets: map[string]string{messenger.SecretAccessToken: "tok", messenger.SecretAppSecret: "page_app_secret"},
			Webhook: func(hook string) *switchboard.ProviderRequest {
				body := []byte(`{"object":"page","entry":[{"id":"108000111222333","time":1718000000000,"messaging":[{"sender":{"id":"7001"},` +
					`"recipient":{"id":"108000111222333"},"timestamp":1718000000000,"message":{"mid":"m_X","text":"hi"}}]}]}`)
				s256, s1 := messenger.Sign("page_app_secret", body)
				u, _ := url.Parse(hook)
				return &switchboard.ProviderRequest{Method: "POST", URL: u, Body: body, Header: http.Header{"Content-Type": {"application/json"},
					messenger.SignatureHeader: {s256}, messenger.LegacySignatureHeader: {s1}}}
			},
			HTTPSends: true,
			Refusal: func() (int, string) {
				return 400, `{"error":{"message":"No matching user found","type":"OAuthException","code":100,"error_subcode":2018001,"fbtrace_id":"x"}}`
			},
		},
		"instagram": {
			Connector: &instagram.Connector{Connector: messenger.Connector{Client: client}},
			Settings: func(base string) json.RawMessage {
				return json.RawMessage(fmt.Sprintf(`{"account_id":"17841400000000001","api_base_url":%q}`, base))
			},
			Secrets: map[string]string{instagram.SecretAccessToken: "tok", instagram.SecretAppSecret: "ig_app_secret"},
			Webhook: func(hook string) *switchboard.ProviderRequest {
				body := []byte(`{"object":"instagram","entry":[{"id":"17841400000000001","time":1718000000000,"messaging":[{"sender":{"id":"6001"},` +
					`"recipient":{"id":"17841400000000001"},"timestamp":1718000000000,"message":{"mid":"ig_X","text":"hi"}}]}]}`)
				s256, _ := messenger.Sign("ig_app_secret", body)
				u, _ := url.Parse(hook)
				return &switchboard.ProviderRequest{Method: "POST", URL: u, Body: body, Header: http.Header{messenger.SignatureHeader: {s256}}}
			},
			HTTPSends: true,
			Refusal: func() (int, string) {
				return 400, `{"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException","code":10,"error_subcode":2018278}}`
			},
		},
		"twilio sms": {Connector: &twilio.Connector{Channel: switchboard.ChannelSMS, Client: client}, Settings: twilioSettings, HTTPSends: true,
			Secrets: map[string]string{twilio.SecretAuthToken: "tok"}, Webhook: twilioWebhook("+15550002222"),
			Refusal: func() (int, string) { return 400, `{"code":21211,"message":"Invalid 'To' Phone Number","status":400}` }},
		"twilio whatsapp": {Connector: &twilio.Connector{Channel: switchboard.ChannelWhatsApp, Client: client}, Settings: twilioSettings, HTTPSends: true,
			Secrets: map[string]string{twilio.SecretAuthToken: "tok"}, Webhook: twilioWebhook("whatsapp:+5511999990000"),
			Refusal: func() (int, string) { return 400, `{"code":63016,"message":"Outside the allowed window","status":400}` }},
		"email": {Connector: &email.Connector{}, Settings: func(string) json.RawMessage {
			return json.RawMessage(`{"address":"support@shop.test","imap_host":"imap.shop.test","smtp_host":"smtp.shop.test"}`)
		}},
		"api": {Connector: &apichannel.Connector{Client: loopback.Client(5 * time.Second)}, Idempotent: true, HTTPSends: true,
			Settings: func(base string) json.RawMessage {
				return json.RawMessage(fmt.Sprintf(`{"outbound_url":%q}`, strings.TrimSuffix(base, "/")+"/hook"))
			},
			Refusal: func() (int, string) { return 422, `{"error":"unknown customer"}` }},
	} {
		t.Run(name, func(t *testing.T) { channeltest.Run(t, c) })
	}
}
