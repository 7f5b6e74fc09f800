package switchboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// CRMSettings link contacts to the company's own customer records: a link template the contact
// panel turns into an "Open in CRM" link, and an optional lookup endpoint that is asked, signed
// like outgoing webhooks, for a few fields about the contact. There is one per workspace. The
// lookup's secret is write-only: SecretSet says whether there is one.
type CRMSettings struct {
	// LinkTemplate is an http or https URL with placeholders (see ExpandCRMLink); "" shows no
	// link.
	LinkTemplate string `json:"link_template"`
	// LinkLabel names the link in the panel; "" means the UI's "Open in CRM".
	LinkLabel string `json:"link_label"`
	// LookupURL receives the signed lookup requests; "" turns the lookup off.
	LookupURL string `json:"lookup_url"`
	SecretSet bool   `json:"secret_set"`
	// LastError and LastErrorAt describe the newest failed lookup, for the admin who set the
	// endpoint up; LastSuccessAt says when one last worked. Saving the settings clears them.
	LastError     string     `json:"last_error"`
	LastErrorAt   *time.Time `json:"last_error_at"`
	LastSuccessAt *time.Time `json:"last_success_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// The limits of the CRM settings and of a lookup's answer.
const (
	MaxCRMTemplateLength = 2000
	MaxCRMLabelLength    = 60
	MaxCRMSecretLength   = 200
	MinCRMSecretLength   = 16
	// MaxCRMAnswerBytes bounds the body a lookup endpoint may answer.
	MaxCRMAnswerBytes = 64 << 10
	MaxCRMFields      = 30
	MaxCRMFieldLabel  = 100
	MaxCRMFieldValue  = 1000
)

// CRMSettingsInput changes the CRM settings; nil fields stay as they are. Secret set to ""
// removes the secret (and so needs the lookup turned off too).
type CRMSettingsInput struct {
	LinkTemplate *string `json:"link_template"`
	LinkLabel    *string `json:"link_label"`
	LookupURL    *string `json:"lookup_url"`
	Secret       *string `json:"secret"`
}

// Validate normalises and checks the fields that are set against the current settings cur: a lookup URL needs one, saved before or with it.
func (in *CRMSettingsInput) Validate(cur *CRMSettings) error {
	var v Validator
	if in.LinkTemplate != nil {
		*in.LinkTemplate = strings.TrimSpace(*in.LinkTemplate)
		if *in.LinkTemplate != "" {
			if err := ParseCRMTemplate(*in.LinkTemplate); err != nil {
				v.Check(false, "link_template", err.Error())
			}
		}
	}
	if in.LinkLabel != nil {
		*in.LinkLabel = strings.TrimSpace(*in.LinkLabel)
		v.MaxLength(*in.LinkLabel, MaxCRMLabelLength, "link_label")
	}
	lookup, secret := cur.LookupURL, cur.SecretSet
	if in.LookupURL != nil {
		*in.LookupURL = strings.TrimSpace(*in.LookupURL)
		lookup = *in.LookupURL
		v.Check(lookup == "" || validWebhookURL(lookup), "lookup_url",
			fmt.Sprintf("Enter an absolute http:// or https:// URL of at most %d characters.", MaxWebhookURLLength))
	}
	if in.Secret != nil {
		secret = *in.Secret != ""
		v.Check(*in.Secret == "" || (len(*in.Secret) >= MinCRMSecretLength && len(*in.Secret) <= MaxCRMSecretLength), "secret",
			fmt.Sprintf("Use from %d to %d characters.", MinCRMSecretLength, MaxCRMSecretLength))
	}
	if lookup != "" && !secret {
		v.Required(false, "secret", "Enter the secret the lookup requests are signed with.")
	}
	return v.Err()
}

// CRMService keeps the workspace's CRM settings. Admins read and change them; the lookup reads
// the secret and records outcomes as the system.
type CRMService interface {
	// FindCRMSettings returns the settings (admins only); never the secret.
	FindCRMSettings(ctx context.Context) (*CRMSettings, error)
	// SetCRMSettings changes them (admins only) and clears the recorded outcomes.
	SetCRMSettings(ctx context.Context, in *CRMSettingsInput) (*CRMSettings, error)
	// CRMConfig returns the settings with the secret in clear (system only).
	CRMConfig(ctx context.Context) (*CRMSettings, string, error)
	// RecordCRMLookup records a lookup's outcome: errText "" for a success (system only).
	RecordCRMLookup(ctx context.Context, errText string) error
}

// CRMLink is the contact panel's link to the customer record; URL "" shows none.
type CRMLink struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// CRMPanel is what the contact panel shows of the CRM without calling it: the link, and
// whether a lookup may be asked for.
type CRMPanel struct {
	Link   *CRMLink `json:"link"`
	Lookup bool     `json:"lookup"`
}

// CRMField is one line a lookup answered: a label, a value, and an optional http(s) link.
type CRMField struct {
	Label string `json:"label"`
	Value string `json:"value"`
	URL   string `json:"url,omitempty"`
}

// CRMLookupResult is a lookup's outcome as the panel shows it: the fields and record URL the
// endpoint answered, or Error (a sentence for agents) with no fields. FetchedAt is when the
// endpoint was asked; Cached says the answer was kept from then.
type CRMLookupResult struct {
	Fields    []CRMField `json:"fields"`
	URL       string     `json:"url,omitempty"`
	Error     string     `json:"error,omitempty"`
	FetchedAt time.Time  `json:"fetched_at"`
	Cached    bool       `json:"cached"`
}

// CRMLookupRequest is the body POSTed to the lookup endpoint.
type CRMLookupRequest struct {
	Contact CRMContact `json:"contact"`
}

// CRMContact is the contact as a lookup request describes it.
type CRMContact struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	Email      string          `json:"email"`
	Phone      string          `json:"phone"`
	Identities []CRMIdentity   `json:"identities"`
	Attributes json.RawMessage `json:"attributes"`
}

// CRMIdentity is one of a contact's addresses in a lookup request.
type CRMIdentity struct {
	Kind       IdentityKind `json:"kind"`
	ExternalID string       `json:"external_id"`
}

// NewCRMLookupRequest describes c for the lookup endpoint.
func NewCRMLookupRequest(c *Contact) *CRMLookupRequest {
	out := &CRMLookupRequest{Contact: CRMContact{ID: c.ID, Name: c.Name, Email: c.Email, Phone: c.Phone,
		Identities: []CRMIdentity{}, Attributes: c.Attributes}}
	if len(out.Contact.Attributes) == 0 {
		out.Contact.Attributes = json.RawMessage("{}")
	}
	for _, i := range c.Identities {
		out.Contact.Identities = append(out.Contact.Identities, CRMIdentity{Kind: i.Kind, ExternalID: i.ExternalID})
	}
	return out
}

// ParseCRMAnswer checks a lookup endpoint's answer strictly: a JSON object whose fields is a
// list of at most MaxCRMFields objects with string label (1 to MaxCRMFieldLabel characters),
// string value (at most MaxCRMFieldValue) and optional string url (http or https), and whose
// optional url is an http or https URL. Other keys are ignored. The error is a sentence for the
// admin.
func ParseCRMAnswer(body []byte) ([]CRMField, string, error) {
	if len(body) > MaxCRMAnswerBytes {
		return nil, "", fmt.Errorf("The answer is larger than %d bytes.", MaxCRMAnswerBytes)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return nil, "", errors.New("The answer is not a JSON object.")
	}
	var link string
	if raw, ok := top["url"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &link); err != nil || !validWebhookURL(link) {
			return nil, "", errors.New("url must be an http or https URL.")
		}
	}
	var items []map[string]json.RawMessage
	raw, ok := top["fields"]
	if !ok {
		return nil, "", errors.New("The answer has no fields list.")
	}
	if err := json.Unmarshal(raw, &items); err != nil || items == nil {
		return nil, "", errors.New("fields must be a list of objects.")
	}
	if len(items) > MaxCRMFields {
		return nil, "", fmt.Errorf("fields has %d entries; at most %d are shown.", len(items), MaxCRMFields)
	}
	fields := make([]CRMField, 0, len(items))
	for n, it := range items {
		var f CRMField
		str := func(key string, dst *string, required bool, max int) error {
			raw, ok := it[key]
			if !ok && !required {
				return nil
			}
			if !ok || len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, dst) != nil {
				return fmt.Errorf("fields[%d].%s must be a string.", n, key)
			}
			if len(*dst) > max || (required && key == "label" && strings.TrimSpace(*dst) == "") {
				return fmt.Errorf("fields[%d].%s must have 1 to %d characters.", n, key, max)
			}
			return nil
		}
		if it == nil {
			return nil, "", fmt.Errorf("fields[%d] must be an object.", n)
		}
		if err := str("label", &f.Label, true, MaxCRMFieldLabel); err != nil {
			return nil, "", err
		}
		if err := str("value", &f.Value, true, MaxCRMFieldValue); err != nil {
			return nil, "", err
		}
		if err := str("url", &f.URL, false, MaxWebhookURLLength); err != nil {
			return nil, "", err
		}
		if f.URL != "" && !validWebhookURL(f.URL) {
			return nil, "", fmt.Errorf("fields[%d].url must be an http or https URL.", n)
		}
		fields = append(fields, f)
	}
	return fields, link, nil
}

// crmPart is a piece of a parsed template: literal text, or a placeholder with the part of the
// URL it stands in.
type crmPart struct {
	text        string // the literal, or the placeholder's name ("email", "external_id:api", "attributes.plan")
	placeholder bool
	inQuery     bool // after the '?' (and before a '#'): escaped as a query value
}

// parseCRMTemplate splits a template into literals and placeholders, checking that it is an
// http(s) URL with a host that no placeholder is part of, and that every placeholder is known.
func parseCRMTemplate(tpl string) ([]crmPart, error) {
	if len(tpl) > MaxCRMTemplateLength {
		return nil, fmt.Errorf("Use at most %d characters.", MaxCRMTemplateLength)
	}
	var parts []crmPart
	query := false
	rest := tpl
	for rest != "" {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			parts = append(parts, crmPart{text: rest})
			break
		}
		if rest[i] == '}' {
			return nil, errors.New("A } has no {.")
		}
		if i > 0 {
			parts = append(parts, crmPart{text: rest[:i]})
		}
		for _, p := range parts {
			if !p.placeholder && strings.ContainsAny(p.text, "?#") {
				query = true
			}
		}
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			return nil, errors.New("A { is not closed.")
		}
		name := rest[i+1 : i+end]
		if !validCRMPlaceholder(name) {
			return nil, fmt.Errorf("Unknown placeholder {%s}: use {id}, {email}, {phone}, {name}, {external_id:KIND} or {attributes.KEY}.", name)
		}
		parts = append(parts, crmPart{text: name, placeholder: true, inQuery: query})
		rest = rest[i+end+1:]
	}
	// The scheme and host come before any placeholder: a value never decides where the link goes.
	prefix := ""
	for _, p := range parts {
		if p.placeholder {
			break
		}
		prefix += p.text
	}
	u, err := url.Parse(prefix)
	scheme := ""
	if err == nil {
		scheme = strings.ToLower(u.Scheme)
	}
	if err != nil || (scheme != "http" && scheme != "https") || u.Host == "" || u.Opaque != "" {
		return nil, errors.New("Start with http:// or https:// and the host name.")
	}
	_, afterScheme, _ := strings.Cut(prefix, "://")
	if prefix != tpl && !strings.ContainsAny(afterScheme, "/?#") {
		return nil, errors.New("Placeholders may not be part of the host name: put them after the first /.")
	}
	return parts, nil
}

// validCRMPlaceholder reports whether name is a known placeholder.
func validCRMPlaceholder(name string) bool {
	switch name {
	case "id", "email", "phone", "name":
		return true
	}
	if kind, ok := strings.CutPrefix(name, "external_id:"); ok {
		return kind != "" && len(kind) <= 40 && !strings.ContainsAny(kind, "{} ")
	}
	if key, ok := strings.CutPrefix(name, "attributes."); ok {
		return key != "" && len(key) <= 100 && !strings.ContainsAny(key, "{}")
	}
	return false
}

// ParseCRMTemplate checks a link template; its error is a sentence for the admin.
func ParseCRMTemplate(tpl string) error {
	_, err := parseCRMTemplate(tpl)
	return err
}

// ExpandCRMLink fills a link template with a contact's values, each escaped for where it
// stands (a path segment before the '?', a query value after it), so a value can add no path
// segment, query parameter or fragment of its own. It answers "" when a placeholder's value is
// empty, or only dots (which a browser would read as "this folder" or "the folder above"), or
// the template is invalid: no link rather than a broken one.
func ExpandCRMLink(tpl string, c *Contact) string {
	parts, err := parseCRMTemplate(tpl)
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, p := range parts {
		if !p.placeholder {
			b.WriteString(p.text)
			continue
		}
		v := crmValue(p.text, c)
		if strings.Trim(v, ".") == "" {
			return ""
		}
		if p.inQuery {
			b.WriteString(url.QueryEscape(v))
		} else {
			b.WriteString(url.PathEscape(v))
		}
	}
	return b.String()
}

// crmValue is a placeholder's value for a contact: "" when it has none.
func crmValue(name string, c *Contact) string {
	switch name {
	case "id":
		return strconv.FormatInt(c.ID, 10)
	case "email":
		return c.Email
	case "phone":
		return c.Phone
	case "name":
		return c.Name
	}
	if kind, ok := strings.CutPrefix(name, "external_id:"); ok {
		for _, i := range c.Identities {
			if string(i.Kind) == kind {
				return i.ExternalID
			}
		}
		return ""
	}
	key, _ := strings.CutPrefix(name, "attributes.")
	var attrs map[string]json.RawMessage
	if json.Unmarshal(c.Attributes, &attrs) != nil {
		return ""
	}
	raw := attrs[key]
	var s string
	switch {
	case len(raw) == 0:
		return ""
	case raw[0] == '"':
		_ = json.Unmarshal(raw, &s)
		return strings.TrimSpace(s)
	case raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9'), string(raw) == "true", string(raw) == "false":
		return string(raw)
	}
	return "" // null, a list, an object
}

// CRMLookupService is what the contact panel asks of the CRM, for a contact the actor sees
// (others are ENOTFOUND).
type CRMLookupService interface {
	// CRMPanel computes the contact's link and says whether a lookup is set up, without calling
	// the CRM.
	CRMPanel(ctx context.Context, contactID int64) (*CRMPanel, error)
	// LookupContact asks the lookup endpoint about the contact, or answers what it answered a
	// few minutes ago. refresh skips a kept answer, but not the per-contact rate limit: within
	// it the newest outcome is answered again. A failed lookup answers a result whose Error
	// says why; the error return is for the request itself (not found, no lookup set up).
	LookupContact(ctx context.Context, contactID int64, refresh bool) (*CRMLookupResult, error)
	// TestCRMLookup runs a lookup of the contact now, whatever was kept (admins only).
	TestCRMLookup(ctx context.Context, contactID int64) (*CRMLookupResult, error)
}
