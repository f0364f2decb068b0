package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"

	"rollcall/demo"
)

// freeAddr returns a loopback address with a port nobody is using now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// started is a command running in the background.
type started struct {
	cancel context.CancelFunc
	done   chan error
	stdout *lockedBuffer
	stderr *lockedBuffer
}

// start runs the command until stop is called.
func start(t *testing.T, inv invocation) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &started{cancel: cancel, done: make(chan error, 1), stdout: &lockedBuffer{}, stderr: &lockedBuffer{}}
	getenv := func(k string) string { return inv.env[k] }
	go func() { s.done <- run(ctx, inv.args, getenv, strings.NewReader(inv.stdin), s.stdout, s.stderr) }()
	t.Cleanup(func() { s.stop(t) })
	return s
}

// stop cancels the command and waits for it to shut down cleanly.
func (s *started) stop(t *testing.T) {
	t.Helper()
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("shut down with an error: %v\nstderr: %s", err, s.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Error("did not shut down within 30 seconds")
	}
}

// waitHealthy polls /healthz until it answers 200, failing if the command
// stops first or it takes too long.
func waitHealthy(t *testing.T, s *started, base string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.cancel = nil
			t.Fatalf("stopped before it was healthy: %v\nstderr: %s", err, s.stderr)
		default:
		}
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("not healthy within a minute\nstderr: %s", s.stderr)
}

func get(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// TestServe runs the server end to end: migrate, a user and a token, then
// serve on a free port until cancelled.
func TestServe(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, inv := range []invocation{
		{args: []string{"migrate", "--data", dir}},
		{args: []string{"user", "create", "--data", dir, "--email", "lee@centre.test", "--name", "Lee Analyst"}, stdin: testPassword},
	} {
		if _, _, code, err := call(ctx, inv); code != 0 {
			t.Fatalf("rollcall %s: %v", inv.args[0], err)
		}
	}
	token, _, _, err := call(ctx, invocation{args: []string{"token", "create", "--data", dir, "--email", "lee@centre.test"}})
	must(t, err)
	token = strings.TrimSpace(token)
	policy := filepath.Join(t.TempDir(), "policy.json")
	must(t, os.WriteFile(policy, []byte(`{"clocks": {"high": {"acknowledge": "24h", "remediate": "7d"}}}`), 0o600))

	addr := freeAddr(t)
	base := "http://" + addr
	s := start(t, invocation{args: []string{"serve", "--addr", addr, "--policy", policy},
		env: map[string]string{"ROLLCALL_DB": filepath.Join(dir, "rollcall.db")}})
	waitHealthy(t, s, base)

	if !strings.Contains(s.stdout.String(), "serving on "+base) {
		t.Errorf("serve printed %q, want the address it serves on", s.stdout)
	}
	if status, body := get(t, base+"/api/openapi.json", ""); status != http.StatusOK || !json.Valid(body) {
		t.Errorf("GET /api/openapi.json: %d, valid JSON %v; want 200 and JSON", status, json.Valid(body))
	}
	if status, _ := get(t, base+"/api/v1/alerts", token); status != http.StatusOK {
		t.Errorf("GET /api/v1/alerts with the token: %d, want 200", status)
	}
	if status, _ := get(t, base+"/api/v1/alerts", ""); status != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/alerts without a token: %d, want 401", status)
	}
	s.stop(t)
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still answering after shutdown")
	}
}

func TestServeRefusesBadPolicy(t *testing.T) {
	dir := t.TempDir()
	if _, _, code, err := call(context.Background(), invocation{args: []string{"migrate", "--data", dir}}); code != 0 {
		t.Fatal(err)
	}
	policy := filepath.Join(dir, "policy.json")
	must(t, os.WriteFile(policy, []byte(`{"clocks": {"urgent": {"acknowledge": "1h"}}}`), 0o600))
	_, _, code, err := call(context.Background(), invocation{args: []string{"serve", "--data", dir, "--policy", policy, "--addr", freeAddr(t)}})
	if code != 1 || !strings.Contains(plain(err), `Unknown severity "urgent"`) {
		t.Errorf("exit %d, error %v; want 1 and the policy's fault", code, err)
	}
}

