package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// webhookWithSecret answers the calls that make a secret: it is in this answer and never again.
type webhookWithSecret struct {
	Webhook *switchboard.Webhook `json:"webhook"`
	Secret  string               `json:"secret"`
}

// webhookRoutes manage outgoing webhooks; admins only, since a webhook sends every subscribed
// event, whatever inbox it belongs to, out of Switchboard.
func (s *Server) webhookRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/webhooks", OperationID: "listWebhooks", Tag: "webhooks", AdminOnly: true,
			Summary: "List webhooks", Response: typeOf[list[*switchboard.Webhook]](), handler: s.listWebhooks},
		{Method: "POST", Path: "/api/v1/webhooks", OperationID: "createWebhook", Tag: "webhooks", AdminOnly: true,
			Summary: "Create a webhook",
			Description: "Subscribes a URL to event types (an empty or missing events list means every type). " +
				"The answer holds the signing secret, which is never shown again. A URL on a private network (loopback, " +
				"RFC 1918, link-local, metadata services), in any spelling, is refused unless the server's " +
				"SWITCHBOARD_ALLOW_PRIVATE_HOSTS allows it; deliveries are checked again as they connect and follow no redirect.",
			Request: typeOf[switchboard.WebhookInput](), Response: typeOf[webhookWithSecret](),
			Status: http.StatusCreated, handler: s.createWebhook},
		{Method: "GET", Path: "/api/v1/webhooks/{id}", OperationID: "getWebhook", Tag: "webhooks", AdminOnly: true,
			Summary: "Get a webhook", Response: typeOf[switchboard.Webhook](), handler: s.getWebhook},
		{Method: "PATCH", Path: "/api/v1/webhooks/{id}", OperationID: "updateWebhook", Tag: "webhooks", AdminOnly: true,
			Summary:     "Change a webhook",
			Description: "Changes the fields sent. Enabling a disabled webhook clears its failure streak.",
			Request:     typeOf[switchboard.WebhookInput](), Response: typeOf[switchboard.Webhook](), handler: s.updateWebhook},
		{Method: "DELETE", Path: "/api/v1/webhooks/{id}", OperationID: "deleteWebhook", Tag: "webhooks", AdminOnly: true,
			Summary: "Delete a webhook and its deliveries", handler: s.deleteWebhook},
		{Method: "POST", Path: "/api/v1/webhooks/{id}/rotate-secret", OperationID: "rotateWebhookSecret", Tag: "webhooks", AdminOnly: true,
			Summary:     "Replace a webhook's signing secret",
			Description: "The old secret stops working at once; the answer holds the new one, which is never shown again.",
			Response:    typeOf[webhookWithSecret](), handler: s.rotateWebhookSecret},
		{Method: "GET", Path: "/api/v1/webhooks/{id}/deliveries", OperationID: "listWebhookDeliveries", Tag: "webhooks", AdminOnly: true,
			Summary: "List a webhook's deliveries, newest first",
			Query: []Param{
				{Name: "cursor", Type: "string", Description: "next_cursor of the previous page."},
				{Name: "limit", Type: "integer", Description: "Page size, 1 to 100 (default 25)."},
			},
			Response: typeOf[switchboard.WebhookDeliveryPage](), handler: s.listWebhookDeliveries},
		{Method: "POST", Path: "/api/v1/webhooks/{id}/test", OperationID: "testWebhook", Tag: "webhooks", AdminOnly: true,
			Summary: "Send a test delivery",
			Description: "Queues a delivery of type webhook.test, even to a disabled webhook, and answers with it; " +
				"follow its outcome in the webhook's deliveries.",
			Response: typeOf[switchboard.WebhookDelivery](), Status: http.StatusAccepted, handler: s.testWebhook},
	}
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	hooks, err := s.Webhooks.FindWebhooks(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(hooks))
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	var in switchboard.WebhookInput
	if err := decode(r, &in); err != nil {
		return err
	}
	hook, secret, err := s.Webhooks.CreateWebhook(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, webhookWithSecret{Webhook: hook, Secret: secret})
}

func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Webhook")
	if err != nil {
		return err
	}
	hook, err := s.Webhooks.FindWebhookByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hook)
}

func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Webhook")
	if err != nil {
		return err
	}
	var in switchboard.WebhookInput
	if err := decode(r, &in); err != nil {
		return err
	}
	hook, err := s.Webhooks.UpdateWebhook(r.Context(), id, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hook)
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Webhook")
	if err != nil {
		return err
	}
	if err := s.Webhooks.DeleteWebhook(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) rotateWebhookSecret(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Webhook")
	if err != nil {
		return err
	}
	hook, secret, err := s.Webhooks.RotateWebhookSecret(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, webhookWithSecret{Webhook: hook, Secret: secret})
}

func (s *Server) listWebhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Webhook")
	if err != nil {
		return err
	}
	q := newQuery(r)
	cursor, limit := q.str("cursor"), q.integer("limit")
	if err := q.err(); err != nil {
		return err
	}
	page, err := s.Webhooks.FindWebhookDeliveries(r.Context(), id, cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// testWebhook queues a test delivery; the store decides whether the caller may, and commits the
// delivery with the job that sends it.
func (s *Server) testWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Webhook")
	if err != nil {
		return err
	}
	d, err := s.Webhooks.CreateWebhookDelivery(r.Context(), id, nil, switchboard.EventWebhookTest, s.now())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusAccepted, d)
}
