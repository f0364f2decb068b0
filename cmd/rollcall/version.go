package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time:
//
//	go build -ldflags "-X main.version=1.4.0" ./cmd/rollcall
var version = "dev"

const versionUsage = `
Usage: rollcall version

Prints the version, the Go version it was built with and, when it was built
from a git checkout, the commit.
`

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("version")
	rest, err := parseFlags(e, fs, versionUsage, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"version", fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	fmt.Fprintf(e.stdout, "rollcall %s (%s)\n", versionString(), runtime.Version())
	return nil
}

// versionString is the version with the commit it was built from, when Go
// recorded one: "dev+1fc1e40", "1.4.0+1fc1e40-modified".
func versionString() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	var revision string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision == "" {
		return version
	}
	if len(revision) > 12 {
		revision = revision[:12]
	}
	v := version + "+" + revision
	if modified {
		v += "-modified"
	}
	return v
}
