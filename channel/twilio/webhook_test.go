package twilio

import (
	"net/url"
	"testing"
)

// TestInboundSaysWhatItCannotRead: a file Twilio gives no address for, or a place whose
// coordinates cannot be read, is not left out in silence: the message says something arrived
// that Switchboard cannot show, and keeps the rest.
func TestInboundSaysWhatItCannotRead(t *testing.T) {
	for name, body := range map[string]string{
		"a file without an address":   "MessageSid=SM1&From=%2B393331112222&Body=Here+it+is&NumMedia=2&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm&MediaContentType0=image%2Fjpeg&MediaContentType1=image%2Fpng",
		"a place without coordinates": "MessageSid=SM2&From=%2B393331112222&Body=I+am+here&Latitude=north&Longitude=12.5",
		"a place off the map":         "MessageSid=SM3&From=%2B393331112222&Body=I+am+here&Latitude=91&Longitude=12.5",
	} {
		t.Run(name, func(t *testing.T) {
			p, _ := url.ParseQuery(body)
			in := inboundOf(p)
			if in.Text == "" || in.Content == nil || in.Content.Unsupported == "" || in.Content.Unreadable == "" || in.Validate() != nil {
				t.Errorf("recorded as text %q, content %+v", in.Text, in.Content)
			}
		})
	}
	p, _ := url.ParseQuery("MessageSid=SM4&From=%2B393331112222&Body=Fine&NumMedia=1&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm&MediaContentType0=image%2Fjpeg")
	if in := inboundOf(p); in.Content != nil || len(in.Attachments) != 1 {
		t.Errorf("a readable message: %+v, %d files", in.Content, len(in.Attachments))
	}
}
