package httpapi

import (
	"net/http"

	"github.com/switchboardhq/switchboard"
)

// assistantRoutes let admins configure the AI assistance and try its endpoint, and every agent
// read which features the workspace offers.
func (s *Server) assistantRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/assistant", OperationID: "getAssistantSettings", Tag: "settings", AdminOnly: true,
			Summary: "The AI assistance's settings",
			Description: "The provider (offline, or openai: any OpenAI-compatible endpoint), its URL and models, the features " +
				"switched on, the translation engine, and the endpoint's health: tokens spent today (UTC), the newest error and " +
				"success. The keys are never answered: key_set and libretranslate_key_set say whether there are some.",
			Response: typeOf[switchboard.AssistantSettings](), handler: s.getAssistantSettings},
		{Method: "PATCH", Path: "/api/v1/assistant", OperationID: "setAssistantSettings", Tag: "settings", AdminOnly: true,
			Summary: "Change the AI assistance's settings",
			Description: "Fields left out stay as they are. provider openai needs base_url (http or https; the egress rules of " +
				"webhooks apply when it is called) and model. api_key and libretranslate_key are write-only; \"\" removes one. " +
				"daily_token_budget 0 sets no bound; past it the features use the offline analysers until the next UTC day. " +
				"translation_engine libretranslate needs libretranslate_url. Saving clears the recorded health.",
			Request: typeOf[switchboard.AssistantSettingsInput](), Response: typeOf[switchboard.AssistantSettings](), handler: s.setAssistantSettings},
		{Method: "POST", Path: "/api/v1/assistant/test", OperationID: "testAssistant", Tag: "settings", AdminOnly: true,
			Summary: "Try the AI assistance's endpoint",
			Description: "One tiny call to the configured OpenAI-compatible endpoint (its model list, or a one-token chat), and to " +
				"LibreTranslate when it is the translation engine; ok false with error when it failed. With the offline provider " +
				"nothing is called and ok is true.",
			Response: typeOf[switchboard.AssistantTestResult](), handler: s.testAssistant},
		{Method: "GET", Path: "/api/v1/assistant/features", OperationID: "getAssistantFeatures", Tag: "settings",
			Summary: "The AI features the workspace offers",
			Description: "For every agent: whether analysis, the copilot (summary, suggest; rewrite only with an OpenAI-compatible " +
				"provider) and translation are on, the languages, and the provider (offline or openai:MODEL). An inbox may turn " +
				"features off for itself (the inbox's assistant).",
			Response: typeOf[switchboard.AssistantFeatures](), handler: s.getAssistantFeatures},
	}
}

// assistant answers 503 when the server has no AI assistance.
func (s *Server) assistant() (switchboard.AssistantStore, error) {
	if s.Assistant == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server has no AI assistance.")
	}
	return s.Assistant, nil
}

func (s *Server) getAssistantSettings(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assistant()
	if err != nil {
		return err
	}
	out, err := a.FindAssistantSettings(r.Context())
	if err != nil {
		return err
	}
	out.ApertiumPairs = s.apertiumPairs()
	return writeJSON(w, http.StatusOK, out)
}

// apertiumPairs lists the pairs of the Apertium engine installed on this server, never nil.
func (s *Server) apertiumPairs() []string {
	if s.ApertiumPairs != nil {
		if p := s.ApertiumPairs(); p != nil {
			return p
		}
	}
	return []string{}
}

func (s *Server) setAssistantSettings(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assistant()
	if err != nil {
		return err
	}
	var in switchboard.AssistantSettingsInput
	if err := decode(r, &in); err != nil {
		return err
	}
	pairs := s.apertiumPairs()
	if in.TranslationEngine != nil && *in.TranslationEngine == switchboard.TranslateWithApertium && len(pairs) == 0 {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "Apertium is not installed on this server.",
			Fields: map[string]string{"translation_engine": "Install Debian's apertium and its language pairs on the server, or choose another engine."}}
	}
	out, err := a.SetAssistantSettings(r.Context(), &in)
	if err != nil {
		return err
	}
	out.ApertiumPairs = pairs
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) testAssistant(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assistant()
	if err != nil {
		return err
	}
	// Only an admin may try the endpoint: the tester calls as the system.
	if _, err := a.FindAssistantSettings(r.Context()); err != nil {
		return err
	}
	if s.AssistantTester == nil {
		return switchboard.Errorf(switchboard.EUNAVAILABLE, "This server cannot call an AI endpoint.")
	}
	out, err := s.AssistantTester.TestAssistant(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getAssistantFeatures(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assistant()
	if err != nil {
		return err
	}
	out, err := a.FindAssistantFeatures(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
