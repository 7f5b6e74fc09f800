package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// authRoutes are first-run setup, signing in and out, the signed-in agent's own profile and
// their personal API tokens.
func (s *Server) authRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/setup", OperationID: "getSetup", Tag: "auth", Public: true,
			Summary:     "Whether first-run setup is needed",
			Description: "needs_setup is true while no agent exists; the UI then shows the setup form.",
			Response:    typeOf[setupState](), handler: s.getSetup},
		{Method: "POST", Path: "/api/v1/setup", OperationID: "setup", Tag: "auth", Public: true,
			Summary:     "Create the first admin and sign in",
			Description: "Works only while no agent exists; afterwards it answers 409 conflict.",
			Request:     typeOf[setupRequest](), Response: typeOf[switchboard.Agent](), Status: http.StatusCreated, handler: s.setup},
		{Method: "POST", Path: "/api/v1/auth/login", OperationID: "login", Tag: "auth", Public: true,
			Summary: "Sign in with email and password",
			Description: "Sets the sb_session cookie (HttpOnly, SameSite=Lax, and Secure over HTTPS) and returns the agent. A wrong email " +
				"and a wrong password both answer 401. After 5 failures for one account from one address (20 for an account from " +
				"anywhere, 30 from one address for any account) attempts are refused with 429 rate_limited and Retry-After, for a " +
				"second that doubles with each further failure, up to 15 minutes; 503 with Retry-After when too many sign-ins run at once.",
			Request: typeOf[loginRequest](), Response: typeOf[switchboard.Agent](), Throttled: true, handler: s.login},
		{Method: "POST", Path: "/api/v1/auth/logout", OperationID: "logout", Tag: "auth", Public: true,
			Summary:     "Sign out",
			Description: "Ends the session of the sb_session cookie, if any, and clears the cookie.",
			handler:     s.logout},
		{Method: "GET", Path: "/api/v1/auth/me", OperationID: "getMe", Tag: "auth",
			Summary: "The signed-in agent", Response: typeOf[switchboard.Agent](), handler: s.getMe},
		{Method: "PATCH", Path: "/api/v1/auth/me", OperationID: "updateMe", Tag: "auth",
			Summary:     "Change your own profile",
			Description: "Name, time zone, language, avatar and mail signature only; admins change roles and emails with PATCH /api/v1/agents/{id}.",
			Request:     typeOf[profileUpdate](), Response: typeOf[switchboard.Agent](), handler: s.updateMe},
		{Method: "PUT", Path: "/api/v1/auth/me/password", OperationID: "changePassword", Tag: "auth",
			Summary: "Change your own password",
			Description: "Give your current password too: a wrong one answers 400 with the field current_password, and counts " +
				"as a failed sign-in (429 with Retry-After after too many). Every other session of yours and every API token " +
				"of yours end; this session stays signed in.",
			Request: typeOf[passwordChange](), Throttled: true, handler: s.changePassword},
		{Method: "PUT", Path: "/api/v1/auth/me/presence", OperationID: "setPresence", Tag: "auth",
			Summary: "Set your presence",
			Description: "away or offline hold until you change them; online follows your open windows again: online while one " +
				"is open, away a couple of minutes after the last closes.",
			Request: typeOf[presenceRequest](), Response: typeOf[switchboard.Agent](), handler: s.setPresence},
		{Method: "GET", Path: "/api/v1/auth/tokens", OperationID: "listTokens", Tag: "auth",
			Summary: "List your API tokens", Response: typeOf[list[*switchboard.APIToken]](), handler: s.listTokens},
		{Method: "POST", Path: "/api/v1/auth/tokens", OperationID: "createToken", Tag: "auth",
			Summary:     "Create an API token",
			Description: "The secret is returned once, now; send it as Authorization: Bearer <secret>.",
			Request:     typeOf[tokenRequest](), Response: typeOf[tokenCreated](), Status: http.StatusCreated, handler: s.createToken},
		{Method: "DELETE", Path: "/api/v1/auth/tokens/{id}", OperationID: "deleteToken", Tag: "auth",
			Summary: "Revoke one of your API tokens", handler: s.deleteToken},
	}
}

// setupState says whether the first admin still has to be created.
type setupState struct {
	NeedsSetup bool `json:"needs_setup"`
}

// setupRequest creates the first admin.
type setupRequest struct {
	Name     string `json:"name"`
	Email    string `json:"email"`
	Password string `json:"password"`
	TimeZone string `json:"time_zone"`
	Language string `json:"language"`
}

// loginRequest signs in.
type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// profileUpdate is what agents may change of themselves; role and email are not part of it, so
// sending them is an unknown-field error rather than silently ignored.
type profileUpdate struct {
	Name      *string `json:"name"`
	TimeZone  *string `json:"time_zone"`
	Language  *string `json:"language"`
	AvatarURL *string `json:"avatar_url"`
	Signature *string `json:"signature"`
}

