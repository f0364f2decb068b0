package main

import (
	"context"
	"fmt"

	"rollcall"
	"rollcall/service"
)

// advisorySource reads the one argument of an advisory import (a path or
// an address) and where to save: what import osv, kev and csaf share.
func advisorySource(e *env, name, usage, missing string, args []string) (src, dsn string, err error) {
	fs := newFlagSet(name)
	dbf := addDBFlags(fs)
	rest, err := parseFlags(e, fs, usage, args)
	if err != nil {
		return "", "", err
	}
	switch {
	case len(rest) == 0:
		return "", "", usageError{name, missing}
	case len(rest) > 1:
		return "", "", usageError{name, fmt.Sprintf("unexpected argument %q", rest[1])}
	}
	dsn, err = dbf.resolve(name, e.getenv)
	return rest[0], dsn, err
}

// saveAdvisories imports what was read from src into the library, as the
// operator.
func saveAdvisories(ctx context.Context, e *env, name, dsn, src string, advs []*rollcall.Advisory) (service.ImportResult, error) {
	db, err := openStore(ctx, dsn, false, name)
	if err != nil {
		return service.ImportResult{}, err
	}
	defer db.Close()
	res, err := newService(db, rollcall.DefaultPolicy(), e).ImportAdvisories(ctx, service.Operator(), advs)
	if err != nil {
		return res, fmt.Errorf("%s: %s", src, plain(err))
	}
	return res, nil
}

// listRefusals prints the first refusals, each as its place and why, and
// says how many more there were.
func listRefusals(e *env, n, most int, line func(i int) string) {
	for i := 0; i < n; i++ {
		if i == most {
			fmt.Fprintf(e.stderr, "… and %d more.\n", n-most)
			return
		}
		fmt.Fprintln(e.stderr, line(i))
	}
}
