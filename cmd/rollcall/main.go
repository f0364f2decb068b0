// Command rollcall is Rollcall's one binary: the demo, the server, and the
// operator's commands — migrations, the first accounts, API tokens and
// directory imports.
//
// Exit codes: 0 when the command did what was asked, 1 when it failed, 2
// when it was called wrongly (an unknown command or flag, a missing
// argument).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "rollcall: %s\n", plain(err))
	}
	os.Exit(exitCode(err))
}

// env is what a command may touch of the world outside it; tests give
// their own.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one of rollcall's commands.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands lists every command, in the order the help shows them.
var commands = []command{
	{"demo", "make a demonstration federation and serve it", runDemo},
	{"serve", "serve Rollcall over HTTP", runServe},
	{"migrate", "create or update the database schema", runMigrate},
	{"user", "manage user accounts (user create)", runUser},
	{"token", "issue API tokens (token create)", runToken},
	{"import", "import the directory or advisories (import orgs, import osv)", runImport},
	{"inventory", "save an organisation's software inventory (inventory import)", runInventory},
	{"exposure", "match the advisory library against the estate (exposure advisories)", runExposure},
	{"bench", "measure Rollcall on synthetic data (bench exposure)", runBench},
	{"collect", "gather this host's software inventory into a file", runCollect},
	{"version", "print the version", runVersion},
}

// run runs the command named by args[0]; it returns when the command is
// done or, for the servers, when ctx is cancelled or a SIGINT or SIGTERM
// arrives.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return usageError{"", "no command given"}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, mainUsage())
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, e, args[1:])
			if errors.Is(err, flag.ErrHelp) {
				return nil // the help was asked for and shown
			}
			return err
		}
	}
	return usageError{"", fmt.Sprintf("unknown command %q", args[0])}
}

func mainUsage() string {
	var b strings.Builder
	b.WriteString(`Rollcall sends security alerts to the organisations a cyber security centre
serves, makes each answer before its deadline, and shows who has acted.

Usage: rollcall COMMAND [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Run 'rollcall COMMAND --help' for a command's flags.
Start with 'rollcall demo', then open the address it prints.

Exit codes: 0 success, 1 failure, 2 usage error.
`)
	return b.String()
}

// usageError is a command called wrongly; it exits with status 2.
type usageError struct {
	command string // "serve", "user create"; "" for rollcall itself
	msg     string
}

func (e usageError) Error() string {
	help := "rollcall --help"
	if e.command != "" {
		help = "rollcall " + e.command + " --help"
	}
	return fmt.Sprintf("%s\nRun '%s' for usage.", e.msg, help)
}

// exitCode is the process's exit status for a command's error.
func exitCode(err error) int {
	var u usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return 2
	}
	return 1
}
