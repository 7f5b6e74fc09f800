package httpapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/switchboardhq/switchboard/httpapi"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestOpenAPI checks the document against the route table and the router: every route is
// documented, every documented operation is routed, each is complete, and each $ref resolves.
func TestOpenAPI(t *testing.T) {
	t.Parallel()
	srv := &httpapi.Server{Version: "1.2.3"}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	res, err := http.Get(ts.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/openapi.json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Errorf("openapi = %v", doc["openapi"])
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] == "" || info["version"] != "1.2.3" {
		t.Errorf("info = %v", info)
	}
	paths, _ := doc["paths"].(map[string]any)
	components, _ := doc["components"].(map[string]any)
	if len(paths) == 0 || components["schemas"] == nil || components["securitySchemes"] == nil {
		t.Fatalf("the document lacks paths or components")
	}
	schemes, _ := components["securitySchemes"].(map[string]any)
	if cookie, _ := schemes["cookieAuth"].(map[string]any); cookie["in"] != "cookie" || cookie["name"] != "sb_session" {
		t.Errorf("cookieAuth = %v", cookie)
	}
	if bearer, _ := schemes["bearerAuth"].(map[string]any); bearer["scheme"] != "bearer" {
		t.Errorf("bearerAuth = %v", bearer)
	}

	// Every route is documented, completely.
	routes := srv.Routes()
	documented := map[string]bool{}
	for path, item := range paths {
		for method := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	paramRE := regexp.MustCompile(`\{([a-z_]+)\}`)
	for _, rt := range routes {
		key := rt.Pattern()
		if !documented[key] {
			t.Errorf("route %s is not documented", key)
			continue
		}
		delete(documented, key)
		op := paths[rt.Path].(map[string]any)[strings.ToLower(rt.Method)].(map[string]any)
		if s, _ := op["summary"].(string); s == "" {
			t.Errorf("%s has no summary", key)
		}
		if s, _ := op["operationId"].(string); s == "" {
			t.Errorf("%s has no operationId", key)
		}
		responses, _ := op["responses"].(map[string]any)
		if len(responses) == 0 {
			t.Errorf("%s has no responses", key)
		}
		if _, ok := responses[fmt.Sprint(rt.SuccessStatus())]; !ok {
			t.Errorf("%s does not document its success status %d", key, rt.SuccessStatus())
		}
		if !rt.Public {
			if _, ok := responses["401"]; !ok {
				t.Errorf("%s is protected but does not document 401", key)
			}
		} else if sec, ok := op["security"].([]any); !ok || len(sec) != 0 {
			t.Errorf("%s is public but requires security %v", key, op["security"])
		}
		if (rt.Request != nil) != (op["requestBody"] != nil) {
			t.Errorf("%s: request body documented %v, route has one %v", key, op["requestBody"] != nil, rt.Request != nil)
		}
		var params []string
		for _, p := range asSlice(op["parameters"]) {
			p := p.(map[string]any)
			params = append(params, p["in"].(string)+":"+p["name"].(string))
		}
		for _, m := range paramRE.FindAllStringSubmatch(rt.Path, -1) {
			if !slices.Contains(params, "path:"+m[1]) {
				t.Errorf("%s does not document path parameter %s", key, m[1])
			}
		}
		for _, q := range rt.Query {
			if !slices.Contains(params, "query:"+q.Name) {
				t.Errorf("%s does not document query parameter %s", key, q.Name)
			}
		}
	}
	for key := range documented {
		t.Errorf("documented operation %s is not a route", key)
	}

	// Every documented operation is served by the router: never its "no such endpoint" 404 or a
	// 405. Protected routes answer 401 to this anonymous caller.
	for _, rt := range routes {
		path := strings.NewReplacer("{id}", "1", "{identity_id}", "1", "{name}", "x").Replace(rt.Path)
		if rt.Public {
			continue // they need services; TestUnauthenticated calls them on a real store
		}
		req, _ := http.NewRequest(rt.Method, ts.URL+path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s: status %d, want 401 from the routed endpoint", rt.Method, path, res.StatusCode)
		}
	}

	// Every $ref resolves.
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if _, err := resolve(doc, ref); err != nil {
					t.Errorf("%s: %v", at, err)
				}
			}
			for k, x := range v {
				walk(x, at+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(x, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(doc, "#")

	// A few shapes worth pinning.
	schemas := components["schemas"].(map[string]any)
	for _, name := range []string{"Error", "Agent", "Conversation", "ConversationPage", "Message", "AgentList", "Event"} {
		if schemas[name] == nil {
			t.Errorf("schema %s missing; have %v", name, keys(schemas))
		}
	}
	conv := schemas["Conversation"].(map[string]any)["properties"].(map[string]any)
	if typ := fmt.Sprint(conv["assignee_id"].(map[string]any)["type"]); typ != "[integer null]" {
		t.Errorf("Conversation.assignee_id type = %s, want nullable integer", typ)
	}
	if f := fmt.Sprint(conv["created_at"].(map[string]any)["format"]); f != "date-time" {
		t.Errorf("Conversation.created_at format = %s", f)
	}
	if e := fmt.Sprint(conv["status"].(map[string]any)["enum"]); e != "[open pending snoozed resolved]" {
		t.Errorf("Conversation.status enum = %s", e)
	}
	if ap := schemas["AgentCreate"].(map[string]any)["additionalProperties"]; ap != false {
		t.Errorf("request schemas must forbid unknown fields, as the decoder does")
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// resolve follows a local JSON pointer such as #/components/schemas/Agent.
func resolve(doc map[string]any, ref string) (any, error) {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("$ref %q is not local", ref)
	}
	var cur any = doc
	for _, part := range strings.Split(p, "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		m, ok := cur.(map[string]any)
		if !ok || m[part] == nil {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
		cur = m[part]
	}
	return cur, nil
}

// docChecker checks real answers against the document: each test's every response is
// validated against the schema documented for its route and status, so the document describes
// what the server really sends.
type docChecker struct {
	doc map[string]any
	mux *http.ServeMux
}

var (
	checkerOnce sync.Once
	checker     *docChecker
	checkerErr  error
)

// responseChecker builds the checker once from a store-less server's document.
func responseChecker() (*docChecker, error) {
	checkerOnce.Do(func() {
		b, err := (&httpapi.Server{}).OpenAPI()
		if err != nil {
			checkerErr = err
			return
		}
		d := &docChecker{mux: http.NewServeMux()}
		if checkerErr = json.Unmarshal(b, &d.doc); checkerErr != nil {
			return
		}
		for path, item := range d.doc["paths"].(map[string]any) {
			for method := range item.(map[string]any) {
				d.mux.Handle(strings.ToUpper(method)+" "+path, http.NotFoundHandler())
			}
		}
		checker = d
	})
	return checker, checkerErr
}

// check validates one answer.
func (d *docChecker) check(method, url string, status int, header http.Header, body []byte) error {
	req := httptest.NewRequest(method, url, nil)
	_, pattern := d.mux.Handler(req)
	var resp any
	if pattern == "" {
		resp = map[string]any{"$ref": "#/components/responses/Error"} // 404 and 405 of the router
	} else {
		path := strings.SplitN(pattern, " ", 2)[1]
		op := d.doc["paths"].(map[string]any)[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
		responses := op["responses"].(map[string]any)
		var ok bool
		if resp, ok = responses[fmt.Sprint(status)]; !ok {
			if status < 400 {
				return fmt.Errorf("status %d is not documented for %s", status, pattern)
			}
			resp = responses["default"]
		}
	}
	resp = d.deref(resp)
	content, _ := resp.(map[string]any)["content"].(map[string]any)
	if content == nil {
		if len(body) != 0 {
			return fmt.Errorf("documented without a body, answered %s", body)
		}
		return nil
	}
	ct := header.Get("Content-Type")
	if _, isJSON := content["application/json"]; !isJSON || !strings.HasPrefix(ct, "application/json") {
		// A file or an image (or JSON's alternative, a report's CSV): its type is one documented
		// (image/* stands for any image; parameters such as charset may follow).
		for documented := range content {
			prefix, wild := strings.CutSuffix(documented, "*")
			if documented != "application/json" && ((wild && strings.HasPrefix(ct, prefix)) || ct == documented || strings.HasPrefix(ct, documented+";")) {
				return nil
			}
		}
		if !isJSON {
			return fmt.Errorf("Content-Type %q, want one of %v", ct, slices.Collect(maps.Keys(content)))
		}
		return fmt.Errorf("Content-Type %q, want JSON", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("body is not JSON: %v", err)
	}
	schema := content["application/json"].(map[string]any)["schema"]
	if errs := d.validate(schema, v, "body"); len(errs) > 0 {
		return fmt.Errorf("body does not match the documented schema:\n  %s\nbody: %s", strings.Join(errs, "\n  "), body)
	}
	return nil
}

func (d *docChecker) deref(v any) any {
	for {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return v
		}
		v, _ = resolve(d.doc, ref)
	}
}

// validate is a small JSON Schema checker: $ref, anyOf, type, enum, properties, required,
// additionalProperties and items, which is all the generated document uses.
func (d *docChecker) validate(schema, v any, at string) []string {
	s, _ := d.deref(schema).(map[string]any)
	if s == nil {
		return nil
	}
	if alts, ok := s["anyOf"].([]any); ok {
		for _, alt := range alts {
			if len(d.validate(alt, v, at)) == 0 {
				return nil
			}
		}
		return []string{at + ": matches no alternative"}
	}
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		integerAsNumber := jsonType(v) == "integer" && slices.Contains(types, "number")
		if !slices.Contains(types, jsonType(v)) && !integerAsNumber {
			return []string{fmt.Sprintf("%s: %s, want %v", at, jsonType(v), types)}
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		return []string{fmt.Sprintf("%s: %v is not one of %v", at, v, enum)}
	}
	var errs []string
	switch v := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asSlice(s["required"]) {
			if _, ok := v[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required %s missing", at, r))
			}
		}
		for k, x := range v {
			if ps, ok := props[k]; ok {
				errs = append(errs, d.validate(ps, x, at+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: undocumented property %s", at, k))
				}
			case map[string]any:
				errs = append(errs, d.validate(ap, x, at+"."+k)...)
			default:
				if props != nil {
					errs = append(errs, fmt.Sprintf("%s: undocumented property %s", at, k))
				}
			}
		}
	case []any:
		for i, x := range v {
			errs = append(errs, d.validate(s["items"], x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	}
	return errs
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if v == math.Trunc(v) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// TestOpenAPIOnStore fetches the document from a server on a real store, as a client would.
func TestOpenAPIOnStore(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		var doc map[string]any
		a.client().do("GET", "/api/openapi.json", nil).want(http.StatusOK).into(&doc)
		if doc["openapi"] != "3.1.0" {
			t.Fatalf("openapi = %v", doc["openapi"])
		}
	})
}