// TestDemo makes the demo, serves it, signs in with the printed token-less
// accounts' API, then serves the same demo again without remaking it.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a whole demo federation")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	addr := freeAddr(t)
	s := start(t, invocation{args: []string{"demo", "--data", dir, "--addr", addr}})
	waitHealthy(t, s, "http://"+addr)
	out := s.stdout.String()
	for _, want := range []string{"Made 856 organisations", "MS17-010 roll call now", "http://" + addr,
		demo.AnalystEmail, demo.TrustLeadEmail, demo.SupportResponderEmail, demo.Password, "Data-security lead"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	token, _, _, err := call(context.Background(), invocation{args: []string{"token", "create", "--data", dir, "--email", demo.AnalystEmail}})
	must(t, err)
	if status, body := get(t, "http://"+addr+"/api/v1/alerts", strings.TrimSpace(token)); status != http.StatusOK || !strings.Contains(string(body), "MS17-010") {
		t.Errorf("GET /api/v1/alerts as the analyst: %d, mentions MS17-010: %v", status, strings.Contains(string(body), "MS17-010"))
	}
	s.stop(t)

	// The second run, with the same flags, serves what the first made.
	addr = freeAddr(t)
	s = start(t, invocation{args: []string{"demo", "--data", dir, "--addr", addr}})
	waitHealthy(t, s, "http://"+addr)
	if out := s.stdout.String(); !strings.Contains(out, "Serving the demo federation made on") || strings.Contains(out, "Made ") {
		t.Errorf("second run did not reuse the demo:\n%s", out)
	}
	s.stop(t)

	// A run whose flags ask for another federation makes it anew, saying
	// why, rather than silently serving the old one.
	addr = freeAddr(t)
	s = start(t, invocation{args: []string{"demo", "--data", dir, "--addr", addr, "--seed", "3"}})
	waitHealthy(t, s, "http://"+addr)
	out = s.stdout.String()
	for _, want := range []string{"made with other settings", "seed 3, not 2017", "Made 856 organisations", "of the timeline"} {
		if !strings.Contains(out, want) {
			t.Errorf("third run with another seed does not say %q:\n%s", want, out)
		}
	}
	s.stop(t)
}

func TestCheckPublicURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                                     "",
		"https://rollcall.example.nhs.uk":      "https://rollcall.example.nhs.uk",
		"https://rollcall.example.nhs.uk/":     "https://rollcall.example.nhs.uk",
		"https://rollcall.example.nhs.uk:8443": "https://rollcall.example.nhs.uk:8443",
		"http://localhost:8080":                "http://localhost:8080",
		"http://127.0.0.1:8080/":               "http://127.0.0.1:8080",
		"http://[::1]:8080":                    "http://[::1]:8080",
	} {
		if got, err := checkPublicURL(in); err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"rollcall.example.nhs.uk":              "not an absolute address",
		"/alerts":                              "not an absolute address",
		"https://":                             "not an absolute address",
		"http://rollcall.example.nhs.uk":       "only for localhost",
		"ftp://rollcall.example.nhs.uk":        "must be an https address",
		"https://rollcall.example.nhs.uk/csaf": "root",
		"https://rollcall.example.nhs.uk/?a=1": "root",
		"https://user@rollcall.example.nhs.uk": "root",
		"https://rollcall.example.nhs.uk/#top": "root",
		"mailto:csaf@rollcall.example.nhs.uk":  "not an absolute address",
	} {
		if got, err := checkPublicURL(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %q, %v; want an error saying %q", in, got, err, want)
		}
	}
}

