package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"rollcall"
)

type ctxKey int

const actorKey ctxKey = iota

// actorFrom returns the caller, or nil when nobody is signed in.
func actorFrom(ctx context.Context) *rollcall.Actor {
	a, _ := ctx.Value(actorKey).(*rollcall.Actor)
	return a
}

// sessionUserKey holds the signed-in user's ID in the session.
const sessionUserKey = "user_id"

// authenticate resolves the caller from a bearer token or the session. A
// bad token is refused at once rather than treated as anonymous, so a
// script with a revoked token hears about it.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, secret, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
				s.error(w, r, rollcall.Errorf(rollcall.EUNAUTHORIZED, "The Authorization header must be \"Bearer <token>\"."))
				return
			}
			actor, err := s.svc.ActorForToken(ctx, strings.TrimSpace(secret))
			if err != nil {
				s.error(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, actorKey, actor)))
			return
		}
		if id := s.sessions.GetInt64(ctx, sessionUserKey); id != 0 {
			actor, err := s.svc.ActorFor(ctx, id)
			switch code := rollcall.ErrorCode(err); {
			case err == nil:
				ctx = context.WithValue(ctx, actorKey, actor)
			case code == rollcall.ENOTFOUND || code == rollcall.EUNAUTHORIZED:
				_ = s.sessions.Destroy(ctx)
			default:
				s.error(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// securityHeaders sets the headers every response carries. Pages load
// scripts and styles only from Rollcall itself.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status written, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverAndLog logs every request and turns a panic into an internal error
// instead of a dropped connection.
func (s *Server) recoverAndLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				s.internalError(rec, r, fmt.Errorf("panic: %v", v))
			}
			s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "took", time.Since(start))
		}()
		next.ServeHTTP(rec, r)
	})
}
