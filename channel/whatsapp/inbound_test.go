package whatsapp

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/switchboardhq/switchboard"
)

// TestInboundVoiceAndCards: a voice note is an audio attachment marked as a voice note; a shared
// contact is a structured card with its identities, its text a rendering for previews.
func TestInboundVoiceAndCards(t *testing.T) {
	b, err := Parse([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
	 "metadata":{"phone_number_id":"1"},
	 "messages":[
	  {"from":"5511999990000","id":"wamid.V","timestamp":"1749416440","type":"audio","audio":{"mime_type":"audio/ogg; codecs=opus","sha256":"aa","id":"77","voice":true}},
	  {"from":"5511999990000","id":"wamid.A","timestamp":"1749416441","type":"audio","audio":{"mime_type":"audio/mpeg","sha256":"bb","id":"78"}},
	  {"from":"5511999990000","id":"wamid.C","timestamp":"1749416442","type":"contacts","contacts":[{
	    "name":{"formatted_name":"Bea Lima","first_name":"Bea","last_name":"Lima"},
	    "phones":[{"phone":"(11) 98888-7777","wa_id":"5511988887777","type":"CELL"},{"phone":"+55 11 3333 4444","type":"WORK"}],
	    "emails":[{"email":"Bea@Example.com","type":"WORK"},{"email":"not an address"}],
	    "org":{"company":"Lima Ltda","department":"Sales","title":"Manager"},
	    "addresses":[{"street":"Av. Paulista 1","city":"São Paulo","zip":"01310-100","country":"Brazil","country_code":"BR","type":"WORK"}],
	    "urls":[{"url":"https://lima.example","type":"WORK"}],
	    "birthday":"1990-04-01"},
	   {"name":{"first_name":"Caio"},"phones":[{"phone":"+55 21 97777 6666"}]}]}
	 ]}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	voice, audio, cards := inboundOf(b.Messages[0]), inboundOf(b.Messages[1]), inboundOf(b.Messages[2])
	if voice.Content == nil || !voice.Content.Voice || voice.Attachments[0].Kind != "audio" || voice.Attachments[0].ContentType != "audio/ogg; codecs=opus" {
		t.Errorf("voice note = %+v %+v", voice.Content, voice.Attachments[0])
	}
	if audio.Content != nil && audio.Content.Voice {
		t.Errorf("an audio file is marked as a voice note")
	}
	want := []*switchboard.ContactCard{{
		Name: "Bea Lima", Organization: "Lima Ltda", Department: "Sales", Title: "Manager", Birthday: "1990-04-01",
		Phones: []switchboard.CardField{{Value: "(11) 98888-7777", Type: "CELL", WaID: "5511988887777"}, {Value: "+55 11 3333 4444", Type: "WORK"}},
		Emails: []switchboard.CardField{{Value: "Bea@Example.com", Type: "WORK"}, {Value: "not an address"}},
		Addresses: []switchboard.CardAddress{{Street: "Av. Paulista 1", City: "São Paulo", Zip: "01310-100", Country: "Brazil",
			CountryCode: "BR", Type: "WORK"}},
		URLs: []switchboard.CardField{{Value: "https://lima.example", Type: "WORK"}},
		// The first number has no country code: its WhatsApp id stands for it.
		Identities: []switchboard.IdentityInput{{Kind: "phone", ExternalID: "+5511988887777"}, {Kind: "phone", ExternalID: "+551133334444"},
			{Kind: "email", ExternalID: "bea@example.com"}},
	}, {
		Name: "Caio", Phones: []switchboard.CardField{{Value: "+55 21 97777 6666"}},
		Identities: []switchboard.IdentityInput{{Kind: "phone", ExternalID: "+5521977776666"}},
	}}
	if cards.Content == nil {
		t.Fatal("the contacts message has no content")
	}
	if d := cmp.Diff(want, cards.Content.Contacts); d != "" {
		t.Errorf("cards (-want +got):\n%s", d)
	}
	if cards.Text != "Contact: Bea Lima, Lima Ltda, (11) 98888-7777, +55 11 3333 4444, Bea@Example.com, not an address\nContact: Caio, +55 21 97777 6666" {
		t.Errorf("text = %q", cards.Text)
	}
}