// writeKey writes an OpenPGP private key for the tests to FILE, encrypted
// with passphrase when it is not empty, and returns its fingerprint.
func writeKey(t *testing.T, path, passphrase string, canSign bool) string {
	t.Helper()
	e, err := openpgp.NewEntity("Rollcall test CSAF", "", "csaf@rollcall.test", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	must(t, err)
	var buf bytes.Buffer
	w, err := armor.Encode(&buf, openpgp.PrivateKeyType, nil)
	must(t, err)
	switch {
	case !canSign:
		e.PrimaryIdentity().SelfSignature.FlagSign = false
		must(t, e.SerializePrivate(w, nil))
	case passphrase != "":
		must(t, e.EncryptPrivateKeys([]byte(passphrase), nil))
		must(t, e.SerializePrivateWithoutSigning(w, nil))
	default:
		must(t, e.SerializePrivateWithoutSigning(w, nil))
	}
	must(t, w.Close())
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	return strings.ToUpper(hex.EncodeToString(e.PrimaryKey.Fingerprint))
}

// TestServeCSAFFlagErrors: a bad --public-url or a misused flag is a usage
// error (exit 2); a key file that cannot be used is a failure (exit 1),
// as a bad policy file is. Neither opens the database.
func TestServeCSAFFlagErrors(t *testing.T) {
	dir := t.TempDir()
	keys := t.TempDir()
	good := filepath.Join(keys, "good.asc")
	writeKey(t, good, "", true)
	encrypted := filepath.Join(keys, "encrypted.asc")
	writeKey(t, encrypted, "correct horse", true)
	noSign := filepath.Join(keys, "nosign.asc")
	writeKey(t, noSign, "", false)
	garbage := filepath.Join(keys, "garbage.asc")
	must(t, os.WriteFile(garbage, []byte("not a key\n"), 0o600))

	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		code int
		want string
	}{
		{"http url", []string{"--public-url", "http://rollcall.example.nhs.uk"}, nil, 2, "must be https"},
		{"relative url", []string{"--public-url", "rollcall.example.nhs.uk"}, nil, 2, "not an absolute address"},
		{"url with a path", []string{"--public-url", "https://rollcall.example.nhs.uk/rollcall"}, nil, 2, "root"},
		{"empty publisher", []string{"--csaf-publisher", " "}, nil, 2, "--csaf-publisher"},
		{"passphrase without key", []string{"--csaf-key-passphrase-env", "PASS"}, nil, 2, "--csaf-key"},
		{"missing key file", []string{"--csaf-key", filepath.Join(keys, "none.asc")}, nil, 1, "read the CSAF key"},
		{"not a key", []string{"--csaf-key", garbage}, nil, 1, "no ASCII-armoured OpenPGP data"},
		{"encrypted, no passphrase", []string{"--csaf-key", encrypted}, nil, 1, "--csaf-key-passphrase-env"},
		{"passphrase variable unset", []string{"--csaf-key", encrypted, "--csaf-key-passphrase-env", "PASS"}, nil, 1, "PASS"},
		{"wrong passphrase", []string{"--csaf-key", encrypted, "--csaf-key-passphrase-env", "PASS"}, map[string]string{"PASS": "wrong"}, 1, "does not decrypt"},
		{"cannot sign", []string{"--csaf-key", noSign}, nil, 1, "cannot sign"},
		{"feed folder missing", []string{"--feed-dir", filepath.Join(keys, "no-such-folder")}, nil, 2, "not a folder"},
		{"key without public url", []string{"--csaf-key", good}, nil, 2, "--public-url"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, tt.args...)
			_, _, code, err := call(context.Background(), invocation{args: args, env: tt.env})
			if code != tt.code || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("exit %d, error %v; want %d and %q", code, err, tt.code, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "rollcall.db")); err == nil {
		t.Error("a refused serve made a database")
	}
}

// TestServeCSAFSigned serves with an encrypted key and a public URL: the
// provider metadata names the public URL and the key, which is served.
func TestServeCSAFSigned(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, _, code, err := call(ctx, invocation{args: []string{"migrate", "--data", dir}}); code != 0 {
		t.Fatal(err)
	}
	key := filepath.Join(t.TempDir(), "csaf.asc")
	fp := writeKey(t, key, "correct horse", true)
	addr := freeAddr(t)
	base := "http://" + addr
	s := start(t, invocation{args: []string{"serve", "--data", dir, "--addr", addr, "--public-url", "https://rollcall.example.nhs.uk",
		"--csaf-key", key, "--csaf-key-passphrase-env", "CSAF_PASS", "--csaf-publisher", "NHS Test CERT"},
		env: map[string]string{"CSAF_PASS": "correct horse"}})
	waitHealthy(t, s, base)
	status, body := get(t, base+"/.well-known/csaf/provider-metadata.json", "")
	var md struct {
		CanonicalURL string `json:"canonical_url"`
		Role         string `json:"role"`
		Publisher    struct {
			Name string `json:"name"`
		} `json:"publisher"`
		Keys []struct{ Fingerprint, URL string } `json:"public_openpgp_keys"`
	}
	must(t, json.Unmarshal(body, &md))
	keyURL := "https://rollcall.example.nhs.uk/.well-known/csaf/openpgp/" + fp + ".asc"
	if status != http.StatusOK || md.CanonicalURL != "https://rollcall.example.nhs.uk/.well-known/csaf/provider-metadata.json" ||
		md.Role != "csaf_trusted_provider" || md.Publisher.Name != "NHS Test CERT" || len(md.Keys) != 1 || md.Keys[0].Fingerprint != fp || md.Keys[0].URL != keyURL {
		t.Errorf("provider metadata: %d\n%s", status, body)
	}
	status, body = get(t, base+"/.well-known/csaf/openpgp/"+fp+".asc", "")
	if status != http.StatusOK || !strings.Contains(string(body), "BEGIN PGP PUBLIC KEY BLOCK") || strings.Contains(string(body), "PRIVATE") {
		t.Errorf("public key: %d\n%s", status, body)
	}
	s.stop(t)
}
