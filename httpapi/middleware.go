package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// reqState is what the middleware learns about a request, shared by pointer so that outer
// layers (the access log, panic recovery) see what inner ones (authentication) found.
type reqState struct {
	id      string
	agentID int64
	bearer  bool  // authenticated by an API token rather than the session cookie
	authErr error // why the credentials sent were refused, if they were
	rw      *responseWriter
}

type stateKey struct{}

// stateOf returns the request's state, or nil outside the middleware.
func stateOf(r *http.Request) *reqState {
	st, _ := r.Context().Value(stateKey{}).(*reqState)
	return st
}

// requestIDOf returns the request's id, or "" outside the middleware.
func requestIDOf(r *http.Request) string {
	if st := stateOf(r); st != nil {
		return st.id
	}
	return ""
}

// responseWriter remembers the status and size of a response for the access log, and whether
// it has started, so the error writer never writes a second header.
type responseWriter struct {
	http.ResponseWriter
	status      int
	size        int64
	wroteHeader bool
}

func (w *responseWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flushing, deadlines, hijacking).
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverPanics is the outermost layer: it turns a panic anywhere below into a logged 500 with
// the request id, so one bad request never takes the server down or leaks a stack trace.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &reqState{rw: &responseWriter{ResponseWriter: w}}
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { //nolint:errorlint // the sentinel is compared, as net/http does
				panic(v)
			}
			s.writeError(st.rw, r, &panicError{value: v, stack: debug.Stack()})
		}()
		next.ServeHTTP(st.rw, r)
	})
}

// requestID names every request, reusing a sane X-Request-Id from a proxy in front of us, and
// echoes it in the response so a user's report can be found in the logs.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			b := make([]byte, 12)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		if st := stateOf(r); st != nil {
			st.id = id
		}
		w.Header().Set("X-Request-Id", id)
		// API answers are private and change all the time: no cache may keep them.
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// validRequestID accepts ids of 1 to 64 letters, digits and -_.: so a client cannot inject
// anything odd into the logs.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c)
		if !ok {
			return false
		}
	}
	return true
}

// accessLog writes one line per request. A request whose handler panicked is logged as 500:
// the recovery layer above writes that answer after this layer has returned.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		completed := false
		defer func() {
			st := stateOf(r)
			status, size := http.StatusInternalServerError, int64(0)
			if st != nil && st.rw != nil {
				size = st.rw.size
				if completed {
					status = st.rw.status
					if status == 0 {
						status = http.StatusOK
					}
				}
			}
			attrs := []any{"method", r.Method, "path", r.URL.Path, "status", status, "size", size,
				"duration_ms", float64(time.Since(start).Microseconds()) / 1000, "request_id", requestIDOf(r)}
			if st != nil && st.agentID != 0 {
				attrs = append(attrs, "agent_id", st.agentID)
			}
			s.logger().InfoContext(r.Context(), "http request", attrs...)
		}()
		next.ServeHTTP(w, r)
		completed = true
	})
}

// bodyLimit is a route's own body limit, found by the route's path segments ({x} matches any).
type bodyLimit struct {
	method string
	path   []string
	bytes  int64
}

func (l bodyLimit) matches(method string, segments []string) bool {
	if method != l.method || len(segments) != len(l.path) {
		return false
	}
	for i, p := range l.path {
		if p != segments[i] && !strings.HasPrefix(p, "{") {
			return false
		}
	}
	return true
}

// limitBody bounds every request body: by the route's own limit when it has one (uploads), else
// by MaxBodyBytes. A declared length over the limit is refused at once; a body that grows past it
// fails when read, which the decoder reports as 413 too.
func (s *Server) limitBody(next http.Handler, routes []bodyLimit) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.MaxBodyBytes
		if limit <= 0 {
			limit = DefaultMaxBodyBytes
		}
		if r.Method != http.MethodGet && len(routes) > 0 {
			segments := strings.Split(r.URL.Path, "/")
			for _, l := range routes {
				if l.matches(r.Method, segments) {
					limit = l.bytes
					break
				}
			}
		}
		if r.ContentLength > limit {
			s.writeError(w, r, &http.MaxBytesError{Limit: limit})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// sessionCookie names the browser session cookie.
const sessionCookie = "sb_session"

// authenticate identifies the agent behind the request: an API token in "Authorization: Bearer"
// or the session cookie. Credentials that are refused do not fail the request here: public
// routes still work, and protected routes answer 401 with the reason (see unauthenticated).
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		st := stateOf(r)
		var a *switchboard.Agent
		var sess *switchboard.Session
		var err error
		bearer := false
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, secret, _ := strings.Cut(h, " ")
			secret = strings.TrimSpace(secret)
			if !strings.EqualFold(scheme, "Bearer") || secret == "" {
				err = switchboard.Errorf(switchboard.EUNAUTHORIZED, "Send an API token as Authorization: Bearer <token>.")
			} else if strings.HasPrefix(secret, "sbi_") {
				// An inbox's integration token: it acts for that inbox only.
				var inboxID int64
				if inboxID, err = s.Inboxes.InboxForToken(ctx, secret); err == nil {
					ctx = switchboard.NewContextWithInbox(ctx, inboxID)
				}
				bearer = true
			} else {
				a, err = s.Auth.TokenAgent(ctx, secret)
				bearer = true
			}
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
			a, sess, err = s.Auth.SessionAgent(ctx, c.Value)
		}
		if err != nil && switchboard.ErrorCode(err) != switchboard.EUNAUTHORIZED {
			s.writeError(w, r, err) // the store failed: that is ours, not the caller's
			return
		}
		if st != nil {
			st.authErr = err
		}
		if err == nil && a != nil {
			var sessionID int64 // the session survives its agent's change of password
			if sess != nil {
				sessionID = sess.ID
			}
			ctx = switchboard.NewContextWithSession(ctx, a, sessionID)
			if st != nil {
				st.agentID, st.bearer = a.ID, bearer
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// unauthenticated answers a protected route called without valid credentials. A refused
// session cookie is cleared, so the browser stops sending it.
func (s *Server) unauthenticated(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && r.Header.Get("Authorization") == "" {
		s.clearSessionCookie(w, r)
	}
	if st := stateOf(r); st != nil && st.authErr != nil {
		return st.authErr
	}
	return switchboard.Errorf(switchboard.EUNAUTHORIZED, "Sign in first.")
}

// csrf refuses cross-origin browser requests that change state (see http.CrossOriginProtection:
// it reads Sec-Fetch-Site, or compares Origin with Host). Requests authenticated by an API token
// are exempt: a browser never attaches a token on its own, so a token proves intent. Every other
// request is checked, signed in or not, which also stops login and setup forgery.
func (s *Server) csrf(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := widgetInbox(r.URL.Path); ok {
			// The visitor API is cross-origin by design, authenticated by a token a browser
			// never attaches on its own; widgetOrigins checked the origin.
			next.ServeHTTP(w, r)
			return
		}
		if r.URL.Path == unsubscribePath {
			// A notification email's unsubscribe link: its token authenticates, and a mail
			// client's one-click unsubscribe (RFC 8058) posts from anywhere.
			next.ServeHTTP(w, r)
			return
		}
		if st := stateOf(r); st == nil || !st.bearer {
			if err := cop.Check(r); err != nil {
				s.writeError(w, r, switchboard.Errorf(switchboard.EFORBIDDEN, "Cross-origin request refused."))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
