// Package server is Rollcall's HTTP edge: the pages people use and the
// JSON API machines use, over one service. routes.go lists every route.
package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"rollcall/service"
)

// Options configure the server.
type Options struct {
	// SecureCookies marks the session cookie Secure; set it whenever the
	// server is reached over HTTPS (always, outside a demo on localhost).
	SecureCookies bool
	// Version is shown in the footer and the OpenAPI document.
	Version string
	// Banner, when set, is shown at the top of every page (the demo says
	// so here).
	Banner string
	// PublicURL is the site's canonical address, scheme and host only
	// (https://rollcall.example.nhs.uk). When set, every absolute address
	// in the public bodies — the CSAF provider metadata, ROLIE feed and
	// documents, the Atom feed, the VEX namespace — is made from it, never
	// from the request. When empty they are made from the request's Host
	// header (see csaf_provider.go): a forged Host then ends up in those
	// bodies, which are public and cacheable for five minutes, so a cache
	// in front keyed without the Host could serve it to others. Set it
	// outside a demo.
	PublicURL string
	// CSAFPublisher names the centre as the CSAF documents' publisher, in
	// the provider metadata and as the Atom feed's author; "" is
	// "Rollcall".
	CSAFPublisher string
	// CSAFSigningKey, when set, signs every public CSAF document (served
	// at its address + ".asc") and its public part is served and listed
	// in the provider metadata. nil serves the documents unsigned.
	// ReadCSAFKey reads one.
	CSAFSigningKey *CSAFKey
}

// Server serves Rollcall over HTTP.
type Server struct {
	svc      *service.Service
	log      *slog.Logger
	opts     Options
	sessions *scs.SessionManager
	mux      *http.ServeMux
	h        http.Handler
}

// sessionLifetime bounds a sign-in; idleTimeout ends one left unused.
const (
	sessionLifetime = 12 * time.Hour
	idleTimeout     = 2 * time.Hour
)

// NewServer returns the HTTP handler for Rollcall.
func NewServer(svc *service.Service, log *slog.Logger, opts Options) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sm := scs.New()
	sm.Store = svc.Sessions()
	sm.Lifetime = sessionLifetime
	sm.IdleTimeout = idleTimeout
	sm.HashTokenInStore = true
	sm.Cookie.Name = "rollcall_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = opts.SecureCookies
	if opts.SecureCookies {
		// The __Host- prefix makes browsers refuse the cookie unless it is
		// Secure, host-only and for the whole site: no sibling domain can
		// plant or read it.
		sm.Cookie.Name = "__Host-rollcall_session"
	}
	sm.Cookie.Persist = false
	s := &Server{svc: svc, log: log, opts: opts, sessions: sm, mux: http.NewServeMux()}
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.internalError(w, r, err)
	}
	s.routes()
	s.h = s.handler()
	return s
}

// ServeHTTP runs every request through the middleware to the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.h.ServeHTTP(w, r)
}

// handler wraps the routes, outermost first: recovery and logging, security
// headers, cross-origin protection for every state-changing request (this
// is Rollcall's CSRF defence, with SameSite=Lax cookies behind it), the
// session, then the caller's identity.
func (s *Server) handler() http.Handler {
	var h http.Handler = s.mux
	h = s.authenticate(h)
	h = s.sessions.LoadAndSave(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, errCrossOrigin)
	}))
	h = cop.Handler(h)
	h = securityHeaders(h)
	h = s.recoverAndLog(h)
	return h
}
