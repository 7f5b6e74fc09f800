package switchboard

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"time"
)

// IdentityKind names the kind of address a contact is reached at.
type IdentityKind string

// The identity kinds. A phone number (E.164) serves WhatsApp, SMS and RCS alike, so one person
// writing on all three has one identity and one history.
const (
	IdentityPhone     IdentityKind = "phone"
	IdentityEmail     IdentityKind = "email"
	IdentityMessenger IdentityKind = "messenger" // page-scoped id (PSID)
	IdentityInstagram IdentityKind = "instagram" // Instagram-scoped id
	IdentityTelegram  IdentityKind = "telegram"
	IdentityWeb       IdentityKind = "web" // website-chat visitor
	IdentityAPI       IdentityKind = "api" // an external system's id for the person
)

// IdentityKinds lists every identity kind.
var IdentityKinds = []IdentityKind{IdentityPhone, IdentityEmail, IdentityMessenger, IdentityInstagram,
	IdentityTelegram, IdentityWeb, IdentityAPI}

// Valid reports whether k is a known kind.
func (k IdentityKind) Valid() bool {
	for _, c := range IdentityKinds {
		if c == k {
			return true
		}
	}
	return false
}

// IdentityKindFor returns the identity kind that channel kind k addresses customers by.
func IdentityKindFor(k ChannelKind) IdentityKind {
	switch k {
	case ChannelWhatsApp, ChannelSMS, ChannelRCS:
		return IdentityPhone
	case ChannelEmail:
		return IdentityEmail
	case ChannelMessenger:
		return IdentityMessenger
	case ChannelInstagram:
		return IdentityInstagram
	case ChannelTelegram:
		return IdentityTelegram
	case ChannelWebChat:
		return IdentityWeb
	default:
		return IdentityAPI
	}
}

// Identity is one address of a contact on one channel. (Kind, ExternalID) is unique: an address
// belongs to one contact.
type Identity struct {
	ID         int64        `json:"id"`
	ContactID  int64        `json:"contact_id"`
	Kind       IdentityKind `json:"kind"`
	ExternalID string       `json:"external_id"`
	CreatedAt  time.Time    `json:"created_at"`
	// OptedOutAt is when the customer opted out, from this address, of messages on the channels
	// whose carriers honour opt-out keywords (SMS: they texted STOP): nothing is sent to it there
	// until they opt back in (START). nil when they did not, or opted back in.
	OptedOutAt *time.Time `json:"opted_out_at"`
}

// NormalizeIdentity canonicalises an external id so the same address always compares equal:
// phone numbers to E.164 (+ and digits), emails to lower case.
func NormalizeIdentity(kind IdentityKind, id string) (string, error) {
	id = strings.TrimSpace(id)
	switch kind {
	case IdentityPhone:
		return NormalizePhone(id)
	case IdentityEmail:
		id = strings.ToLower(id)
		if !validEmail(id) {
			return "", &Error{Code: EINVALID, Message: "Invalid email address.", Fields: map[string]string{"external_id": "Enter a valid email address."}}
		}
	}
	if id == "" || len(id) > 320 {
		return "", &Error{Code: EINVALID, Message: "Invalid identity.", Fields: map[string]string{"external_id": "Enter 1 to 320 characters."}}
	}
	return id, nil
}

// NormalizePhone turns a phone number as providers and people write it ("+39 333 123 4567",
// "whatsapp:+393331234567", "00393331234567", "393331234567") into E.164 ("+393331234567").
// A number must carry its country code: there is no default region.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, p := range []string{"whatsapp:", "tel:", "sms:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
		}
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", &Error{Code: EINVALID, Message: "Invalid phone number.", Fields: map[string]string{"phone": "Use digits with the country code, like +39 333 123 4567."}}
		}
	}
	digits := strings.TrimPrefix(b.String(), "00")
	if len(digits) < 7 || len(digits) > 15 || digits[0] == '0' {
		return "", &Error{Code: EINVALID, Message: "Invalid phone number.", Fields: map[string]string{"phone": "Use 7 to 15 digits with the country code, like +39 333 123 4567."}}
	}
	return "+" + digits, nil
}

