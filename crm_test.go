package switchboard_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
)

func TestExpandCRMLink(t *testing.T) {
	t.Parallel()
	c := &switchboard.Contact{ID: 42, Name: "Ann O'Neil", Email: "ann+vip@example.com", Phone: "+39 333 1234567",
		Attributes: json.RawMessage(`{"plan":"gold & silver","seats":12,"vip":true,"tags":["a"],"none":null,"path":"../../admin"}`),
		Identities: []*switchboard.Identity{{Kind: switchboard.IdentityAPI, ExternalID: "cus_9/x"}, {Kind: switchboard.IdentityPhone, ExternalID: "+393331234567"}}}
	tests := []struct {
		name, tpl string
		contact   *switchboard.Contact
		want      string
	}{
		{"email in the path", "https://crm.example.com/c/{email}", c, "https://crm.example.com/c/ann+vip@example.com"},
		{"email in the query", "https://crm.example.com/find?q={email}&x=1", c, "https://crm.example.com/find?q=ann%2Bvip%40example.com&x=1"},
		{"id", "http://crm.example.com/c/{id}", c, "http://crm.example.com/c/42"},
		{"name with a space and quote", "https://crm.example.com/c/{name}", c, "https://crm.example.com/c/Ann%20O%27Neil"},
		{"phone in the query", "https://crm.example.com/?phone={phone}", c, "https://crm.example.com/?phone=%2B39+333+1234567"},
		{"external id with a slash stays one segment", "https://crm.example.com/c/{external_id:api}/view", c, "https://crm.example.com/c/cus_9%2Fx/view"},
		{"second external id kind", "https://crm.example.com/p/{external_id:phone}", c, "https://crm.example.com/p/+393331234567"},
		{"string attribute", "https://crm.example.com/p?plan={attributes.plan}", c, "https://crm.example.com/p?plan=gold+%26+silver"},
		{"number attribute", "https://crm.example.com/s/{attributes.seats}", c, "https://crm.example.com/s/12"},
		{"boolean attribute", "https://crm.example.com/s/{attributes.vip}", c, "https://crm.example.com/s/true"},
		{"traversal in an attribute is escaped", "https://crm.example.com/c/{attributes.path}", c, "https://crm.example.com/c/..%2F..%2Fadmin"},
		{"list attribute hides the link", "https://crm.example.com/s/{attributes.tags}", c, ""},
		{"null attribute hides the link", "https://crm.example.com/s/{attributes.none}", c, ""},
		{"missing attribute hides the link", "https://crm.example.com/s/{attributes.nope}", c, ""},
		{"missing external id hides the link", "https://crm.example.com/s/{external_id:telegram}", c, ""},
		{"empty email hides the link", "https://crm.example.com/c/{email}", &switchboard.Contact{ID: 1}, ""},
		{"no placeholder", "https://crm.example.com/", c, "https://crm.example.com/"},
		{"fragment", "https://crm.example.com/#/c/{email}", c, "https://crm.example.com/#/c/ann%2Bvip%40example.com"},
		{"invalid template shows nothing", "javascript:alert({email})", c, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := switchboard.ExpandCRMLink(tt.tpl, tt.contact); got != tt.want {
				t.Errorf("ExpandCRMLink(%q) = %q, want %q", tt.tpl, got, tt.want)
			}
		})
	}
}

// TestExpandCRMLinkInjection checks that no value can change where the link goes: its host, its
// path above the placeholder, or add query parameters.
func TestExpandCRMLinkInjection(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"/../admin", "..", ".", "a?admin=1", "a#frag", "a/b", "x&role=admin", "%2e%2e", "a\nb", "}{id}"} {
		for _, tpl := range []string{"https://crm.example.com/c/{email}", "https://crm.example.com/c?e={email}"} {
			got := switchboard.ExpandCRMLink(tpl, &switchboard.Contact{Email: v})
			if v == "." || v == ".." {
				if got != "" {
					t.Errorf("%q in %q = %q, want no link", v, tpl, got)
				}
				continue
			}
			rest, ok := strings.CutPrefix(got, strings.SplitN(tpl, "{", 2)[0])
			forbidden := "/?#\n{}" // a path segment: & and = are plain characters there
			if strings.Contains(tpl, "?") {
				forbidden += "&="
			}
			if !ok || strings.ContainsAny(rest, forbidden) {
				t.Errorf("%q in %q = %q", v, tpl, got)
			}
		}
	}
}

func TestParseCRMTemplate(t *testing.T) {
	t.Parallel()
	for _, tpl := range []string{"https://crm.example.com/c/{email}", "http://10.0.0.1:8080/x?id={id}&n={name}", "https://crm.example.com/{attributes.account id}"} {
		if err := switchboard.ParseCRMTemplate(tpl); err != nil {
			t.Errorf("%q: %v", tpl, err)
		}
	}
	for tpl, want := range map[string]string{
		"ftp://crm.example.com/{email}":          "http",
		"javascript:alert(1)//{email}":           "http",
		"/c/{email}":                             "http",
		"https://{name}.crm.example.com/":        "host",
		"https://crm.example.com{email}":         "host",
		"https://crm.example.com/{emial}":        "Unknown placeholder",
		"https://crm.example.com/{email":         "not closed",
		"https://crm.example.com/}":              "has no {",
		"https://crm.example.com/{}":             "Unknown placeholder",
		"https://crm.example.com/{external_id:}": "Unknown placeholder",
	} {
		if err := switchboard.ParseCRMTemplate(tpl); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", tpl, err, want)
		}
	}
}

func TestParseCRMAnswer(t *testing.T) {
	t.Parallel()
	fields, link, err := switchboard.ParseCRMAnswer([]byte(`{"fields":[{"label":"Plan","value":"Gold"},{"label":"Invoices","value":"3 open","url":"https://crm.example.com/i"}],"url":"https://crm.example.com/c/1","extra":1}`))
	if err != nil || len(fields) != 2 || fields[1].URL != "https://crm.example.com/i" || link != "https://crm.example.com/c/1" {
		t.Fatalf("good answer = %+v %q %v", fields, link, err)
	}
	many := `{"fields":[` + strings.Repeat(`{"label":"a","value":"b"},`, 30) + `{"label":"a","value":"b"}]}`
	for name, body := range map[string]string{
		"not JSON":          `<html>oops</html>`,
		"a list":            `[]`,
		"null":              `null`,
		"no fields":         `{"url":"https://x.example.com"}`,
		"fields not a list": `{"fields":{"label":"a"}}`,
		"number value":      `{"fields":[{"label":"Seats","value":12}]}`,
		"null value":        `{"fields":[{"label":"Seats","value":null}]}`,
		"missing value":     `{"fields":[{"label":"Seats"}]}`,
		"empty label":       `{"fields":[{"label":" ","value":"x"}]}`,
		"long value":        `{"fields":[{"label":"a","value":"` + strings.Repeat("x", 1001) + `"}]}`,
		"javascript url":    `{"fields":[{"label":"a","value":"b","url":"javascript:alert(1)"}]}`,
		"bad record url":    `{"fields":[],"url":"data:text/html,x"}`,
		"field not object":  `{"fields":["a"]}`,
		"too many":          many,
		"too big":           `{"fields":[],"pad":"` + strings.Repeat("x", 70<<10) + `"}`,
	} {
		if f, _, err := switchboard.ParseCRMAnswer([]byte(body)); err == nil {
			t.Errorf("%s: accepted %+v", name, f)
		}
	}
}
