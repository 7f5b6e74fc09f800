package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/switchboardhq/switchboard"
)

// OpenAPI returns the API's OpenAPI 3.1 document as JSON. It is generated once, from the route
// table and the Go types of the bodies, so the document cannot drift from what is served.
func (s *Server) OpenAPI() ([]byte, error) {
	s.docOnce.Do(func() { s.doc, s.docErr = s.buildOpenAPI() })
	return s.doc, s.docErr
}

// obj is a JSON object under construction.
type obj = map[string]any

// errorRef is the shared answer of every failure.
var errorRef = obj{"$ref": "#/components/responses/Error"}

func (s *Server) buildOpenAPI() ([]byte, error) {
	routes := s.Routes()
	g := newSchemaGen(routes)
	paths := obj{}
	var tags []any
	seenTag := map[string]bool{}
	seenOp := map[string]bool{}
	for _, rt := range routes {
		if seenOp[rt.OperationID] {
			return nil, fmt.Errorf("openapi: operation id %q is used twice", rt.OperationID)
		}
		seenOp[rt.OperationID] = true
		if !seenTag[rt.Tag] {
			seenTag[rt.Tag] = true
			tags = append(tags, obj{"name": rt.Tag})
		}
		item, _ := paths[rt.Path].(obj)
		if item == nil {
			item = obj{}
			paths[rt.Path] = item
		}
		item[strings.ToLower(rt.Method)] = g.operation(rt)
	}
	g.schema(typeOf[errorBody]())
	if g.err != nil {
		return nil, g.err
	}
	version := s.Version
	if version == "" {
		version = "dev"
	}
	doc := obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "Switchboard API",
			"version": version,
			"description": "The REST API of Switchboard, a self-hosted multichannel customer inbox. " +
				"Authenticate with the sb_session cookie (POST /api/v1/auth/login) or a personal API token " +
				"(Authorization: Bearer <token>). Every error answers {\"error\":{\"code\",\"message\",\"fields\",\"request_id\"}}; " +
				"clients switch on code. Status by code: invalid 400, unauthorized 401, forbidden 403, not_found 404, " +
				"conflict 409, window_closed 422, opted_out 422, private_reply_used 409, private_reply_expired 422, too_large 413, rate_limited 429, unavailable 503, internal 500. " +
				"Ids that name nothing you may see, including those of inboxes you do not belong to, answer 404. " +
				"Text no database stores (NUL, bytes that are not UTF-8) is kept with U+FFFD in its place, in bodies and query parameters alike.",
		},
		"tags":  tags,
		"paths": paths,
		"components": obj{
			"schemas": g.schemas,
			"responses": obj{
				"Error": obj{
					"description": "The request failed; error.code says why.",
					"content":     obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/Error"}}},
				},
			},
			"securitySchemes": obj{
				"cookieAuth": obj{"type": "apiKey", "in": "cookie", "name": sessionCookie,
					"description": "The browser session set by POST /api/v1/auth/login."},
				"bearerAuth": obj{"type": "http", "scheme": "bearer",
					"description": "A personal API token from POST /api/v1/auth/tokens."},
			},
		},
		"security": []any{obj{"cookieAuth": []any{}}, obj{"bearerAuth": []any{}}},
	}
	return json.MarshalIndent(doc, "", "  ")
}

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