// Contact is a customer. Email and phone are the contact's preferred details; Identities are
// every address the contact has written from or can be reached at.
type Contact struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	Email      string          `json:"email"`
	Phone      string          `json:"phone"`
	AvatarURL  string          `json:"avatar_url"`
	Language   string          `json:"language"`
	Attributes json.RawMessage `json:"attributes"`
	Blocked    bool            `json:"blocked"`
	Identities []*Identity     `json:"identities"`
	Labels     []string        `json:"labels"`
	// LastSeenAt is when the contact last wrote, nil if never.
	LastSeenAt *time.Time `json:"last_seen_at"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// DisplayName is what the inbox shows for the contact: the name, or else "Unknown".
func (c *Contact) DisplayName() string {
	if c.Name != "" {
		return c.Name
	}
	return "Unknown"
}

// ContactInput creates or changes a contact; nil fields are left alone on update. Identities is
// used only on create.
type ContactInput struct {
	Name       *string         `json:"name"`
	Email      *string         `json:"email"`
	Phone      *string         `json:"phone"`
	AvatarURL  *string         `json:"avatar_url"`
	Language   *string         `json:"language"`
	Attributes json.RawMessage `json:"attributes"`
	Blocked    *bool           `json:"blocked"`
	Identities []IdentityInput `json:"identities"`
	// Labels, when set, replaces the contact's labels; each must exist (POST /api/v1/labels).
	Labels *[]string `json:"labels"`
}

// Validate normalises and checks the fields that are set.
func (in *ContactInput) Validate() error {
	var v Validator
	if in.Labels != nil {
		v.Check(len(*in.Labels) <= 50, "labels", "Use at most 50 labels.")
	}
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		v.MaxLength(*in.Name, 200, "name")
	}
	if in.Email != nil && *in.Email != "" {
		*in.Email = strings.ToLower(strings.TrimSpace(*in.Email))
		v.CheckCode(validEmail(*in.Email), "email", FieldCode{Code: FieldEmail}, "Enter a valid email address.")
	}
	if in.Phone != nil && *in.Phone != "" {
		p, err := NormalizePhone(*in.Phone)
		v.Check(err == nil, "phone", "Use digits with the country code, like +39 333 123 4567.")
		if err == nil {
			*in.Phone = p
		}
	}
	if in.AvatarURL != nil {
		v.MaxLength(*in.AvatarURL, 2000, "avatar_url")
	}
	if in.Language != nil {
		v.Check(len(*in.Language) <= 20, "language", "Use a language tag like en or pt-BR.")
	}
	if len(in.Attributes) > 0 {
		var obj map[string]json.RawMessage
		v.Check(json.Unmarshal(in.Attributes, &obj) == nil && obj != nil, "attributes", "Attributes must be a JSON object.")
		v.Check(len(in.Attributes) <= 16<<10, "attributes", "Attributes may have at most 16 KiB.")
	}
	for i := range in.Identities {
		if err := in.Identities[i].Validate(); err != nil {
			v.Check(false, "identities", ErrorMessage(err))
		}
	}
	return v.Err()
}

// IdentityInput adds an identity to a contact.
type IdentityInput struct {
	Kind       IdentityKind `json:"kind"`
	ExternalID string       `json:"external_id"`
}

// Validate checks the kind and normalises the external id.
func (in *IdentityInput) Validate() error {
	if !in.Kind.Valid() {
		return &Error{Code: EINVALID, Message: "Unknown identity kind.", Fields: map[string]string{"kind": "Unknown identity kind."}}
	}
	id, err := NormalizeIdentity(in.Kind, in.ExternalID)
	if err != nil {
		return err
	}
	in.ExternalID = id
	return nil
}

// ContactFilter selects contacts for the address book, in Sort's order (newest first by
// default), with a keyset cursor.
type ContactFilter struct {
	Query string // matches words of the name, email or phone (the last one a prefix), or a handle exactly
	// Channel keeps the contacts with an address of that kind (phone, email, telegram…).
	Channel IdentityKind
	Label   string // keeps the contacts with this label
	Blocked *bool  // keeps blocked (true) or not blocked (false) contacts
	// SeenAfter and SeenBefore keep the contacts who last wrote in that window (zero: no bound).
	SeenAfter, SeenBefore time.Time
	Sort                  ContactSort
	// IdentityKind and Identity, together, keep the contact with that address (in any notation
	// NormalizeIdentity reads): whose a shared contact card's number is.
	IdentityKind IdentityKind
	Identity     string
	// Attr keeps the contacts with that attribute set; with AttrValue, set to that value (see
	// ContactAttributeFilter).
	Attr, AttrValue string
	Cursor          string
	Limit           int
}

// Validate normalises the identity the filter names, if any.
func (f *ContactFilter) Validate() error {
	var v Validator
	v.Check(f.Sort == "" || f.Sort == SortCreated || f.Sort == SortName || f.Sort == SortLastSeen, "sort", "Sort by created, name or last_seen.")
	v.Check(f.Channel == "" || f.Channel.Valid(), "channel", "Name an address kind: phone, email, …")
	v.Check(f.Attr == "" || ValidAttributeKey(f.Attr), "attr", "Name an attribute key: letters, digits, _ and -.")
	v.Check(f.AttrValue == "" || f.Attr != "", "attr", "Name the attribute the value is of.")
	if f.Identity == "" && f.IdentityKind == "" {
		return v.Err()
	}
	v.Check(f.IdentityKind.Valid(), "identity_kind", "Name the identity's kind: phone, email, …")
	if f.IdentityKind.Valid() {
		id, err := NormalizeIdentity(f.IdentityKind, f.Identity)
		v.Check(err == nil, "identity", "Give a valid address of that kind.")
		f.Identity = id
	}
	return v.Err()
}

// ContactSort orders the address book.
type ContactSort string

// The address book's orders.
const (
	SortCreated  ContactSort = "created"   // newest first
	SortName     ContactSort = "name"      // A to Z, ignoring case
	SortLastSeen ContactSort = "last_seen" // who wrote last first; never last
)

// ContactPage is one page of contacts; NextCursor is "" on the last page.
type ContactPage struct {
	Items      []*Contact `json:"items"`
	NextCursor string     `json:"next_cursor"`
}

// ContactService manages the address book; admins delete contacts. An agent sees, reads and
// changes the contacts with a conversation in one of their inboxes, and those with no
// conversation yet (the shared address book); admins and supervisors see every contact. Any
// other contact is ENOTFOUND, as if it did not exist: an agent of one inbox may not change
// where another inbox's replies go. Adding or removing an identity, an address replies go to,
// is a milestone in each of the contact's conversations.
type ContactService interface {
	CreateContact(ctx context.Context, in *ContactInput) (*Contact, error)
	FindContactByID(ctx context.Context, id int64) (*Contact, error)
	FindContacts(ctx context.Context, f ContactFilter) (*ContactPage, error)
	// ExportContacts calls fn with every contact of the filter the actor sees, in its order
	// (Cursor and Limit are ignored), a page at a time.
	ExportContacts(ctx context.Context, f ContactFilter, fn func(*Contact) error) error
	UpdateContact(ctx context.Context, id int64, in *ContactInput) (*Contact, error)
	DeleteContact(ctx context.Context, id int64) error
	// OpenContactPicture returns the picture kept of a contact the actor sees (see
	// ChannelService.SetContactPicture), with its type.
	OpenContactPicture(ctx context.Context, id int64) (contentType string, body io.ReadSeekCloser, err error)
	// AddIdentity attaches an address to a contact; ECONFLICT if another contact has it.
	AddIdentity(ctx context.Context, contactID int64, in *IdentityInput) (*Identity, error)
	DeleteIdentity(ctx context.Context, contactID, identityID int64) error
}
