package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// BenchmarkEncodeResponse measures encoding response bodies as the API writes them (writeJSON:
// json.Marshal and a newline) for the reads an agent makes most: a page of 25 conversations
// (GET /api/v1/conversations?view=mine&status=open), one conversation (GET
// /api/v1/conversations/{id}) and its thread of messages (GET /api/v1/conversations/{id}/messages).
// The values come from a SQLite store seeded with the benchmark data set, read as agent 4; the
// encoding does not depend on the engine. Before timing, each body is compared with what the
// real handler answers for the same request, so the benchmark encodes exactly what a client
// receives. Run it with
//
//	go test -run '^$' -bench EncodeResponse -benchmem ./httpapi/
func BenchmarkEncodeResponse(b *testing.B) {
	db, _ := sqltest.Engines(b)[0].Open(b, sqltest.Options{})
	ctx := context.Background()
	if err := db.SeedBenchmark(ctx, 2000, nil); err != nil {
		b.Fatal(err)
	}
	agent, err := db.FindAgentByEmail(switchboard.NewSystemContext(ctx), "agent04@bench.test")
	if err != nil {
		b.Fatal(err)
	}
	me := switchboard.NewContextWithAgent(ctx, agent)
	token, _, err := db.CreateAPIToken(me, "bench")
	if err != nil {
		b.Fatal(err)
	}
	page, err := db.FindConversations(me, switchboard.ConversationFilter{View: switchboard.ViewMine,
		Statuses: []switchboard.ConversationStatus{switchboard.StatusOpen}})
	if err != nil || len(page.Items) != switchboard.DefaultPageSize {
		b.Fatalf("a page of Mine: %v (%+v)", err, page)
	}
	id := page.Items[0].ID
	conv, err := db.FindConversationByID(me, id)
	if err != nil {
		b.Fatal(err)
	}
	thread, err := db.FindMessages(me, id, switchboard.MessageFilter{})
	if err != nil || len(thread.Items) == 0 {
		b.Fatalf("conversation %d's thread: %v (%+v)", id, err, thread)
	}
	handler := newServer(db, io.Discard).Handler()
	for _, r := range []struct {
		name, path string
		v          any
	}{
		{"page-of-25", "/api/v1/conversations?view=mine&status=open", page},
		{"conversation", fmt.Sprintf("/api/v1/conversations/%d", id), conv},
		{fmt.Sprintf("thread-of-%d", len(thread.Items)), fmt.Sprintf("/api/v1/conversations/%d/messages", id), thread},
	} {
		req := httptest.NewRequest(http.MethodGet, r.path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		want := encode(b, r.v)
		if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), want) {
			b.Fatalf("GET %s answered %d\n%s\nnot what is encoded:\n%s", r.path, rec.Code, rec.Body.Bytes(), want)
		}
		b.Run(r.name, func(b *testing.B) {
			b.SetBytes(int64(len(want)))
			for b.Loop() {
				if got := encode(b, r.v); len(got) != len(want) {
					b.Fatalf("%d bytes, want %d", len(got), len(want))
				}
			}
		})
	}
}

// encode is the body writeJSON writes for v.
func encode(b *testing.B, v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return append(out, '\n')
}
