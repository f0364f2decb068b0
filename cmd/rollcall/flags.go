package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"rollcall"
)

// newFlagSet returns the flag set of a command, named as it is typed
// ("user create"). It prints nothing itself: errors are reported by main,
// in one place, and help by parseFlags.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args into fs, allowing flags after the positional
// arguments too ("import orgs FILE --db X"), and returns the positional
// ones. Asked for help, it prints usage and the flags to stdout and
// returns flag.ErrHelp; a bad flag is a usageError.
func parseFlags(e *env, fs *flag.FlagSet, usage string, args []string) ([]string, error) {
	var positional []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			printHelp(e.stdout, fs, usage)
			return nil, flag.ErrHelp
		} else if err != nil {
			return nil, usageError{fs.Name(), err.Error()}
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func printHelp(w io.Writer, fs *flag.FlagSet, usage string) {
	fmt.Fprintln(w, strings.TrimSpace(usage))
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// flagWasSet reports whether the flag was given on the command line.
func flagWasSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// plain writes an error in words: a domain error's message, with the
// field at fault, rather than its codes.
func plain(err error) string {
	var re *rollcall.Error
	if errors.As(err, &re) {
		if re.Field != "" {
			return re.Field + ": " + re.Message
		}
		return re.Message
	}
	return err.Error()
}

// newLogger logs to stderr as text, at the level named by
// ROLLCALL_LOG_LEVEL (debug, info, warn, error; info by default). Debug
// logs every request.
func newLogger(e *env) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(e.getenv("ROLLCALL_LOG_LEVEL"))); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}

// subcommand is one of a command's subcommands ("user create").
type subcommand struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// runSubcommand runs the subcommand args[0] of command, or prints the
// command's help.
func runSubcommand(ctx context.Context, e *env, command, usage string, subs []subcommand, args []string) error {
	if len(args) == 0 {
		return usageError{command, "no subcommand given"}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(e.stdout, strings.TrimSpace(usage))
		fmt.Fprintln(e.stdout, "\nSubcommands:")
		for _, s := range subs {
			fmt.Fprintf(e.stdout, "  %-8s %s\n", s.name, s.summary)
		}
		fmt.Fprintf(e.stdout, "\nRun 'rollcall %s SUBCOMMAND --help' for its flags.\n", command)
		return flag.ErrHelp
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(ctx, e, args[1:])
		}
	}
	return usageError{command, fmt.Sprintf("unknown subcommand %q", args[0])}
}

// openInput opens the file a command reads, or standard input for "-".
func openInput(e *env, path string) (io.Reader, func(), error) {
	if path == "-" {
		return e.stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open the file: %w", err)
	}
	return f, func() { f.Close() }, nil
}
