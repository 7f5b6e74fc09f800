package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// authzCase is one call of one route by Ann, an agent of the Sales inbox only, aimed at the
// Support inbox and at settings.
type authzCase struct {
	path  string // the concrete path
	body  any
	want  int
	check func(t *testing.T, r *resp) // optional: what the body must (not) show
	page  bool                        // the route answers an HTML page, errors included
}

// TestAuthorization calls every route as Ann with ids of things she may not reach: the Support
// inbox, its conversation and message, other agents' settings. Her own inbox is not involved.
// Conversations and messages she may not see answer 404, as if they did not exist; admin-only
// settings answer 403. A new route fails this test until it has an entry here.
func TestAuthorization(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		admin, ann := w.admin, w.ann

		// Things to aim at.
		var label switchboard.Label
		admin.do("POST", "/api/v1/labels", map[string]string{"name": "vip"}).want(http.StatusCreated).into(&label)
		var attr switchboard.ContactAttribute
		admin.do("POST", "/api/v1/contact-attributes", map[string]any{"key": "plan", "label": "Plan", "type": "list", "options": []string{"free", "pro"}}).
			want(http.StatusCreated).into(&attr)
		attrPath := fmt.Sprintf("/api/v1/contact-attributes/%d", attr.ID)
		var canned switchboard.CannedResponse
		admin.do("POST", "/api/v1/canned-responses", map[string]string{"shortcut": "hi", "content": "Hi {{contact.name}}"}).
			want(http.StatusCreated).into(&canned)
		var adminToken struct {
			Token switchboard.APIToken `json:"token"`
		}
		admin.do("POST", "/api/v1/auth/tokens", map[string]string{"name": "admin script"}).want(http.StatusCreated).into(&adminToken)
		admin.do("POST", fmt.Sprintf("/api/v1/conversations/%d/labels", w.supportConv.ID), map[string]any{"labels": []string{"vip"}}).
			want(http.StatusOK)
		identity := w.dino.Identities[0]
		var hook struct {
			Webhook switchboard.Webhook `json:"webhook"`
		}
		admin.do("POST", "/api/v1/webhooks", map[string]string{"url": "https://hooks.example.com/in"}).want(http.StatusCreated).into(&hook)
		wh := fmt.Sprintf("/api/v1/webhooks/%d", hook.Webhook.ID)
		var rule switchboard.Rule
		ruleBody := map[string]any{"name": "VIP", "when": map[string]string{"event": "label_added", "label": "vip"},
			"then": []map[string]any{{"type": "add_note", "text": "VIP"}}}
		admin.do("POST", "/api/v1/rules", ruleBody).want(http.StatusCreated).into(&rule)
		rl := fmt.Sprintf("/api/v1/rules/%d", rule.ID)
		var slaPolicy switchboard.SLAPolicy
		admin.do("POST", "/api/v1/sla-policies", map[string]any{"name": "Gold", "first_response_minutes": 30}).want(http.StatusCreated).into(&slaPolicy)
		sla := fmt.Sprintf("/api/v1/sla-policies/%d", slaPolicy.ID)

		conv := fmt.Sprintf("/api/v1/conversations/%d", w.supportConv.ID)
		var sched switchboard.ScheduledMessage
		admin.do("POST", conv+"/scheduled-messages", map[string]any{"text": "later", "send_at": time.Now().Add(time.Hour)}).
			want(http.StatusCreated).into(&sched)
		scheduled := fmt.Sprintf("/api/v1/scheduled-messages/%d", sched.ID)
		var supportFile switchboard.Upload
		uploadFile(w.bob, "refund.png", "image/png", pngBytes).want(http.StatusCreated).into(&supportFile)
		var withFile switchboard.Message
		w.bob.do("POST", conv+"/messages", map[string]any{"note": true, "text": "receipt", "attachment_ids": []int64{supportFile.ID}}).
			want(http.StatusCreated).into(&withFile)
		inbox := fmt.Sprintf("/api/v1/inboxes/%d", w.support.ID)
		widget := fmt.Sprintf("/api/v1/widget/%d", w.support.ID)
		adminPath := fmt.Sprintf("/api/v1/agents/%d", admin.agent.ID)
		team := fmt.Sprintf("/api/v1/teams/%d", w.team.ID)
		lbl := fmt.Sprintf("/api/v1/labels/%d", label.ID)
		cnd := fmt.Sprintf("/api/v1/canned-responses/%d", canned.ID)
		contact := fmt.Sprintf("/api/v1/contacts/%d", w.dino.ID) // a customer of Support only
		// A merge the admin made of two shared-address-book contacts: Ann sees them, but may not undo it.
		var m1, m2 switchboard.Contact
		admin.do("POST", "/api/v1/contacts", map[string]string{"name": "Merge One"}).want(http.StatusCreated).into(&m1)
		admin.do("POST", "/api/v1/contacts", map[string]string{"name": "Merge Two"}).want(http.StatusCreated).into(&m2)
		var merge switchboard.ContactMerge
		admin.do("POST", fmt.Sprintf("/api/v1/contacts/%d/merge", m1.ID), map[string]int64{"other_id": m2.ID}).want(http.StatusCreated).into(&merge)
		// Notes the admin wrote: on Dino, whom Ann does not see, and on a contact she sees.
		var dinoNote, sharedNote switchboard.ContactNote
		admin.do("POST", contact+"/notes", map[string]string{"body": "Dino's note"}).want(http.StatusCreated).into(&dinoNote)
		admin.do("POST", fmt.Sprintf("/api/v1/contacts/%d/notes", m1.ID), map[string]string{"body": "the admin's note"}).want(http.StatusCreated).into(&sharedNote)
		sharedNotePath := fmt.Sprintf("/api/v1/contacts/%d/notes/%d", m1.ID, sharedNote.ID)
		secret := "Zanzibar" // a word only the Support conversation holds
		// The admin's browser, subscribed to their pushes; and a link to unsubscribe the admin signed
		// for Ann.
		var adminPush switchboard.PushSubscription
		admin.do("POST", "/api/v1/notifications/push", subscription(t, "https://push.example.com/admin-secret")).
			want(http.StatusCreated).into(&adminPush)
		forgedUnsubscribe := fmt.Sprintf("/api/v1/notifications/unsubscribe?agent=%d&token=signed-%d", admin.agent.ID, ann.agent.ID)
		notAdminPush := func(t *testing.T, r *resp) {
			t.Helper()
			if strings.Contains(string(r.body), "admin-secret") {
				t.Errorf("%s shows the admin's browser: %s", r.req, r.body)
			}
		}

		noSupport := func(t *testing.T, r *resp) {
			t.Helper()
			if strings.Contains(string(r.body), secret) || strings.Contains(string(r.body), `"inbox_id":`+fmt.Sprint(w.support.ID)+`,`) {
				t.Errorf("%s shows the Support inbox: %s", r.req, r.body)
			}
		}
		forgedImport := map[string]any{"conversations": []map[string]any{{"external_id": "forged-1",
			"contact":  map[string]string{"phone": "+39 333 999 8888"},
			"messages": []map[string]string{{"direction": "incoming", "text": "forged " + secret, "created_at": "2026-01-02T03:04:05Z"}}}}}
		fresh := func() *client { return w.a.login("ann@team.test") } // for calls that would end Ann's session

		cases := map[string]authzCase{
			"GET /healthz":          {path: "/healthz", want: 200},
			"GET /readyz":           {path: "/readyz", want: 200},
			"GET /api/openapi.json": {path: "/api/openapi.json", want: 200},
			"GET /api/v1/setup":     {path: "/api/v1/setup", want: 200},
			"POST /api/v1/setup": {path: "/api/v1/setup", want: 409,
				body: map[string]string{"name": "Ann", "email": "ann2@team.test", "password": password}},
			"POST /api/v1/auth/login": {path: "/api/v1/auth/login", want: 401,
				body: map[string]string{"email": "ada@team.test", "password": password + "?"}},
			"POST /api/v1/auth/logout": {path: "/api/v1/auth/logout", want: 204},
			"GET /api/v1/auth/me":      {path: "/api/v1/auth/me", want: 200},
			"PATCH /api/v1/auth/me":    {path: "/api/v1/auth/me", body: map[string]string{"name": "Ann"}, want: 200},
			"GET /api/v1/auth/tokens": {path: "/api/v1/auth/tokens", want: 200, check: func(t *testing.T, r *resp) {
				if strings.Contains(string(r.body), "admin script") {
					t.Errorf("Ann sees the admin's token: %s", r.body)
				}
			}},
			"POST /api/v1/auth/tokens":            {path: "/api/v1/auth/tokens", body: map[string]string{"name": "mine"}, want: 201},
			"DELETE /api/v1/auth/tokens/{id}":     {path: fmt.Sprintf("/api/v1/auth/tokens/%d", adminToken.Token.ID), want: 404},
			"GET /api/v1/agents":                  {path: "/api/v1/agents", want: 200},
			"POST /api/v1/agents":                 {path: "/api/v1/agents", body: map[string]string{"name": "Mal", "email": "mal@team.test", "password": password, "role": "admin"}, want: 403},
			"GET /api/v1/agents/{id}":             {path: adminPath, want: 200},
			"PATCH /api/v1/agents/{id}":           {path: adminPath, body: map[string]string{"name": "Pwned"}, want: 403},
			"DELETE /api/v1/agents/{id}":          {path: adminPath, want: 403},
			"PUT /api/v1/agents/{id}/password":    {path: adminPath + "/password", body: map[string]string{"password": "ann owns you now"}, want: 403},
			"GET /api/v1/teams":                   {path: "/api/v1/teams", want: 200},
			"POST /api/v1/teams":                  {path: "/api/v1/teams", body: map[string]string{"name": "Ann's"}, want: 403},
			"GET /api/v1/teams/{id}":              {path: team, want: 200},
			"PATCH /api/v1/teams/{id}":            {path: team, body: map[string]any{"agent_ids": []int64{ann.agent.ID}}, want: 403},
			"DELETE /api/v1/teams/{id}":           {path: team, want: 403},
			"GET /api/v1/inboxes":                 {path: "/api/v1/inboxes", want: 200, check: noSupport},
			"POST /api/v1/inboxes":                {path: "/api/v1/inboxes", body: map[string]string{"kind": "sms", "name": "Mine"}, want: 403},
			"GET /api/v1/inboxes/{id}":            {path: inbox, want: 404},
			"PATCH /api/v1/inboxes/{id}":          {path: inbox, body: map[string]string{"name": "Taken"}, want: 403},
			"DELETE /api/v1/inboxes/{id}":         {path: inbox, want: 403},
			"GET /api/v1/inboxes/{id}/members":    {path: inbox + "/members", want: 404},
			"PUT /api/v1/inboxes/{id}/members":    {path: inbox + "/members", body: map[string]any{"agent_ids": []int64{ann.agent.ID}}, want: 403},
			"GET /api/v1/inboxes/{id}/hours":      {path: inbox + "/hours", want: 403},
			"PUT /api/v1/inboxes/{id}/hours":      {path: inbox + "/hours", body: map[string]any{"time_zone": "UTC"}, want: 403},
			"GET /api/v1/inboxes/{id}/assignment": {path: inbox + "/assignment", want: 403},
			"PUT /api/v1/inboxes/{id}/assignment": {path: inbox + "/assignment", body: map[string]any{"strategy": "balanced"}, want: 403},
			"GET /api/v1/inboxes/{id}/csat":       {path: inbox + "/csat", want: 403},
			"PUT /api/v1/inboxes/{id}/csat":       {path: inbox + "/csat", body: map[string]any{"enabled": true}, want: 403},
			// The rating page is public; a forged token is refused with an error page.
			"GET /api/v1/csat/{token}":                        {path: fmt.Sprintf("/api/v1/csat/%d.5.9999999999.forged", w.supportMsg.ConversationID), want: 400, page: true},
			"POST /api/v1/csat/{token}":                       {path: fmt.Sprintf("/api/v1/csat/%d.5.9999999999.forged", w.supportMsg.ConversationID), body: map[string]string{"comment": "x"}, want: 400, page: true},
			"POST /api/v1/inboxes/{id}/token":                 {path: inbox + "/token", want: 403},
			"DELETE /api/v1/inboxes/{id}/token":               {path: inbox + "/token", want: 403},
			"POST /api/v1/inboxes/{id}/statuses":              {path: inbox + "/statuses", body: map[string]any{"message_id": w.supportMsg.ID, "status": "read"}, want: 403},
			"POST /api/v1/conversations/{id}/handoff":         {path: conv + "/handoff", body: map[string]string{"reason": "x"}, want: 404},
			"POST /api/v1/messages/{id}/retry":                {path: fmt.Sprintf("/api/v1/messages/%d/retry", w.supportMsg.ID), want: 404},
			"GET /api/v1/conversations/{id}/translations":     {path: conv + "/translations?language=en", want: 404},
			"POST /api/v1/messages/{id}/translation":          {path: fmt.Sprintf("/api/v1/messages/%d/translation", w.supportMsg.ID), body: map[string]string{"language": "en"}, want: 404},
			"POST /api/v1/conversations/{id}/translate-draft": {path: conv + "/translate-draft", body: map[string]string{"text": "hello", "language": "es"}, want: 404},
			"POST /api/v1/conversations/{id}/copilot":         {path: conv + "/copilot", body: map[string]string{"action": "summary"}, want: 404},
			"GET /api/v1/messages/{id}/images":                {path: fmt.Sprintf("/api/v1/messages/%d/images?url=https%%3A%%2F%%2Fx.test%%2Fa.png", w.supportMsg.ID), want: 404},
			"POST /api/v1/inboxes/{id}/messages":              {path: inbox + "/messages", body: map[string]string{"from": "+39 333 999 8888", "text": "forged"}, want: 403},
			"POST /api/v1/inboxes/{id}/import":                {path: inbox + "/import", body: forgedImport, want: 403},
			"GET /api/v1/labels":                              {path: "/api/v1/labels", want: 200},
			"GET /api/v1/contact-attributes":                  {path: "/api/v1/contact-attributes", want: 200},
			"POST /api/v1/contact-attributes":                 {path: "/api/v1/contact-attributes", body: map[string]string{"key": "x", "label": "X", "type": "text"}, want: 403},
			"PATCH /api/v1/contact-attributes/{id}":           {path: attrPath, body: map[string]string{"label": "Tier"}, want: 403},
			"DELETE /api/v1/contact-attributes/{id}":          {path: attrPath, want: 403},
			"POST /api/v1/labels":                             {path: "/api/v1/labels", body: map[string]string{"name": "inline"}, want: 201},
			"GET /api/v1/labels/{id}":                         {path: lbl, want: 200},
			"PATCH /api/v1/labels/{id}":                       {path: lbl, body: map[string]string{"color": "#000000"}, want: 403},
			"DELETE /api/v1/labels/{id}":                      {path: lbl, want: 403},
			"GET /api/v1/canned-responses":                    {path: "/api/v1/canned-responses?q=hi", want: 200},
			"POST /api/v1/canned-responses":                   {path: "/api/v1/canned-responses", body: map[string]string{"shortcut": "x", "content": "x"}, want: 403},
			"GET /api/v1/canned-responses/{id}":               {path: cnd, want: 200},
			"PATCH /api/v1/canned-responses/{id}":             {path: cnd, body: map[string]string{"content": "x"}, want: 403},
			"DELETE /api/v1/canned-responses/{id}":            {path: cnd, want: 403},
			"GET /api/v1/inboxes/{id}/bot":                    {path: inbox + "/bot", want: 403},
			"PUT /api/v1/inboxes/{id}/bot":                    {path: inbox + "/bot", body: map[string]any{"enabled": false}, want: 403},
			"POST /api/v1/inboxes/{id}/bot/rotate-secret":     {path: inbox + "/bot/rotate-secret", want: 403},
			"POST /api/v1/conversations/{id}/bot":             {path: conv + "/bot", body: map[string]string{"action": "pause"}, want: 404},
			"GET /api/v1/sla-policies":                        {path: "/api/v1/sla-policies", want: 200},
			"POST /api/v1/sla-policies":                       {path: "/api/v1/sla-policies", body: map[string]any{"name": "Mine", "first_response_minutes": 1}, want: 403},
			"GET /api/v1/sla-policies/{id}":                   {path: sla, want: 403},
			"PUT /api/v1/sla-policies/{id}":                   {path: sla, body: map[string]any{"name": "Mine", "first_response_minutes": 1}, want: 403},
			"DELETE /api/v1/sla-policies/{id}":                {path: sla, want: 403},
			"PUT /api/v1/conversations/{id}/sla":              {path: conv + "/sla", body: map[string]any{"policy_id": slaPolicy.ID}, want: 403},
			"GET /api/v1/sla-breaches":                        {path: "/api/v1/sla-breaches", want: 403},
			"GET /api/v1/teams/{id}/assignment":               {path: team + "/assignment", want: 403},
			"PUT /api/v1/teams/{id}/assignment":               {path: team + "/assignment", body: map[string]any{"strategy": "balanced"}, want: 403},
			"GET /api/v1/canned-responses/{id}/render": {path: fmt.Sprintf("%s/render?conversation_id=%d", cnd, w.supportConv.ID), want: 404,
				check: func(t *testing.T, r *resp) {
					if strings.Contains(string(r.body), "Dino") {
						t.Errorf("render leaks the contact: %s", r.body)
					}
				}},
			// A contact is seen, and changed, by those who see one of its conversations: to Ann,
			// Dino does not exist. Deleting contacts is for admins.
			"GET /api/v1/contacts": {path: "/api/v1/contacts", want: 200, check: func(t *testing.T, r *resp) {
				if strings.Contains(string(r.body), "Dino") {
					t.Errorf("Ann lists a customer of Support: %s", r.body)
				}
			}},
			"POST /api/v1/contacts": {path: "/api/v1/contacts", body: map[string]string{"name": "Eli"}, want: 201},
			// The export holds what the list shows; importing is for admins.
			"GET /api/v1/contacts/export.csv": {path: "/api/v1/contacts/export.csv", want: 200, check: func(t *testing.T, r *resp) {
				if strings.Contains(string(r.body), "Dino") || !strings.HasPrefix(string(r.body), "id,name,email") {
					t.Errorf("Ann's export: %s", r.body)
				}
			}},
			"POST /api/v1/contact-imports":                          {path: "/api/v1/contact-imports", want: 403},
			"GET /api/v1/contact-imports/{id}":                      {path: "/api/v1/contact-imports/1", want: 403},
			"POST /api/v1/contact-imports/{id}/start":               {path: "/api/v1/contact-imports/1/start", body: map[string]any{}, want: 403},
			"GET /api/v1/contact-imports/{id}/errors.csv":           {path: "/api/v1/contact-imports/1/errors.csv", want: 403},
			"GET /api/v1/contacts/{id}":                             {path: contact, want: 404},
			"PATCH /api/v1/contacts/{id}":                           {path: contact, body: map[string]string{"language": "it"}, want: 404},
			"DELETE /api/v1/contacts/{id}":                          {path: contact, want: 403},
			"POST /api/v1/contacts/{id}/identities":                 {path: contact + "/identities", body: map[string]string{"kind": "email", "external_id": "ann@attacker.test"}, want: 404},
			"DELETE /api/v1/contacts/{id}/identities/{identity_id}": {path: fmt.Sprintf("%s/identities/%d", contact, identity.ID), want: 404},
			"GET /api/v1/contacts/{id}/suggestions":                 {path: contact + "/suggestions", want: 404},
			"GET /api/v1/contacts/suggestions":                      {path: "/api/v1/contacts/suggestions", want: 403},
			"POST /api/v1/contacts/{id}/suggestions/dismiss":        {path: contact + "/suggestions/dismiss", body: map[string]int64{"other_id": m1.ID}, want: 404},
			"GET /api/v1/contacts/{id}/merge-preview":               {path: fmt.Sprintf("%s/merge-preview?with=%d", contact, m1.ID), want: 404},
			"POST /api/v1/contacts/{id}/merge":                      {path: fmt.Sprintf("/api/v1/contacts/%d/merge", m1.ID), body: map[string]int64{"other_id": w.dino.ID}, want: 404},
			"GET /api/v1/contacts/{id}/merges":                      {path: contact + "/merges", want: 404},
			"GET /api/v1/contacts/{id}/external":                    {path: contact + "/external", want: 404},
			"GET /api/v1/contacts/{id}/external/lookup":             {path: contact + "/external/lookup", want: 404},
			"GET /api/v1/assistant":                                 {path: "/api/v1/assistant", want: 403},
			"PATCH /api/v1/assistant":                               {path: "/api/v1/assistant", body: map[string]any{"provider": "openai", "base_url": "https://evil.test/v1", "model": "m", "api_key": "k"}, want: 403},
			"POST /api/v1/assistant/test":                           {path: "/api/v1/assistant/test", want: 403},
			"GET /api/v1/assistant/features":                        {path: "/api/v1/assistant/features", want: 200},
			"GET /api/v1/settings/crm":                              {path: "/api/v1/settings/crm", want: 403},
			"PUT /api/v1/settings/crm":                              {path: "/api/v1/settings/crm", body: map[string]string{"link_template": "https://evil.test/{email}"}, want: 403},
			"POST /api/v1/settings/crm/test":                        {path: "/api/v1/settings/crm/test", body: map[string]int64{"contact_id": w.dino.ID}, want: 403},
			"POST /api/v1/contact-merges/{id}/undo":                 {path: fmt.Sprintf("/api/v1/contact-merges/%d/undo", merge.ID), want: 403},
			"GET /api/v1/contacts/{id}/notes":                       {path: contact + "/notes", want: 404},
			"POST /api/v1/contacts/{id}/notes":                      {path: contact + "/notes", body: map[string]string{"body": "hi"}, want: 404},
			"PATCH /api/v1/contacts/{id}/notes/{note_id}":           {path: sharedNotePath, body: map[string]string{"body": "mine now"}, want: 403},
			"DELETE /api/v1/contacts/{id}/notes/{note_id}":          {path: fmt.Sprintf("%s/notes/%d", contact, dinoNote.ID), want: 404},
			"GET /api/v1/contacts/{id}/activity":                    {path: contact + "/activity", want: 404},
			"GET /api/v1/conversations": {path: fmt.Sprintf("/api/v1/conversations?inbox_id=%d", w.support.ID), want: 200,
				check: func(t *testing.T, r *resp) {
					var page switchboard.ConversationPage
					r.into(&page)
					if len(page.Items) != 0 {
						t.Errorf("Ann lists Support conversations: %s", r.body)
					}
				}},
			"POST /api/v1/conversations": {path: "/api/v1/conversations", want: 400,
				body: map[string]any{"inbox_id": w.support.ID, "contact_id": w.dino.ID, "text": "sneaking in"},
				check: func(t *testing.T, r *resp) {
					var e apiError
					r.into(&e)
					if e.Error.Fields["inbox_id"] == "" {
						t.Errorf("want the inbox named as unknown: %s", r.body)
					}
				}},
			"POST /api/v1/conversations/read-all":                {path: "/api/v1/conversations/read-all", want: 204},
			"GET /api/v1/conversations/{id}":                     {path: conv, want: 404, check: noSupport},
			"GET /api/v1/conversations/{id}/agents":              {path: conv + "/agents", want: 404, check: noSupport},
			"PATCH /api/v1/conversations/{id}":                   {path: conv, body: map[string]bool{"flagged": true}, want: 404},
			"POST /api/v1/conversations/{id}/assign":             {path: conv + "/assign", body: map[string]any{"agent_id": ann.agent.ID}, want: 404},
			"POST /api/v1/conversations/{id}/resolve":            {path: conv + "/resolve", want: 404},
			"POST /api/v1/conversations/{id}/reopen":             {path: conv + "/reopen", want: 404},
			"POST /api/v1/conversations/{id}/pending":            {path: conv + "/pending", want: 404},
			"POST /api/v1/conversations/{id}/snooze":             {path: conv + "/snooze", body: map[string]string{"preset": "1h"}, want: 404},
			"POST /api/v1/conversations/{id}/labels":             {path: conv + "/labels", body: map[string]any{"labels": []string{"spam"}}, want: 404},
			"DELETE /api/v1/conversations/{id}/labels/{name}":    {path: conv + "/labels/vip", want: 404},
			"POST /api/v1/conversations/{id}/read":               {path: conv + "/read", want: 404},
			"POST /api/v1/conversations/{id}/unread":             {path: conv + "/unread", want: 404},
			"POST /api/v1/conversations/{id}/typing":             {path: conv + "/typing", body: map[string]bool{"typing": true}, want: 404},
			"GET /api/v1/conversations/{id}/messages":            {path: conv + "/messages", want: 404, check: noSupport},
			"POST /api/v1/conversations/{id}/messages":           {path: conv + "/messages", body: map[string]string{"text": "boo"}, want: 404},
			"GET /api/v1/conversations/{id}/scheduled-messages":  {path: conv + "/scheduled-messages", want: 404},
			"POST /api/v1/conversations/{id}/scheduled-messages": {path: conv + "/scheduled-messages", body: map[string]any{"text": "boo", "send_at": time.Now().Add(time.Hour)}, want: 404},
			"PATCH /api/v1/scheduled-messages/{id}":              {path: scheduled, body: map[string]string{"text": "boo"}, want: 404},
			"POST /api/v1/scheduled-messages/{id}/cancel":        {path: scheduled + "/cancel", want: 404},
			"DELETE /api/v1/messages/{id}":                       {path: fmt.Sprintf("/api/v1/messages/%d", w.supportMsg.ID), want: 403},
			"GET /api/v1/search":                                 {path: "/api/v1/search?q=" + secret, want: 200, check: noSupport},
			"GET /api/v1/events":                                 {path: "/api/v1/events", want: 200, check: noSupport},
			"POST /api/v1/uploads":                               {path: "/api/v1/uploads", body: map[string]string{"file": "x"}, want: 400},
			"GET /api/v1/contacts/{id}/picture":                  {path: fmt.Sprintf("/api/v1/contacts/%d/picture", w.dino.ID), want: 404},
			"GET /api/v1/attachments/{id}":                       {path: withFile.Attachments[0].URL, want: 404},
			"GET /api/v1/attachments/{id}/public":                {path: withFile.Attachments[0].URL + "/public?exp=9999999999&sig=forged", want: 404},
			"GET /api/v1/channels":                               {path: "/api/v1/channels", want: 200},
			// Provider webhooks are public but checked with the inbox's secrets (the Support inbox
			// has none); they are tested end to end through the emulators in cmd.
			"GET /api/v1/inboxes/{id}/webhook":         {path: inbox + "/webhook?hub.mode=subscribe", want: 403},
			"POST /api/v1/inboxes/{id}/webhook":        {path: inbox + "/webhook", body: map[string]string{"object": "x"}, want: 401},
			"GET /api/v1/inboxes/{id}/templates":       {path: inbox + "/templates", want: 404},
			"POST /api/v1/inboxes/{id}/templates/sync": {path: inbox + "/templates/sync", want: 403},
			"GET /api/v1/inboxes/{id}/health":          {path: inbox + "/health", want: 403},
			"POST /api/v1/inboxes/{id}/oauth":          {path: inbox + "/oauth", want: 403},
			"GET /api/v1/oauth/callback":               {path: "/api/v1/oauth/callback?state=x&code=y", want: 403},
			"PUT /api/v1/messages/{id}/reaction":       {path: fmt.Sprintf("/api/v1/messages/%d/reaction", w.supportMsg.ID), body: map[string]string{"emoji": "👍"}, want: 404},
			"GET /api/v1/contacts/{id}/files":          {path: contact + "/files", want: 404, check: noSupport},
			// Comments of conversations Ann cannot see, as every other message (TestCommentConversations
			// in sqlstore has the assignee rule).
			"POST /api/v1/messages/{id}/moderate":           {path: fmt.Sprintf("/api/v1/messages/%d/moderate", w.supportMsg.ID), body: map[string]string{"action": "hide"}, want: 404},
			"GET /api/v1/conversations/{id}/post/thumbnail": {path: conv + "/post/thumbnail", want: 404},
			"GET /api/v1/events/last":                       {path: "/api/v1/events/last", want: 200},
			// Everyone's own notifications, settings and browsers, and only theirs
			// (TestNotificationsOnStore); the unsubscribe link needs the agent's own token; the
			// emails' SMTP account is for admins.
			"GET /api/v1/notifications":              {path: "/api/v1/notifications", want: 200, check: noSupport},
			"POST /api/v1/notifications/read":        {path: "/api/v1/notifications/read", body: map[string]bool{"all": true}, want: 200},
			"GET /api/v1/notifications/settings":     {path: "/api/v1/notifications/settings", want: 200},
			"PUT /api/v1/notifications/settings":     {path: "/api/v1/notifications/settings", body: map[string]any{"sound": "bell", "volume": 10}, want: 200},
			"GET /api/v1/notifications/push":         {path: "/api/v1/notifications/push", want: 200, check: notAdminPush},
			"POST /api/v1/notifications/push":        {path: "/api/v1/notifications/push", body: subscription(t, "https://push.example.com/ann"), want: 201, check: notAdminPush},
			"DELETE /api/v1/notifications/push/{id}": {path: fmt.Sprintf("/api/v1/notifications/push/%d", adminPush.ID), want: 404},
			"POST /api/v1/notifications/active":      {path: "/api/v1/notifications/active", body: map[string]bool{"active": true}, want: 204},
			"GET /api/v1/notifications/unsubscribe":  {path: forgedUnsubscribe, want: 403, page: true},
			"POST /api/v1/notifications/unsubscribe": {path: forgedUnsubscribe, want: 403, page: true},
			"GET /api/v1/notification-mail":          {path: "/api/v1/notification-mail", want: 403},
			"PUT /api/v1/notification-mail": {path: "/api/v1/notification-mail", body: map[string]any{"enabled": true, "host": "smtp.evil.test",
				"from_address": "ann@evil.test"}, want: 403},
			"POST /api/v1/notification-mail/test": {path: "/api/v1/notification-mail/test", body: map[string]any{"enabled": true,
				"host": "smtp.evil.test", "from_address": "ann@evil.test"}, want: 403},
			"PUT /api/v1/auth/me/presence": {path: "/api/v1/auth/me/presence", body: map[string]string{"presence": "away"}, want: 200},
			// A session alone does not change the password: the current one is asked for.
			"PUT /api/v1/auth/me/password": {path: "/api/v1/auth/me/password", body: map[string]string{"current_password": "not hers",
				"password": "ann owns you now"}, want: 400},
			// Webhooks send events of every inbox out of Switchboard: admins only.
			"GET /api/v1/webhooks":                     {path: "/api/v1/webhooks", want: 403},
			"POST /api/v1/webhooks":                    {path: "/api/v1/webhooks", body: map[string]string{"url": "https://ann.example.com"}, want: 403},
			"GET /api/v1/webhooks/{id}":                {path: wh, want: 403},
			"PATCH /api/v1/webhooks/{id}":              {path: wh, body: map[string]string{"url": "https://ann.example.com"}, want: 403},
			"DELETE /api/v1/webhooks/{id}":             {path: wh, want: 403},
			"POST /api/v1/webhooks/{id}/rotate-secret": {path: wh + "/rotate-secret", want: 403},
			"GET /api/v1/webhooks/{id}/deliveries":     {path: wh + "/deliveries", want: 403},
			"POST /api/v1/webhooks/{id}/test":          {path: wh + "/test", want: 403},
			"GET /api/v1/rules":                        {path: "/api/v1/rules", want: 403},
			"POST /api/v1/rules":                       {path: "/api/v1/rules", body: ruleBody, want: 403},
			"GET /api/v1/rules/{id}":                   {path: rl, want: 403},
			"PUT /api/v1/rules/{id}":                   {path: rl, body: ruleBody, want: 403},
			"DELETE /api/v1/rules/{id}":                {path: rl, want: 403},
			"POST /api/v1/rules/order":                 {path: "/api/v1/rules/order", body: map[string]any{"ids": []int64{rule.ID}}, want: 403},
			"POST /api/v1/rules/dry-run":               {path: "/api/v1/rules/dry-run", body: ruleBody, want: 403},
			"GET /api/v1/rules/{id}/runs":              {path: rl + "/runs", want: 403},
			"GET /api/v1/jobs":                         {path: "/api/v1/jobs", want: 403},
			// The audit log (contacts' erasures) is for admins.
			"GET /api/v1/audit": {path: "/api/v1/audit", want: 403},
			// Reports: everyone, but an agent gets their own figures only (TestReportsAPI has the
			// figures); the workspace's without a slice means hers, another agent's is refused.
			"GET /api/v1/reports/overview": {path: "/api/v1/reports/overview?from=2026-01-01&to=2026-01-31", want: 200,
				check: func(t *testing.T, r *resp) {
					var o switchboard.ReportOverview
					r.into(&o)
					if o.Slice != switchboard.SliceAgent || o.ID != fmt.Sprint(ann.agent.ID) {
						t.Errorf("Ann's overview is of %s %s", o.Slice, o.ID)
					}
				}},
			"GET /api/v1/reports/breakdown": {path: "/api/v1/reports/breakdown?by=inbox&from=2026-01-01&to=2026-01-31", want: 403},
			"GET /api/v1/reports/activity":  {path: "/api/v1/reports/activity?from=2026-01-01&to=2026-01-31", want: 200, check: noSupport},
			"GET /api/v1/reports/live": {path: "/api/v1/reports/live", want: 200, check: func(t *testing.T, r *resp) {
				var l switchboard.ReportLive
				r.into(&l)
				for _, a := range l.Agents {
					if a.AgentID != ann.agent.ID {
						t.Errorf("Ann sees %s live", a.Name)
					}
				}
				for _, c := range l.Waiting {
					if c.InboxID == w.support.ID {
						t.Errorf("Ann sees a Support conversation waiting: %+v", c)
					}
				}
			}},
			// This server runs without a hub; realtime's tests check what the stream shows whom.
			"GET /api/v1/ws": {path: "/api/v1/ws", want: 503},
			// The visitor API of an inbox that is not a web chat does not exist (TestWidget* check
			// origins, tokens and each visitor's scope); its secret and visits are for admins and
			// for those who see the contact.
			"POST /api/v1/widget/{inbox_id}/session":                     {path: widget + "/session", body: map[string]string{}, want: 404},
			"POST /api/v1/widget/{inbox_id}/identify":                    {path: widget + "/identify", body: map[string]string{"user_id": "1"}, want: 404},
			"GET /api/v1/widget/{inbox_id}/conversations":                {path: widget + "/conversations", want: 404},
			"POST /api/v1/widget/{inbox_id}/conversations":               {path: widget + "/conversations", body: map[string]string{"text": "hi"}, want: 404},
			"GET /api/v1/widget/{inbox_id}/conversations/{id}/messages":  {path: fmt.Sprintf("%s/conversations/%d/messages", widget, w.supportConv.ID), want: 404, check: noSupport},
			"POST /api/v1/widget/{inbox_id}/conversations/{id}/messages": {path: fmt.Sprintf("%s/conversations/%d/messages", widget, w.supportConv.ID), body: map[string]string{"text": "hi"}, want: 404},
			"POST /api/v1/widget/{inbox_id}/conversations/{id}/files":    {path: fmt.Sprintf("%s/conversations/%d/files", widget, w.supportConv.ID), body: map[string]string{"file": "x"}, want: 404},
			"POST /api/v1/widget/{inbox_id}/conversations/{id}/read":     {path: fmt.Sprintf("%s/conversations/%d/read", widget, w.supportConv.ID), body: map[string]int64{"message_id": w.supportMsg.ID}, want: 404},
			"POST /api/v1/widget/{inbox_id}/conversations/{id}/typing":   {path: fmt.Sprintf("%s/conversations/%d/typing", widget, w.supportConv.ID), body: map[string]bool{"on": true}, want: 404},
			"POST /api/v1/widget/{inbox_id}/conversations/{id}/csat":     {path: fmt.Sprintf("%s/conversations/%d/csat", widget, w.supportConv.ID), body: map[string]int{"rating": 5}, want: 404},
			"GET /api/v1/widget/{inbox_id}/stream":                       {path: widget + "/stream", want: 404},
			"GET /api/v1/inboxes/{id}/identity-secret":                   {path: inbox + "/identity-secret", want: 403},
			"POST /api/v1/inboxes/{id}/identity-secret":                  {path: inbox + "/identity-secret", want: 403},
			"GET /api/v1/contacts/{id}/visitors":                         {path: contact + "/visitors", want: 404},
		}

		for _, rt := range w.a.srv.Routes() {
			key := rt.Pattern()
			tc, ok := cases[key]
			if !ok {
				t.Errorf("route %s has no authorization case", key)
				continue
			}
			delete(cases, key)
			t.Run(key, func(t *testing.T) {
				c := ann.on(t)
				if rt.Method == "POST" && rt.Path == "/api/v1/auth/logout" {
					c = fresh().on(t)
				}
				r := c.do(rt.Method, tc.path, tc.body)
				switch {
				case tc.page:
					r.want(tc.want)
				case tc.want >= 400:
					code := map[int]string{400: switchboard.EINVALID, 401: switchboard.EUNAUTHORIZED, 403: switchboard.EFORBIDDEN,
						404: switchboard.ENOTFOUND, 409: switchboard.ECONFLICT, 503: switchboard.EUNAVAILABLE}[tc.want]
					r.wantError(tc.want, code)
				default:
					r.want(tc.want)
				}
				if tc.check != nil {
					tc.check(t, r)
				}
			})
		}
		for key := range cases {
			t.Errorf("authorization case %s matches no route", key)
		}

		// Nothing Ann tried reached the admin's browsers or emails.
		var adminPushes struct {
			Subscriptions []switchboard.PushSubscription `json:"subscriptions"`
		}
		admin.do("GET", "/api/v1/notifications/push", nil).want(http.StatusOK).into(&adminPushes)
		if len(adminPushes.Subscriptions) != 1 || adminPushes.Subscriptions[0].ID != adminPush.ID {
			t.Errorf("the admin's browsers changed: %+v", adminPushes.Subscriptions)
		}
		var adminSettings switchboard.NotificationSettings
		admin.do("GET", "/api/v1/notifications/settings", nil).want(http.StatusOK).into(&adminSettings)
		if diff := cmp.Diff(switchboard.DefaultNotificationSettings(), &adminSettings); diff != "" {
			t.Errorf("the admin's notification settings changed (-want +got):\n%s", diff)
		}
		// Nothing Ann tried changed Dino, where the Support inbox's replies go.
		var dino switchboard.Contact
		admin.do("GET", contact, nil).want(http.StatusOK).into(&dino)
		if dino.Language != "" || len(dino.Identities) != 1 || dino.Identities[0].ID != identity.ID {
			t.Errorf("Dino changed: %+v", dino)
		}
		// Nothing Ann tried changed the Support conversation.
		var after switchboard.Conversation
		admin.do("GET", conv, nil).want(http.StatusOK).into(&after)
		if after.Status != switchboard.StatusOpen || after.Flagged || after.AssigneeID == nil || *after.AssigneeID != w.bob.agent.ID ||
			len(after.Labels) != 1 {
			t.Errorf("the Support conversation changed: %+v", after)
		}
		var thread switchboard.MessagePage
		admin.do("GET", conv+"/messages", nil).want(http.StatusOK).into(&thread)
		for _, m := range thread.Items {
			if strings.Contains(m.Text, "boo") || m.DeletedAt != nil {
				t.Errorf("the Support thread changed: %+v", m)
			}
		}
		// And Bob, who belongs to Support, does see it; a supervisor sees it without belonging.
		w.bob.do("GET", conv, nil).want(http.StatusOK)
		w.super.do("GET", conv, nil).want(http.StatusOK)
		w.super.do("DELETE", fmt.Sprintf("/api/v1/messages/%d", w.supportMsg.ID), nil).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		w.super.do("POST", "/api/v1/teams", map[string]string{"name": "Supers"}).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		// Nothing Ann tried changed the webhook or made it deliver.
		var hookAfter switchboard.Webhook
		admin.do("GET", wh, nil).want(http.StatusOK).into(&hookAfter)
		if hookAfter.URL != "https://hooks.example.com/in" || hookAfter.SecretPrefix != hook.Webhook.SecretPrefix || !hookAfter.Enabled {
			t.Errorf("the webhook changed: %+v", hookAfter)
		}
		var deliveries switchboard.WebhookDeliveryPage
		admin.do("GET", wh+"/deliveries", nil).want(http.StatusOK).into(&deliveries)
		for _, d := range deliveries.Items {
			if d.EventType == switchboard.EventWebhookTest {
				t.Errorf("Ann's calls made a test delivery: %+v", d)
			}
		}
		w.super.do("GET", "/api/v1/webhooks", nil).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		// Supervisors read the rules but do not change them; nothing Ann tried changed the rule.
		var ruleAfter switchboard.Rule
		w.super.do("GET", rl, nil).want(http.StatusOK).into(&ruleAfter)
		w.super.do("GET", rl+"/runs", nil).want(http.StatusOK)
		w.super.do("PUT", rl, ruleBody).wantError(http.StatusForbidden, switchboard.EFORBIDDEN)
		if ruleAfter.Name != "VIP" || !ruleAfter.Enabled || len(ruleAfter.Then) != 1 {
			t.Errorf("the rule changed: %+v", ruleAfter)
		}
	})
}

// TestUnauthenticated checks every protected route answers 401 without credentials, and that
// only the declared public routes answer anything else.
func TestUnauthenticated(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		a := newAPI(t, db, nil)
		a.setup()
		anon := a.client()
		for _, rt := range a.srv.Routes() {
			t.Run(rt.Pattern(), func(t *testing.T) {
				path := strings.NewReplacer("{id}", "1", "{identity_id}", "1", "{name}", "x").Replace(rt.Path)
				var body any
				if rt.Request != nil {
					body = raw("{}")
				}
				r := anon.on(t).do(rt.Method, path, body)
				if rt.Public {
					if r.status == http.StatusUnauthorized {
						t.Errorf("public route answered 401: %s", r.body)
					}
					return
				}
				r.wantError(http.StatusUnauthorized, switchboard.EUNAUTHORIZED)
			})
		}
	})
}
