package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a bytes.Buffer safe to write from a running command
// while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// invocation is one call of run, as a shell would make it.
type invocation struct {
	args  []string
	env   map[string]string
	stdin string
}

// call runs the command and returns what it wrote and its exit code.
func call(ctx context.Context, inv invocation) (stdout, stderr string, code int, err error) {
	var out, errOut lockedBuffer
	getenv := func(k string) string { return inv.env[k] }
	var in io.Reader = strings.NewReader(inv.stdin)
	err = run(ctx, inv.args, getenv, in, &out, &errOut)
	return out.String(), errOut.String(), exitCode(err), err
}

func TestVersion(t *testing.T) {
	out, _, code, err := call(context.Background(), invocation{args: []string{"version"}})
	if code != 0 {
		t.Fatalf("exit %d: %v", code, err)
	}
	if !strings.HasPrefix(out, "rollcall dev") || !strings.Contains(out, "go1.") {
		t.Errorf("got %q, want \"rollcall dev… (go1.…)\"", out)
	}
}

func TestHelp(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"rollcall", []string{"--help"}, "Exit codes: 0 success, 1 failure, 2 usage error."},
		{"help word", []string{"help"}, "Commands:"},
		{"demo", []string{"demo", "--help"}, "Usage: rollcall demo"},
		{"serve", []string{"serve", "-h"}, "-insecure-cookies"},
		{"migrate", []string{"migrate", "--help"}, "Usage: rollcall migrate --db DSN"},
		{"version", []string{"version", "--help"}, "Usage: rollcall version"},
		{"user", []string{"user", "--help"}, "create"},
		{"user create", []string{"user", "create", "--help"}, "ROLLCALL_PASSWORD"},
		{"token", []string{"token", "--help"}, "create"},
		{"token create", []string{"token", "create", "--help"}, "nothing else"},
		{"import", []string{"import", "--help"}, "orgs"},
		{"import orgs", []string{"import", "orgs", "--help"}, "code,name,type,region,flags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code, err := call(context.Background(), invocation{args: tt.args})
			if code != 0 {
				t.Fatalf("exit %d (%v), want 0", code, err)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("help does not say %q:\n%s", tt.want, out)
			}
			if errOut != "" {
				t.Errorf("help wrote to stderr: %q", errOut)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		inv  invocation
		want string
	}{
		{"no command", invocation{args: nil}, "no command given"},
		{"unknown command", invocation{args: []string{"launch"}}, `unknown command "launch"`},
		{"unknown flag", invocation{args: []string{"serve", "--port", "80"}}, "flag provided but not defined: -port"},
		{"no database", invocation{args: []string{"migrate"}}, "no database"},
		{"both --db and --data", invocation{args: []string{"migrate", "--db", "a.db", "--data", "b"}}, "not both"},
		{"stray argument", invocation{args: []string{"migrate", "--data", "x", "extra"}}, `unexpected argument "extra"`},
		{"no subcommand", invocation{args: []string{"user"}}, "no subcommand given"},
		{"unknown subcommand", invocation{args: []string{"token", "revoke"}}, `unknown subcommand "revoke"`},
		{"user without email", invocation{args: []string{"user", "create", "--data", "x", "--name", "N"}}, "--email is required"},
		{"unknown role", invocation{args: []string{"user", "create", "--data", "x", "--email", "a@b.test", "--name", "N", "--role", "king"}}, `unknown role "king"`},
		{"token without email", invocation{args: []string{"token", "create", "--data", "x"}}, "--email is required"},
		{"import without file", invocation{args: []string{"import", "orgs", "--data", "x"}}, "no file given"},
		{"bad seed", invocation{args: []string{"demo", "--seed", "many"}}, "invalid value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, code, err := call(context.Background(), tt.inv)
			if code != 2 {
				t.Fatalf("exit %d (%v), want 2", code, err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "--help' for usage") {
				t.Errorf("got error %q, want it to say %q and point to --help", err, tt.want)
			}
			if out != "" {
				t.Errorf("wrote %q to stdout, want nothing", out)
			}
		})
	}
}

func TestPlainErrors(t *testing.T) {
	// A failure that is not a usage error exits 1 and says what is wrong
	// in words, not in codes.
	_, _, code, err := call(context.Background(), invocation{args: []string{"serve", "--data", t.TempDir()}})
	if code != 1 {
		t.Fatalf("exit %d (%v), want 1", code, err)
	}
	if msg := plain(err); !strings.Contains(msg, "rollcall migrate") {
		t.Errorf("got %q, want it to tell the operator to run rollcall migrate", msg)
	}
}
