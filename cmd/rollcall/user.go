package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"rollcall"
	"rollcall/service"
)

const userUsage = `
Usage: rollcall user SUBCOMMAND [flags]

Manages user accounts straight in the database, as the operator: this is
how the first national analyst is made. Everyone else can then be added by
an analyst in Rollcall itself.
`

func runUser(ctx context.Context, e *env, args []string) error {
	return runSubcommand(ctx, e, "user", userUsage, []subcommand{
		{"create", "create a user account", runUserCreate},
	}, args)
}

const userCreateUsage = `
Usage: rollcall user create --db DSN --email EMAIL --name NAME [--role ROLE] [--org CODE] [--region CODE]

Creates a user. The password is read from $ROLLCALL_PASSWORD or, if that is
unset, as one line from standard input; never from the command line, where
other users of the machine could see it. It must be at least 12 characters.

  printf '%s\n' "$PASSWORD" | rollcall user create --data ./data \
      --email lead@centre.example --name "Lee Analyst" --role analyst

Roles: analyst (the national centre), coordinator (needs --region),
responder and security_lead (need --org), auditor.
`

func runUserCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("user create")
	dbf := addDBFlags(fs)
	email := fs.String("email", "", "the user's email address, which they sign in with (required)")
	name := fs.String("name", "", "the user's full name (required)")
	role := fs.String("role", string(rollcall.RoleAnalyst), "analyst, coordinator, responder, security_lead or auditor")
	orgCode := fs.String("org", "", "the code of the user's organisation (responders and data-security leads)")
	regionCode := fs.String("region", "", "the code or name of the coordinator's region")
	rest, err := parseFlags(e, fs, userCreateUsage, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageError{"user create", fmt.Sprintf("unexpected argument %q", rest[0])}
	case *email == "":
		return usageError{"user create", "--email is required"}
	case *name == "":
		return usageError{"user create", "--name is required"}
	case !rollcall.Role(*role).Valid():
		return usageError{"user create", fmt.Sprintf("unknown role %q", *role)}
	}
	dsn, err := dbf.resolve("user create", e.getenv)
	if err != nil {
		return err
	}
	password, err := readPassword(e, *email)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, dsn, false, "user create")
	if err != nil {
		return err
	}
	defer db.Close()
	svc := newService(db, rollcall.DefaultPolicy(), e)
	op := service.Operator()
	u := &rollcall.User{Email: *email, Name: *name, Role: rollcall.Role(*role)}
	if *orgCode != "" {
		o, err := findOrganisation(ctx, svc, *orgCode)
		if err != nil {
			return err
		}
		u.OrgID = o.ID
	}
	if *regionCode != "" {
		r, err := findRegion(ctx, svc, *regionCode)
		if err != nil {
			return err
		}
		u.RegionID = r.ID
	}
	if err := svc.CreateUser(ctx, op, u, password); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Created %s %s <%s> (user %d).\n", strings.ToLower(u.Role.Label()), u.Name, u.Email, u.ID)
	return nil
}

// readPassword takes the password from $ROLLCALL_PASSWORD or one line of
// standard input.
func readPassword(e *env, email string) (string, error) {
	if p := e.getenv("ROLLCALL_PASSWORD"); p != "" {
		return p, nil
	}
	if f, ok := e.stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintf(e.stderr, "Password for %s (at least 12 characters; it shows as you type, so mind who is watching): ", email)
		}
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password: give it as one line on standard input, or in ROLLCALL_PASSWORD")
	}
	return line, nil
}

func findOrganisation(ctx context.Context, svc *service.Service, code string) (*rollcall.Organisation, error) {
	orgs, _, err := svc.ListOrganisations(ctx, service.Operator(), rollcall.OrgFilter{Query: code, Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if strings.EqualFold(o.Code, code) {
			return &o, nil
		}
	}
	return nil, fmt.Errorf("no organisation has the code %q", code)
}

func findRegion(ctx context.Context, svc *service.Service, key string) (*rollcall.Region, error) {
	regions, err := svc.ListRegions(ctx, service.Operator())
	if err != nil {
		return nil, err
	}
	for _, r := range regions {
		if strings.EqualFold(r.Code, key) || strings.EqualFold(r.Name, key) {
			return &r, nil
		}
	}
	return nil, fmt.Errorf("no region has the code or name %q", key)
}
