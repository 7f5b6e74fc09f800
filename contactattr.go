package switchboard

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AttributeType is the kind of value a contact attribute definition holds.
type AttributeType string

// The attribute types and the JSON value each keeps in a contact's attributes.
const (
	AttrText     AttributeType = "text"     // a string of at most MaxAttributeText characters
	AttrNumber   AttributeType = "number"   // a JSON number
	AttrDate     AttributeType = "date"     // a string YYYY-MM-DD (a day, no time zone)
	AttrList     AttributeType = "list"     // a string, one of the definition's options
	AttrCheckbox AttributeType = "checkbox" // true or false
	AttrLink     AttributeType = "link"     // an http or https URL
)

// AttributeTypes lists every attribute type.
var AttributeTypes = []AttributeType{AttrText, AttrNumber, AttrDate, AttrList, AttrCheckbox, AttrLink}

// MaxAttributeText bounds a text attribute's value (and a link's).
const MaxAttributeText = 1000

// ContactAttribute defines one of the contacts' custom attributes: the key it is kept under in
// Contact.Attributes, how the contact panel labels and renders it, and the type its values must
// have. Keys not defined stay free (API users, the web chat's unverified details) and are shown
// raw. Definitions are listed by Position.
type ContactAttribute struct {
	ID          int64         `json:"id"`
	Key         string        `json:"key"`
	Label       string        `json:"label"`
	Type        AttributeType `json:"type"`
	Options     []string      `json:"options"` // the choices of a list; empty for other types
	Description string        `json:"description"`
	Position    int           `json:"position"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
}

// ContactAttributeInput creates or changes a definition; nil fields are left alone on update.
// Key is set on create only: values are kept under it. Position moves the definition to that
// place in the list (0 is first); a new one goes last unless it says.
type ContactAttributeInput struct {
	Key         *string        `json:"key"`
	Label       *string        `json:"label"`
	Type        *AttributeType `json:"type"`
	Options     *[]string      `json:"options"`
	Description *string        `json:"description"`
	Position    *int           `json:"position"`
}

var attributeKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,49}$`)

// ValidAttributeKey reports whether s may name an attribute in a filter: letters, digits, _
// and -, at most 80 (the keys of definitions are stricter, see ContactAttributeInput.Validate).
func ValidAttributeKey(s string) bool {
	if s == "" || len(s) > 80 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// DefinableAttributeKey reports whether s may be the key of a definition: 1 to 50 lower-case
// letters, digits and _, starting with a letter. Such a key may be written into SQL as it is
// (the store names an index after it and reads values by it; see sqlstore's attrIndexDDL).
func DefinableAttributeKey(s string) bool { return attributeKeyRE.MatchString(s) }

// FilterValue is the value the address-book filter compares contacts' values with, for s as the
// filter gives it: read into the definition's type as a CSV cell is (see FromText: a number, a
// checkbox from true/yes/1, a list's option, a date), since values of a defined key are kept in
// that type. A value that does not fit the type stays the string s, which finds the values
// written before the definition or before its type changed.
func (d *ContactAttribute) FilterValue(s string) any {
	v, err := d.FromText(s)
	if err != nil {
		return s
	}
	return v
}

// Validate checks the fields that are set against the definition they make, cur (nil on create):
// a list needs 1 to 100 distinct options, other types none.
func (in *ContactAttributeInput) Validate(cur *ContactAttribute) error {
	var v Validator
	if cur == nil {
		v.Required(in.Key != nil, "key", "Enter a key.")
		v.Required(in.Label != nil, "label", "Enter a label.")
		v.Required(in.Type != nil, "type", "Choose a type.")
		if in.Key != nil {
			*in.Key = strings.TrimSpace(*in.Key)
			v.Check(attributeKeyRE.MatchString(*in.Key), "key",
				"Use 1 to 50 lower-case letters, digits and _, starting with a letter.")
		}
	} else {
		v.Check(in.Key == nil || *in.Key == cur.Key, "key", "The key cannot change: contacts' values are kept under it.")
	}
	if in.Label != nil {
		*in.Label = strings.TrimSpace(*in.Label)
		v.Length(*in.Label, 100, "label", "Enter a label of at most 100 characters.")
	}
	if in.Type != nil {
		v.Check(slices.Contains(AttributeTypes, *in.Type), "type", "Choose text, number, date, list, checkbox or link.")
	}
	if in.Description != nil {
		*in.Description = strings.TrimSpace(*in.Description)
		v.MaxLength(*in.Description, 500, "description")
	}
	if in.Position != nil {
		v.Check(*in.Position >= 0, "position", "Use 0 or more.")
	}
	typ := AttrText
	if cur != nil {
		typ = cur.Type
	}
	if in.Type != nil {
		typ = *in.Type
	}
	if in.Options != nil {
		opts := make([]string, 0, len(*in.Options))
		ok := true
		for _, o := range *in.Options {
			o = strings.TrimSpace(o)
			ok = ok && o != "" && len(o) <= 100 && !slices.Contains(opts, o)
			opts = append(opts, o)
		}
		*in.Options = opts
		v.Check(ok, "options", "Each option must be 1 to 100 characters and appear once.")
		v.Check(len(opts) <= 100, "options", "Use at most 100 options.")
	}
	if typ == AttrList {
		has := in.Options != nil && len(*in.Options) > 0 || in.Options == nil && cur != nil && len(cur.Options) > 0
		v.Check(has, "options", "A list needs at least one option.")
	} else {
		v.Check(in.Options == nil || len(*in.Options) == 0, "options", "Only a list has options.")
	}
	return v.Err()
}

// CheckValue reports why raw, a JSON value, is not a value of the definition's type, or "".
func (d *ContactAttribute) CheckValue(raw json.RawMessage) string {
	var s string
	isString := json.Unmarshal(raw, &s) == nil && bytes.HasPrefix(bytes.TrimSpace(raw), []byte(`"`))
	switch d.Type {
	case AttrNumber:
		var f json.Number
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&f) != nil || isString {
			return "Enter a number."
		}
	case AttrCheckbox:
		var b bool
		if json.Unmarshal(raw, &b) != nil || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			return "Use true or false."
		}
	case AttrDate:
		if _, err := time.Parse(time.DateOnly, s); !isString || err != nil {
			return "Enter a date as YYYY-MM-DD."
		}
	case AttrList:
		if !isString || !slices.Contains(d.Options, s) {
			return "Choose one of: " + strings.Join(d.Options, ", ") + "."
		}
	case AttrLink:
		if !isString || !validLink(s) {
			return "Enter a link starting with http:// or https://."
		}
	default:
		if !isString || len(s) > MaxAttributeText {
			return fmt.Sprintf("Enter text of at most %d characters.", MaxAttributeText)
		}
	}
	return ""
}

func validLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(s) <= MaxAttributeText
}

// FromText reads a value as a CSV cell writes it into the definition's type: a number, a
// checkbox (true/false, yes/no, 1/0), or a string that must pass CheckValue.
func (d *ContactAttribute) FromText(s string) (any, error) {
	var out any = s
	switch d.Type {
	case AttrNumber:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, Errorf(EINVALID, "%s: %q is not a number", d.Key, s)
		}
		out = f
	case AttrCheckbox:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "yes", "1", "y", "x":
			out = true
		case "false", "no", "0", "n", "":
			out = false
		default:
			return nil, Errorf(EINVALID, "%s: %q is not true or false", d.Key, s)
		}
	}
	raw, _ := json.Marshal(out)
	if msg := d.CheckValue(raw); msg != "" {
		return nil, Errorf(EINVALID, "%s: %q: %s", d.Key, s, msg)
	}
	return out, nil
}

// CheckContactAttributes checks the values of attrs, a JSON object, whose keys have a
// definition in defs, against its type, except those equal to their value in old (nil on
// create): a value kept as it was is not written again, so a definition made or changed since
// does not stop the contact's other changes. Keys not defined pass. The problems are field
// errors named attributes.KEY.
func CheckContactAttributes(defs []*ContactAttribute, attrs, old json.RawMessage) error {
	if len(attrs) == 0 || len(defs) == 0 {
		return nil
	}
	var obj, was map[string]json.RawMessage
	if err := json.Unmarshal(attrs, &obj); err != nil {
		return nil // the caller's Validate refuses what is not an object
	}
	_ = json.Unmarshal(old, &was)
	var v Validator
	for _, d := range defs {
		raw, ok := obj[d.Key]
		if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		if prev, ok := was[d.Key]; ok && jsonEqual(prev, raw) {
			continue
		}
		if msg := d.CheckValue(raw); msg != "" {
			v.Check(false, "attributes."+d.Key, msg)
		}
	}
	return v.Err()
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y bytes.Buffer
	return json.Compact(&x, a) == nil && json.Compact(&y, b) == nil && bytes.Equal(x.Bytes(), y.Bytes())
}

// ContactAttributeService keeps the definitions of contacts' custom attributes. Every agent
// reads them (the contact panel renders values by them); admins create, change, reorder and
// delete them. Deleting a definition leaves contacts' values as they are, undefined: they show
// raw, and a definition made again with the key gives them back their label.
type ContactAttributeService interface {
	FindContactAttributes(ctx context.Context) ([]*ContactAttribute, error)
	CreateContactAttribute(ctx context.Context, in *ContactAttributeInput) (*ContactAttribute, error)
	UpdateContactAttribute(ctx context.Context, id int64, in *ContactAttributeInput) (*ContactAttribute, error)
	DeleteContactAttribute(ctx context.Context, id int64) error
}
