// Package switchboard holds the vocabulary of a unified customer inbox: agents, teams, inboxes
// (connected channel accounts), contacts and their identities, conversations, messages, labels,
// canned responses and the event log, together with the service interfaces that the store
// implements and the transports (HTTP, CLI) consume.
//
// It imports only the standard library, so every other package can depend on it and it on none
// of them.
package switchboard

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. They are the whole contract between the domain and its transports: the HTTP layer
// maps each to one status, and clients switch on them.
const (
	EINVALID      = "invalid"       // the request is malformed or fails validation
	ENOTFOUND     = "not_found"     // the thing does not exist, or the caller may not know it does
	ECONFLICT     = "conflict"      // the request clashes with the current state (duplicate, stale)
	EUNAUTHORIZED = "unauthorized"  // no valid credentials
	EFORBIDDEN    = "forbidden"     // valid credentials, but not allowed
	EWINDOWCLOSED = "window_closed" // the channel's customer-service window is closed
	EOPTEDOUT     = "opted_out"     // the customer opted out of messages on the channel (SMS STOP)
	ERATELIMITED  = "rate_limited"  // too many requests; try again later
	EUNAVAILABLE  = "unavailable"   // a dependency is down; try again later
	ETOOLARGE     = "too_large"     // a body or upload exceeds its limit
	EINTERNAL     = "internal"      // a bug or an unexpected failure; details are only logged
)

// Error is the one error type the domain returns to its callers. Message is safe to show to the
// person who made the request; Fields carries per-field validation messages keyed by the field's
// JSON name, and FieldCodes, for the fields whose rule has one, a stable code that a client
// translates into its user's language (the messages are English).
type Error struct {
	Code       string
	Message    string
	Fields     map[string]string
	FieldCodes map[string]FieldCode
}

// Field problem codes: which rule a field broke, the same whatever the field. A client shows its
// own text for a code it knows, filled with Min and Max, and the field's English message for any
// other; so new rules may be added without a code.
const (
	FieldRequired           = "required"            // the field must be given
	FieldLength             = "length"              // Min to Max characters
	FieldTooLong            = "too_long"            // at most Max characters
	FieldTooShort           = "too_short"           // at least Min characters
	FieldEmail              = "email"               // not a valid email address
	FieldTaken              = "taken"               // another record has this value already
	FieldFuture             = "future"              // a time that must be in the future is not
	FieldWrongPassword      = "wrong_password"      // the current password is not right
	FieldPasswordTooLong    = "password_too_long"   // more than Max bytes, which bcrypt would cut
	FieldPasswordCommon     = "password_common"     // one of the most common passwords
	FieldPasswordRepetitive = "password_repetitive" // a repetition or a keyboard sequence
	FieldPasswordPersonal   = "password_personal"   // the agent's own name or email
)

// FieldCode names the rule a field broke (one of the Field… codes), with the numbers its
// message states.
type FieldCode struct {
	Code string `json:"code"`
	Min  int    `json:"min,omitempty"`
	Max  int    `json:"max,omitempty"`
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("switchboard error: code=%s message=%s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return fmt.Sprintf("switchboard error: code=%s message=%s fields=[%s]", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf is a helper that returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other non-nil
// error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the human message of the first *Error in err's chain. Other errors are
// internal, so their text is never shown: the caller sees a generic message instead.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorFields returns the per-field messages of the first *Error in err's chain, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// ErrorFieldCodes returns the per-field codes of the first *Error in err's chain, or nil.
func ErrorFieldCodes(err error) map[string]FieldCode {
	var e *Error
	if errors.As(err, &e) {
		return e.FieldCodes
	}
	return nil
}

// Validator collects per-field problems so a request is rejected once, with every problem named,
// rather than one field at a time.
type Validator struct {
	fields map[string]string
	codes  map[string]FieldCode
}

// Check records msg against field when ok is false. The first problem of a field wins.
func (v *Validator) Check(ok bool, field, msg string) {
	v.CheckCode(ok, field, FieldCode{}, msg)
}

// CheckCode is Check for a rule with a code, so clients can say msg in their user's language.
func (v *Validator) CheckCode(ok bool, field string, code FieldCode, msg string) {
	if ok {
		return
	}
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, seen := v.fields[field]; seen {
		return
	}
	v.fields[field] = msg
	if code.Code != "" {
		if v.codes == nil {
			v.codes = map[string]FieldCode{}
		}
		v.codes[field] = code
	}
}

// Required records msg against field, with the code FieldRequired, when ok is false.
func (v *Validator) Required(ok bool, field, msg string) {
	v.CheckCode(ok, field, FieldCode{Code: FieldRequired}, msg)
}

// MaxLength checks that s has at most max bytes.
func (v *Validator) MaxLength(s string, max int, field string) {
	v.CheckCode(len(s) <= max, field, FieldCode{Code: FieldTooLong, Max: max}, fmt.Sprintf("Use at most %d characters.", max))
}

// Length checks that s is not empty and has at most max bytes; msg says so for this field
// ("Enter a name of at most 100 characters.").
func (v *Validator) Length(s string, max int, field, msg string) {
	v.CheckCode(s != "" && len(s) <= max, field, FieldCode{Code: FieldLength, Min: 1, Max: max}, msg)
}

// Err returns an EINVALID *Error naming every recorded field, or nil if there were none.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Some fields are invalid.", Fields: v.fields, FieldCodes: v.codes}
}
