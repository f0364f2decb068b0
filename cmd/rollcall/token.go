package main

import (
	"context"
	"fmt"

	"rollcall"
	"rollcall/service"
)

const tokenUsage = `
Usage: rollcall token SUBCOMMAND [flags]

Issues API tokens as the operator. A token acts exactly as its user: it
sees and changes what they may. Users can also make their own in Rollcall.
`

func runToken(ctx context.Context, e *env, args []string) error {
	return runSubcommand(ctx, e, "token", tokenUsage, []subcommand{
		{"create", "print a new API token for a user", runTokenCreate},
	}, args)
}

const tokenCreateUsage = `
Usage: rollcall token create --data DIR --email EMAIL [--name NAME]
       rollcall token create --db DSN --email EMAIL [--name NAME]

Makes a new API token for the user with that email and prints it, and
nothing else, on standard output, so that a script can keep it:

  TOKEN=$(rollcall token create --data ./rollcall-demo --email analyst@demo.rollcall.test)
  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/alerts

The token is shown once: only a hash of it is stored.
`

func runTokenCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("token create")
	dbf := addDBFlags(fs)
	email := fs.String("email", "", "the email of the user the token acts as (required)")
	name := fs.String("name", "Command line", "a name to tell the token from the user's others")
	rest, err := parseFlags(e, fs, tokenCreateUsage, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageError{"token create", fmt.Sprintf("unexpected argument %q", rest[0])}
	case *email == "":
		return usageError{"token create", "--email is required"}
	}
	dsn, err := dbf.resolve("token create", e.getenv)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, dsn, false, "token create")
	if err != nil {
		return err
	}
	defer db.Close()
	svc := newService(db, rollcall.DefaultPolicy(), e)
	op := service.Operator()
	u, err := svc.FindUserByEmail(ctx, op, *email)
	if rollcall.ErrorCode(err) == rollcall.ENOTFOUND {
		return fmt.Errorf("no user has the email %s", *email)
	} else if err != nil {
		return err
	}
	secret, _, err := svc.CreateAPIToken(ctx, op, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, secret)
	return nil
}
