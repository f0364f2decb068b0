package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"rollcall"
	"rollcall/server"
	"rollcall/service"
)

const serveUsage = `
Usage: rollcall serve --db DSN [--addr HOST:PORT] [--policy FILE] [--insecure-cookies] [--migrate]
                     [--public-url URL] [--csaf-key FILE [--csaf-key-passphrase-env NAME]] [--csaf-publisher NAME]
                     [--feed-dir DIR]

Serves Rollcall's pages and JSON API over HTTP until it receives SIGINT or
SIGTERM, then finishes the requests in flight and stops.

The database is a SQLite file path or a postgres:// URL, from --db, --data
or $ROLLCALL_DB. It must be migrated: serve refuses a database whose schema
is behind this build unless --migrate is given (or 'rollcall migrate' is
run first).

While it runs, serve moves overdue answers up the escalation ladder every
minute, reads the feed sources that are due every minute, and deletes
expired sessions every hour. Several replicas may serve one PostgreSQL
database behind a load balancer.

Feed sources are web addresses; a source may read a file or folder on this
server only under a --feed-dir folder (give the flag again for more), so
that analysts cannot point Rollcall at the server's other files.

The policy file (JSON) sets the clocks per severity and the escalation
ladder; anything it leaves out keeps the defaults:

  {"clocks": {"high":   {"acknowledge": "48h", "remediate": "14d"},
              "medium": {"acknowledge": "7d",  "remediate": "30d"},
              "low":    {"acknowledge": "",    "remediate": "90d"}},
   "escalation": ["0h", "1d", "3d"]}

The session cookie is marked Secure (sent over HTTPS only) unless
--insecure-cookies is given: put Rollcall behind TLS, and use that flag only
to try it over plain HTTP on a machine of your own.

The public address (--public-url, e.g. https://rollcall.example.nhs.uk:
scheme and host only) is used for every address in the public CSAF
provider files and the Atom feed; without it they are made from each
request's Host header, which a client can forge. It must be https; http is
allowed only for localhost, 127.0.0.1 or [::1], for a trial.

Rollcall publishes its alerts sent to every organisation as a CSAF 2.0
provider under /.well-known/csaf/. With --csaf-key, an ASCII-armoured
OpenPGP private key (gpg --export-secret-keys --armor FINGERPRINT), each
document is signed (NAME.json.asc) and the public key is served at
/.well-known/csaf/openpgp/FINGERPRINT.asc; with an https --public-url too,
the provider metadata claims the csaf_trusted_provider role. A key with a
passphrase needs --csaf-key-passphrase-env naming the environment variable
that holds it (never the passphrase itself on the command line).
--csaf-publisher names the publisher (default "Rollcall").

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
	publicURL := fs.String("public-url", "", "the site's public `URL`, scheme and host (https://rollcall.example.nhs.uk), used for every address in the public CSAF and Atom files")
	csafKey := fs.String("csaf-key", "", "an ASCII-armoured OpenPGP private key `FILE` to sign the CSAF documents with")
	passEnv := fs.String("csaf-key-passphrase-env", "", "the environment variable `NAME` holding the --csaf-key passphrase")
	publisher := fs.String("csaf-publisher", "Rollcall", "the CSAF documents' publisher `NAME`")
	var feedDirs feedDirFlag
	fs.Var(&feedDirs, "feed-dir", "a `DIR` on this server whose files feed sources may read (repeatable)")
	rest, err := parseFlags(e, fs, serveUsage, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"serve", fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	base, err := checkPublicURL(*publicURL)
	if err != nil {
		return usageError{"serve", err.Error()}
	}
	if strings.TrimSpace(*publisher) == "" {
		return usageError{"serve", "--csaf-publisher must name the publisher"}
	}
	if *passEnv != "" && *csafKey == "" {
		return usageError{"serve", "--csaf-key-passphrase-env is the passphrase of --csaf-key, which is not given"}
	}
	dsn, err := dbf.resolve("serve", e.getenv)
	if err != nil {
		return err
	}
	policy, err := loadPolicy(*policyFile)
	if err != nil {
		return err
	}
	key, err := loadCSAFKey(e, *csafKey, *passEnv)
	if err != nil {
		return err
	}
	if key != nil && base == "" {
		// Without it, documents name whatever host a request gives, and
		// the centre's key would sign a document pointing at anyone's.
		return usageError{"serve", "--csaf-key needs --public-url: documents are signed only when every address in them is the site's own"}
	}
	db, err := openStore(ctx, dsn, *migrate, "serve")
	if err != nil {
		return err
	}
	defer db.Close()
	log := newLogger(e)
	svc := withFeeds(service.New(db, rollcall.SystemClock{}, policy, log))
	svc.SetFeedRoots(feedDirs)
	if err := svc.CheckEndOfSupport(); err != nil {
		return fmt.Errorf("policy: %s", plain(err))
	}
	if key != nil && !strings.HasPrefix(base, "https://") {
		log.Warn("CSAF documents are signed, but without an https --public-url the provider does not claim the csaf_trusted_provider role", "fingerprint", key.Fingerprint())
	}
	h := server.NewServer(svc, log, server.Options{SecureCookies: !*insecure, Version: versionString(),
		PublicURL: base, CSAFPublisher: strings.TrimSpace(*publisher), CSAFSigningKey: key})
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

// checkPublicURL checks --public-url: an absolute https address of a site's
// root (http only for this machine), returned without a trailing slash.
// "" is allowed: the addresses are then made from each request.
func checkPublicURL(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("--public-url %q is not an absolute address like https://rollcall.example.nhs.uk", raw)
	}
	switch host := u.Hostname(); {
	case u.Scheme == "https":
	case u.Scheme == "http" && (host == "localhost" || host == "127.0.0.1" || host == "::1"):
	case u.Scheme == "http":
		return "", fmt.Errorf("--public-url %q must be https: CSAF requires TLS, and plain http is allowed only for localhost, 127.0.0.1 or [::1]", raw)
	default:
		return "", fmt.Errorf("--public-url %q must be an https address", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Trim(u.Path, "/") != "" {
		return "", fmt.Errorf("--public-url %q must be the site's root, scheme and host only: Rollcall serves /.well-known/csaf/ at the root", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

// loadCSAFKey reads --csaf-key, decrypting it with the passphrase in the
// environment variable passEnv names; no file means no key.
func loadCSAFKey(e *env, path, passEnv string) (*server.CSAFKey, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read the CSAF key: %w", err)
	}
	defer f.Close()
	var pass []byte
	if passEnv != "" {
		v := e.getenv(passEnv)
		if v == "" {
			return nil, fmt.Errorf("CSAF key %s: the environment variable %s, named by --csaf-key-passphrase-env, is empty or not set", path, passEnv)
		}
		pass = []byte(v)
	}
	key, err := server.ReadCSAFKey(f, pass)
	switch {
	case errors.Is(err, server.ErrCSAFKeyEncrypted):
		return nil, fmt.Errorf("CSAF key %s is encrypted: put its passphrase in an environment variable and name it with --csaf-key-passphrase-env", path)
	case errors.Is(err, server.ErrCSAFKeyPassphrase):
		return nil, fmt.Errorf("CSAF key %s: the passphrase in %s does not decrypt it", path, passEnv)
	case err != nil:
		return nil, fmt.Errorf("CSAF key %s: %v", path, err)
	}
	return key, nil
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

// feedDirFlag collects --feed-dir folders, each made absolute.
type feedDirFlag []string

func (f *feedDirFlag) String() string { return strings.Join(*f, ",") }

func (f *feedDirFlag) Set(v string) error {
	abs, err := filepath.Abs(strings.TrimSpace(v))
	if err != nil || strings.TrimSpace(v) == "" {
		return fmt.Errorf("%q is not a folder", v)
	}
	if info, err := os.Stat(abs); err != nil || !info.IsDir() {
		return fmt.Errorf("%s is not a folder on this server", abs)
	}
	*f = append(*f, abs)
	return nil
}