// passwordChange changes the signed-in agent's own password.
type passwordChange struct {
	CurrentPassword string `json:"current_password"`
	Password        string `json:"password"`
}

// tokenRequest names a new API token.
type tokenRequest struct {
	Name string `json:"name"`
}

// tokenCreated is a new token with its secret, which is never shown again.
type tokenCreated struct {
	Token  *switchboard.APIToken `json:"token"`
	Secret string                `json:"secret"`
}

func (s *Server) getSetup(w http.ResponseWriter, r *http.Request) error {
	needs, err := s.Agents.NeedsSetup(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, setupState{NeedsSetup: needs})
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	var in setupRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	c := &switchboard.AgentCreate{Name: in.Name, Email: in.Email, Password: in.Password, TimeZone: in.TimeZone,
		Language: in.Language, Role: switchboard.RoleAdmin}
	if _, err := s.Agents.CreateFirstAdmin(r.Context(), c); err != nil {
		return err
	}
	secret, sess, a, err := s.Auth.Login(r.Context(), in.Email, in.Password, r.UserAgent())
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret, sess)
	return writeJSON(w, http.StatusCreated, a)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	var in loginRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	var v switchboard.Validator
	v.Required(in.Email != "", "email", "Enter your email address.")
	v.Required(in.Password != "", "password", "Enter your password.")
	if err := v.Err(); err != nil {
		return err
	}
	var secret string
	var sess *switchboard.Session
	var a *switchboard.Agent
	err := s.checkPassword(w, r, in.Email, func() (err error) {
		secret, sess, a, err = s.Auth.Login(r.Context(), in.Email, in.Password, r.UserAgent())
		return err
	}, func(err error) bool { return switchboard.ErrorCode(err) == switchboard.EUNAUTHORIZED })
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret, sess)
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	var in passwordChange
	if err := decode(r, &in); err != nil {
		return err
	}
	me := switchboard.AgentFromContext(r.Context())
	err := s.checkPassword(w, r, me.Email, func() error {
		return s.Agents.ChangePassword(r.Context(), in.CurrentPassword, in.Password)
	}, func(err error) bool { return switchboard.ErrorFields(err)["current_password"] != "" })
	if err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.Auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	return noContent(w)
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, switchboard.AgentFromContext(r.Context()))
}

func (s *Server) updateMe(w http.ResponseWriter, r *http.Request) error {
	var in profileUpdate
	if err := decode(r, &in); err != nil {
		return err
	}
	me := switchboard.AgentFromContext(r.Context())
	a, err := s.Agents.UpdateAgent(r.Context(), me.ID, &switchboard.AgentUpdate{Name: in.Name, TimeZone: in.TimeZone,
		Language: in.Language, AvatarURL: in.AvatarURL, Signature: in.Signature})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

// presenceRequest sets the agent's presence by hand.
type presenceRequest struct {
	Presence switchboard.Presence `json:"presence"`
}

func (s *Server) setPresence(w http.ResponseWriter, r *http.Request) error {
	var in presenceRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.Presence.SetPresenceChoice(r.Context(), in.Presence)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) error {
	tokens, err := s.Auth.FindAPITokens(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, items(tokens))
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	var in tokenRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	secret, t, err := s.Auth.CreateAPIToken(r.Context(), in.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, tokenCreated{Token: t, Secret: secret})
}

func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id", "Token")
	if err != nil {
		return err
	}
	if err := s.Auth.DeleteAPIToken(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// setSessionCookie hands the browser its session. HttpOnly keeps the secret from scripts;
// SameSite=Lax keeps it off cross-site subrequests (CrossOriginProtection does the rest); Secure
// keeps it off plain HTTP when the request came over HTTPS (see secureRequest).
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, secret string, sess *switchboard.Session) {
	// Max-Age, from the store's own clock, decides; Expires is for old browsers.
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", Expires: sess.ExpiresAt,
		MaxAge: max(1, int(sess.ExpiresAt.Sub(sess.CreatedAt)/time.Second)), HttpOnly: true, Secure: s.secureRequest(r),
		SameSite: http.SameSiteLaxMode})
}

// clearSessionCookie tells the browser to forget its session.
func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
}

// secureRequest reports whether the session cookie is to be Secure: always with SecureCookies,
// else when the request came over TLS or through a proxy that says its client used HTTPS
// (X-Forwarded-Proto: https, the first value when proxies are chained). Switchboard has no list
// of trusted proxies, but the header can only add Secure, and a client that forges it only stops
// its own browser from sending the cookie over plain HTTP.
func (s *Server) secureRequest(r *http.Request) bool {
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return s.SecureCookies || r.TLS != nil || strings.EqualFold(strings.TrimSpace(proto), "https")
}
