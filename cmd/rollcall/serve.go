package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"rollcall"
	"rollcall/server"
	"rollcall/service"
)

const serveUsage = `
Usage: rollcall serve --db DSN [--addr HOST:PORT] [--policy FILE] [--insecure-cookies] [--migrate]

Serves Rollcall's pages and JSON API over HTTP until it receives SIGINT or
SIGTERM, then finishes the requests in flight and stops.

The database is a SQLite file path or a postgres:// URL, from --db, --data
or $ROLLCALL_DB. It must be migrated: serve refuses a database whose schema
is behind this build unless --migrate is given (or 'rollcall migrate' is
run first).

While it runs, serve moves overdue answers up the escalation ladder every
minute and deletes expired sessions every hour. Several replicas may serve
one PostgreSQL database behind a load balancer.

The policy file (JSON) sets the clocks per severity and the escalation
ladder; anything it leaves out keeps the defaults:

  {"clocks": {"high":   {"acknowledge": "48h", "remediate": "14d"},
              "medium": {"acknowledge": "7d",  "remediate": "30d"},
              "low":    {"acknowledge": "",    "remediate": "90d"}},
   "escalation": ["0h", "1d", "3d"]}

The session cookie is marked Secure (sent over HTTPS only) unless
--insecure-cookies is given: put Rollcall behind TLS, and use that flag only
to try it over plain HTTP on a machine of your own.

Environment: ROLLCALL_DB (the database), ROLLCALL_LOG_LEVEL (debug, info,
warn or error).
`

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("serve")
	dbf := addDBFlags(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on; use :8080 to listen on every interface")
	policyFile := fs.String("policy", "", "a JSON policy file of clocks and escalation times (default: the built-in policy)")
	insecure := fs.Bool("insecure-cookies", false, "do not mark the session cookie Secure (only for trying Rollcall over plain HTTP)")
	migrate := fs.Bool("migrate", false, "migrate the database before serving, instead of refusing an old schema")
	rest, err := parseFlags(e, fs, serveUsage, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"serve", fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	dsn, err := dbf.resolve("serve", e.getenv)
	if err != nil {
		return err
	}
	policy, err := loadPolicy(*policyFile)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, dsn, *migrate, "serve")
	if err != nil {
		return err
	}
	defer db.Close()
	log := newLogger(e)
	svc := withFeeds(service.New(db, rollcall.SystemClock{}, policy, log))
	if err := svc.CheckEndOfSupport(); err != nil {
		return fmt.Errorf("policy: %s", plain(err))
	}
	h := server.NewServer(svc, log, server.Options{SecureCookies: !*insecure, Version: versionString()})
	return serveHTTP(ctx, log, *addr, h, svc, func(url string) {
		fmt.Fprintf(e.stdout, "Rollcall %s is serving on %s\n", versionString(), url)
	})
}

// loadPolicy reads a policy file over the default policy; no file means
// the default.
func loadPolicy(path string) (rollcall.Policy, error) {
	if path == "" {
		return rollcall.DefaultPolicy(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return rollcall.Policy{}, fmt.Errorf("read the policy file: %w", err)
	}
	p, err := rollcall.ParsePolicy(data)
	if err != nil {
		return rollcall.Policy{}, fmt.Errorf("policy file %s: %s", path, plain(err))
	}
	return p, nil
}

// Timeouts of the HTTP server: generous for a slow report, short for a
// client that sends its headers slowly.
const (
	readHeaderTimeout = 10 * time.Second
	writeTimeout      = 2 * time.Minute
	shutdownTimeout   = 20 * time.Second
)

// serveHTTP serves h on addr, with the background loops, until ctx is
// done; then it stops taking requests, lets those in flight finish, and
// waits for the loops to stop. onListen is told the address in use.
func serveHTTP(ctx context.Context, log *slog.Logger, addr string, h http.Handler, svc *service.Service, onListen func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	loopCtx, stopLoops := context.WithCancel(ctx)
	var loops sync.WaitGroup
	startLoops(loopCtx, &loops, log, svc)
	defer func() {
		stopLoops()
		loops.Wait()
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	log.Info("serving", "addr", url)
	if onListen != nil {
		onListen(url)
	}
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
