package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// decode reads the request body, which must be exactly one JSON object whose fields all belong
// to dst. Every failure is an EINVALID naming the problem (or ETOOLARGE past the body limit), so
// a wrong call is told what is wrong rather than half-understood.
func decode(r *http.Request, dst any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return invalid("Could not read the request body.", nil)
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return invalid("Send a JSON body.", nil)
	}
	if trimmed[0] != '{' {
		return invalid("The body must be a JSON object.", nil)
	}
	// Text PostgreSQL refuses is marked rather than refused, on both engines alike.
	trimmed = switchboard.StorableJSON(trimmed)
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if dec.InputOffset() != int64(len(trimmed)) {
		return invalid("Send one JSON object; there is data after it.", nil)
	}
	return nil
}

// decodeError explains a JSON decoding failure in terms of the request.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tpe *time.ParseError
	switch {
	case errors.As(err, &tpe) || strings.Contains(err.Error(), "Time.UnmarshalJSON"):
		return invalid("Write times in RFC 3339 form, like 2025-01-31T09:00:00Z.", nil)
	case errors.As(err, &syn):
		return invalid(fmt.Sprintf("Malformed JSON at byte %d.", syn.Offset), nil)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("Malformed JSON: the body ends too early.", nil)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return invalid("Some fields have the wrong type.", map[string]string{field: "Must be " + describeType(typ.Type) + "."})
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return invalid(fmt.Sprintf("Unknown field %q.", name), map[string]string{name: "Unknown field."})
	}
	return invalid("Invalid JSON body: "+strings.TrimPrefix(err.Error(), "json: ")+".", nil)
}

// describeType names a Go type the way a JSON client thinks of it.
func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Pointer:
		return describeType(t.Elem())
	}
	if t == reflect.TypeFor[time.Time]() {
		return "an RFC 3339 time"
	}
	return "an object"
}

// invalid makes an EINVALID error.
func invalid(msg string, fields map[string]string) error {
	return &switchboard.Error{Code: switchboard.EINVALID, Message: msg, Fields: fields}
}

// pathID reads a path segment that holds an id. Anything but a positive integer answers
// ENOTFOUND, exactly like an id that does not exist: a path names a resource, and there is none.
func pathID(r *http.Request, name, what string) (int64, error) {
	s := r.PathValue(name)
	if s == "" || len(s) > 19 || strings.Trim(s, "0123456789") != "" {
		return 0, switchboard.Errorf(switchboard.ENOTFOUND, "%s not found.", what)
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, switchboard.Errorf(switchboard.ENOTFOUND, "%s not found.", what)
	}
	return id, nil
}

// query reads query parameters, collecting every problem so one answer names them all.
type query struct {
	v   url.Values
	val switchboard.Validator
}

// newQuery reads a request's query parameters, their values made storable (see
// switchboard.StorableText) so that a filter finds what the same text finds in a body.
func newQuery(r *http.Request) *query {
	v := r.URL.Query()
	for _, vs := range v {
		for i, s := range vs {
			vs[i] = switchboard.StorableText(s)
		}
	}
	return &query{v: v}
}

// str returns a single-valued parameter, "" when absent.
func (q *query) str(name string) string {
	vs := q.v[name]
	q.val.Check(len(vs) <= 1, name, "Give this parameter once.")
	if len(vs) == 0 {
		return ""
	}
	return strings.TrimSpace(vs[0])
}

// list returns a parameter that may repeat or hold comma-separated values.
func (q *query) list(name string) []string {
	var out []string
	for _, v := range q.v[name] {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// integer returns an integer parameter, 0 when absent.
func (q *query) integer(name string) int {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	q.val.Check(err == nil, name, "Must be an integer.")
	return n
}

// int64 returns an integer parameter that must be zero or more, 0 when absent.
func (q *query) int64(name string) int64 {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	q.val.Check(err == nil && n >= 0, name, "Must be a non-negative integer.")
	return n
}

// id returns an optional id parameter, which must be a positive integer.
func (q *query) id(name string) *int64 {
	s := q.str(name)
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	q.val.Check(err == nil && n > 0, name, "Must be a positive integer id.")
	return &n
}

// requiredID returns an id parameter that must be present.
func (q *query) requiredID(name string) int64 {
	id := q.id(name)
	q.val.Check(id != nil, name, "Required.")
	if id == nil {
		return 0
	}
	return *id
}

// boolean returns an optional true/false parameter.
func (q *query) boolean(name string) *bool {
	switch s := q.str(name); s {
	case "":
		return nil
	case "true", "1":
		t := true
		return &t
	case "false", "0":
		f := false
		return &f
	default:
		q.val.Check(false, name, "Must be true or false.")
		return nil
	}
}

// time returns an optional RFC 3339 time parameter.
func (q *query) time(name string) *time.Time {
	// An unescaped + in an offset (…T09:00:00+01:00) arrives as a space.
	s := strings.ReplaceAll(q.str(name), " ", "+")
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	q.val.Check(err == nil, name, "Must be an RFC 3339 time, like 2025-01-31T09:00:00Z.")
	if err != nil {
		return nil
	}
	return &t
}

// err returns the problems found, or nil.
func (q *query) err() error { return q.val.Err() }
