package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

	// The second run serves what the first made.
	addr = freeAddr(t)
	s = start(t, invocation{args: []string{"demo", "--data", dir, "--addr", addr, "--seed", "3"}})
	waitHealthy(t, s, "http://"+addr)
	if out := s.stdout.String(); !strings.Contains(out, "Serving the demo federation made on") || strings.Contains(out, "Made ") {
		t.Errorf("second run did not reuse the demo:\n%s", out)
	}
	if !strings.Contains(s.stderr.String(), "add --reset") {
		t.Errorf("second run with another seed did not say how to remake the demo:\n%s", s.stderr)
	}
	s.stop(t)
}