// operation documents one route.
func (g *schemaGen) operation(rt Route) obj {
	op := obj{"operationId": rt.OperationID, "summary": rt.Summary, "tags": []any{rt.Tag}}
	desc := rt.Description
	if rt.AdminOnly {
		desc = strings.TrimSpace("Admins only. " + desc)
		op["x-admin-only"] = true
	}
	if desc != "" {
		op["description"] = desc
	}
	if rt.Public {
		op["security"] = []any{}
	}
	var params []any
	pathParams := pathParamRE.FindAllStringSubmatch(rt.Path, -1)
	for _, m := range pathParams {
		schema := obj{"type": "integer", "format": "int64", "minimum": 1}
		if !strings.HasSuffix(m[1], "id") {
			schema = obj{"type": "string"}
		}
		params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": schema})
	}
	for _, p := range rt.Query {
		params = append(params, queryParam(p, "query"))
	}
	for _, p := range rt.Headers {
		params = append(params, queryParam(p, "header"))
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.Request != nil {
		op["requestBody"] = obj{"required": true,
			"content": obj{"application/json": obj{"schema": g.schema(rt.Request)}}}
	}
	responses := obj{}
	for _, status := range []int{rt.SuccessStatus(), rt.AlsoStatus} {
		if status == 0 {
			continue
		}
		resp := obj{"description": http.StatusText(status)}
		if rt.Response != nil {
			content := obj{"application/json": obj{"schema": g.schema(rt.Response)}}
			if rt.Produces != "" { // the same answer as a file, on request (the reports' format=csv)
				content[rt.Produces] = obj{"schema": obj{"type": "string", "format": "binary"}}
			}
			resp["content"] = content
		} else if rt.Produces != "" {
			resp["content"] = obj{rt.Produces: obj{"schema": obj{"type": "string", "format": "binary"}}}
		}
		responses[fmt.Sprint(status)] = resp
	}
	add := func(cond bool, status int) {
		if cond {
			responses[fmt.Sprint(status)] = errorRef
		}
	}
	unsafe := rt.Method != http.MethodGet
	add(rt.Request != nil || len(rt.Query) > 0, http.StatusBadRequest)
	add(!rt.Public, http.StatusUnauthorized)
	add(rt.AdminOnly || unsafe, http.StatusForbidden) // admin checks, CSRF refusals
	add(len(pathParams) > 0, http.StatusNotFound)
	add(unsafe && !rt.Public, http.StatusConflict)
	add(rt.Request != nil, http.StatusRequestEntityTooLarge)
	if strings.HasPrefix(rt.Produces, "text/html") {
		// A page for people (the rating page) answers a link it cannot take with a page too.
		responses[fmt.Sprint(http.StatusBadRequest)] = obj{"description": "An error page: the link is not valid, or expired.",
			"content": obj{rt.Produces: obj{"schema": obj{"type": "string"}}}}
		for _, status := range rt.ErrorPages {
			responses[fmt.Sprint(status)] = obj{"description": "An error page: the link is not valid.",
				"content": obj{rt.Produces: obj{"schema": obj{"type": "string"}}}}
		}
	}
	if rt.Throttled {
		for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
			responses[fmt.Sprint(status)] = obj{"description": "Try again after Retry-After seconds.",
				"headers": obj{"Retry-After": obj{"description": "Seconds to wait.", "schema": obj{"type": "integer"}}},
				"content": obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/Error"}}}}
		}
	}
	responses["default"] = errorRef
	op["responses"] = responses
	return op
}

// queryParam documents a query or header parameter.
func queryParam(p Param, in string) obj {
	var schema obj
	switch p.Type {
	case "integer":
		schema = obj{"type": "integer"}
	case "boolean":
		schema = obj{"type": "boolean"}
	case "date-time":
		schema = obj{"type": "string", "format": "date-time"}
	default:
		schema = obj{"type": "string"}
	}
	if len(p.Enum) > 0 {
		schema["enum"] = p.Enum
	}
	out := obj{"name": p.Name, "in": in, "required": p.Required}
	if p.Repeated {
		out["schema"] = obj{"type": "array", "items": schema}
		out["style"], out["explode"] = "form", true
	} else {
		out["schema"] = schema
	}
	if p.Description != "" {
		out["description"] = p.Description
	}
	return out
}

// schemaGen turns Go types into JSON Schema, the way encoding/json marshals them: json tags name
// fields, pointers are nullable, time.Time is a date-time string, json.RawMessage any JSON
// object. Named structs become components referred to by $ref.
type schemaGen struct {
	schemas obj
	names   map[string]reflect.Type
	enums   map[reflect.Type][]string
	// request marks types that are (part of) request bodies. Their fields are all optional:
	// which ones a call needs is for the service to check, and it names each missing one. They
	// forbid unknown fields, as the decoder does.
	request map[reflect.Type]bool
	err     error
}

func newSchemaGen(routes []Route) *schemaGen {
	g := &schemaGen{schemas: obj{}, names: map[string]reflect.Type{}, enums: enums(), request: map[reflect.Type]bool{}}
	for _, rt := range routes {
		if rt.Request != nil {
			g.markRequest(rt.Request)
		}
	}
	return g
}

// markRequest records t and the named structs inside it as request types.
func (g *schemaGen) markRequest(t reflect.Type) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || g.request[t] || t == reflect.TypeFor[time.Time]() {
		return
	}
	g.request[t] = true
	for i := range t.NumField() {
		g.markRequest(t.Field(i).Type)
	}
}

