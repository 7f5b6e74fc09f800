package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/benchdata"
)

// importBatch is how many conversations one import request carries.
const importBatch = 500

// importThroughAPI imports the first --import conversations of the data set into a fresh
// database through the public API, as a migration from another help desk would: the first admin
// is set up, the agents and an API inbox are created, then batches are posted one after another.
func (b *benchRun) importThroughAPI(ctx context.Context) error {
	dbURL, err := b.freshDatabase(ctx, b.opts.name+"_import")
	if err != nil {
		return err
	}
	srv, err := startBenchServer(ctx, b.exe, dbURL, filepath.Join(b.opts.dir, b.engine+"-import-data"))
	if err != nil {
		return err
	}
	defer srv.stop()
	admin := srv.client(http.Header{})
	var setup struct{ ID int64 }
	res, err := admin.send(ctx, "POST", "/api/v1/setup", nil, map[string]string{"name": benchdata.AgentName(1),
		"email": benchdata.AgentEmail(1), "password": benchdata.Password})
	if err != nil {
		return err
	}
	err = expect(res, http.StatusCreated, &setup)
	res.Body.Close()
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	if admin, err = srv.login(ctx, 1); err != nil {
		return err
	}
	ids := []int64{setup.ID}
	for a := 2; a <= benchdata.Agents; a++ {
		var agent struct{ ID int64 }
		if err := admin.do(ctx, "POST", "/api/v1/agents", nil, map[string]string{"name": benchdata.AgentName(a),
			"email": benchdata.AgentEmail(a), "password": benchdata.Password, "role": "agent"}, http.StatusCreated, &agent); err != nil {
			return err
		}
		ids = append(ids, agent.ID)
	}
	var inbox struct{ ID int64 }
	if err := admin.do(ctx, "POST", "/api/v1/inboxes", nil, map[string]any{"kind": "api", "name": "Imported"}, http.StatusCreated, &inbox); err != nil {
		return err
	}
	if err := admin.do(ctx, "PUT", fmt.Sprintf("/api/v1/inboxes/%d/members", inbox.ID), nil,
		map[string]any{"agent_ids": ids, "team_ids": []int{}}, http.StatusOK, nil); err != nil {
		return err
	}

	// The requests are encoded before the clock starts: what is measured is the server's work.
	n := min(b.opts.importN, b.opts.conversations)
	gen, err := benchdata.New(b.opts.conversations)
	if err != nil {
		return err
	}
	var bodies []json.RawMessage
	var batch switchboard.ImportBatch
	for c, ok := gen.Next(); ok && c.ID <= n; c, ok = gen.Next() {
		batch.Conversations = append(batch.Conversations, importConversation(c))
		if len(batch.Conversations) == importBatch || c.ID == n {
			body, err := json.Marshal(&batch)
			if err != nil {
				return err
			}
			bodies = append(bodies, body)
			batch.Conversations = batch.Conversations[:0]
		}
	}
	path := fmt.Sprintf("/api/v1/inboxes/%d/import", inbox.ID)
	b.progress("importing %d conversations in %d requests", n, len(bodies))
	s := make(sample, 0, len(bodies))
	imported := 0
	began := time.Now()
	for _, body := range bodies {
		t := time.Now()
		var res switchboard.ImportResult
		if err := admin.do(ctx, "POST", path, nil, body, http.StatusOK, &res); err != nil {
			return err
		}
		s = append(s, time.Since(t))
		imported += res.Imported
	}
	el := time.Since(began)
	if imported != n {
		return fmt.Errorf("import: %d conversations imported, want %d", imported, n)
	}
	rate := float64(n) / el.Seconds()
	b.addSmall(benchRow{op: fmt.Sprintf("import %d conversations through the public API (%d a request)", n, importBatch),
		p50: ms(s.pct(0.5)), p99: ms(s.pct(0.99)), rate: perSecond(rate, "conv/s"), target: "≥ 1000 conv/s", met: yesNo(rate >= 1000)})
	b.progress("import: %.0f conversations/s", rate)
	return nil
}

// importConversation is a generated conversation as an import request carries it.
func importConversation(c benchdata.Conversation) switchboard.ImportConversation {
	ic := switchboard.ImportConversation{ExternalID: fmt.Sprintf("bench-%d", c.ID), Status: switchboard.ConversationStatus(c.Status),
		CreatedAt: c.CreatedAt, Contact: switchboard.ImportContact{Name: benchdata.ContactName(c.Contact),
			Email: benchdata.ContactEmail(c.Contact), ExternalID: benchdata.ContactRef(c.Contact)}}
	if c.Assignee != 0 {
		ic.AssigneeEmail = benchdata.AgentEmail(c.Assignee)
	}
	for _, m := range c.Messages {
		im := switchboard.ImportMessage{Direction: switchboard.ImportIncoming, Text: m.Text, CreatedAt: m.CreatedAt}
		if !m.Incoming {
			im.Direction, im.AgentEmail = switchboard.ImportOutgoing, benchdata.AgentEmail(m.Agent)
		}
		ic.Messages = append(ic.Messages, im)
	}
	return ic
}