// enums lists the values of the domain's string types, which reflection cannot discover.
func enums() map[reflect.Type][]string {
	strs := func(vs ...any) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = fmt.Sprint(v)
		}
		return out
	}
	return map[reflect.Type][]string{
		reflect.TypeFor[switchboard.Role]():         strs(switchboard.RoleAdmin, switchboard.RoleSupervisor, switchboard.RoleAgent),
		reflect.TypeFor[switchboard.ChannelKind]():  names(switchboard.ChannelKinds),
		reflect.TypeFor[switchboard.IdentityKind](): names(switchboard.IdentityKinds),
		reflect.TypeFor[switchboard.ConversationStatus](): strs(switchboard.StatusOpen, switchboard.StatusPending,
			switchboard.StatusSnoozed, switchboard.StatusResolved),
		reflect.TypeFor[switchboard.Priority](): strs(switchboard.PriorityNone, switchboard.PriorityLow,
			switchboard.PriorityMedium, switchboard.PriorityHigh, switchboard.PriorityUrgent),
		// A conversation without messages has no last replier yet.
		reflect.TypeFor[switchboard.Replier](): strs("", switchboard.ReplierCustomer, switchboard.ReplierAgent),
		reflect.TypeFor[switchboard.Direction](): strs(switchboard.DirectionIncoming, switchboard.DirectionOutgoing,
			switchboard.DirectionInternal),
		reflect.TypeFor[switchboard.ImportDirection](): strs(switchboard.ImportIncoming, switchboard.ImportOutgoing,
			switchboard.ImportNote),
		reflect.TypeFor[switchboard.MessageKind](): strs(switchboard.KindText, switchboard.KindMedia, switchboard.KindTemplate,
			switchboard.KindNote, switchboard.KindActivity),
		reflect.TypeFor[switchboard.SenderType](): strs(switchboard.SenderContact, switchboard.SenderAgent, switchboard.SenderBot,
			switchboard.SenderExternal, switchboard.SenderSystem),
		// Only outgoing messages have a delivery status; the others have "".
		reflect.TypeFor[switchboard.MessageStatus](): strs("", switchboard.MessagePending, switchboard.MessageAccepted,
			switchboard.MessageSent, switchboard.MessageDelivered, switchboard.MessageRead, switchboard.MessageFailed),
		reflect.TypeFor[switchboard.SnoozePreset](): strs(switchboard.Snooze1h, switchboard.Snooze2h, switchboard.Snooze4h,
			switchboard.SnoozeTomorrow, switchboard.SnoozeNextMonday),
		reflect.TypeFor[switchboard.EventType]():   names(switchboard.EventTypes),
		reflect.TypeFor[switchboard.Presence]():    strs("", switchboard.PresenceOnline, switchboard.PresenceAway, switchboard.PresenceOffline),
		reflect.TypeFor[switchboard.ReportSlice](): names(switchboard.ReportSlices),
		reflect.TypeFor[errorCode](): strs(switchboard.EINVALID, switchboard.EUNAUTHORIZED, switchboard.EFORBIDDEN,
			switchboard.ENOTFOUND, switchboard.ECONFLICT, switchboard.EWINDOWCLOSED, switchboard.EOPTEDOUT,
			switchboard.EPRIVATEREPLYUSED, switchboard.EPRIVATEREPLYEXPIRED, switchboard.ETOOLARGE,
			switchboard.ERATELIMITED, switchboard.EUNAVAILABLE, switchboard.EINTERNAL),
	}
}

// names lists the values of a string enumeration.
func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// schema returns the schema of t: a $ref for named structs (adding the component on first use),
// an inline schema for everything else.
func (g *schemaGen) schema(t reflect.Type) obj {
	switch t {
	case reflect.TypeFor[time.Time]():
		return obj{"type": "string", "format": "date-time"}
	case reflect.TypeFor[json.RawMessage]():
		return obj{"type": []any{"object", "null"}, "description": "Any JSON object."}
	}
	if vals, ok := g.enums[t]; ok {
		return obj{"type": "string", "enum": vals}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.schema(t.Elem()))
	case reflect.Bool:
		return obj{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return obj{"type": "integer"}
	case reflect.Int64, reflect.Uint64:
		return obj{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return obj{"type": "number"}
	case reflect.String:
		return obj{"type": "string"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return obj{"type": "string", "contentEncoding": "base64"}
		}
		return obj{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return obj{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return obj{}
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		name := schemaName(t)
		if prev, ok := g.names[name]; ok {
			if prev != t {
				g.fail(fmt.Errorf("openapi: types %v and %v both want the schema name %s", prev, t, name))
			}
		} else {
			g.names[name] = t
			g.schemas[name] = obj{} // placeholder, so recursive types terminate
			g.schemas[name] = g.structSchema(t)
		}
		return obj{"$ref": "#/components/schemas/" + name}
	}
	g.fail(fmt.Errorf("openapi: cannot describe type %v", t))
	return obj{}
}

func (g *schemaGen) fail(err error) {
	if g.err == nil {
		g.err = err
	}
}

// structSchema describes a struct's JSON fields.
func (g *schemaGen) structSchema(t reflect.Type) obj {
	props := obj{}
	var required []string
	g.fields(t, props, &required)
	s := obj{"type": "object", "properties": props}
	if g.request[t] {
		s["additionalProperties"] = false
	} else if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	return s
}

// fields adds t's JSON fields to props, flattening embedded structs as encoding/json does.
func (g *schemaGen) fields(t reflect.Type, props obj, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				g.fields(ft, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}

// nullable allows null besides what s allows.
func nullable(s obj) obj {
	if _, ok := s["$ref"]; ok {
		return obj{"anyOf": []any{s, obj{"type": "null"}}}
	}
	t, ok := s["type"].(string)
	if !ok {
		return obj{"anyOf": []any{s, obj{"type": "null"}}}
	}
	out := obj{}
	for k, v := range s {
		out[k] = v
	}
	out["type"] = []any{t, "null"}
	if vals, ok := s["enum"].([]string); ok {
		enum := make([]any, 0, len(vals)+1)
		for _, v := range vals {
			enum = append(enum, v)
		}
		out["enum"] = append(enum, nil)
	}
	return out
}

// schemaName names a struct's component: its Go name with a capital, errorBody as Error, and a
// generic list[T] as TList.
func schemaName(t reflect.Type) string {
	if t == reflect.TypeFor[errorBody]() {
		return "Error"
	}
	name := t.Name()
	if base, arg, ok := strings.Cut(name, "["); ok {
		arg = strings.TrimSuffix(arg, "]")
		arg = strings.TrimLeft(arg, "*[]")
		if i := strings.LastIndexByte(arg, '.'); i >= 0 {
			arg = arg[i+1:]
		}
		name = capitalize(arg) + capitalize(base)
	}
	return capitalize(name)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
