package main

import (
	"context"
	"fmt"
	"strings"

	"rollcall"
	"rollcall/service"
)

const importUsage = `
Usage: rollcall import SUBCOMMAND [flags] FILE

Loads the directory, or advisories into the library, from files, as the
operator.
`

func runImport(ctx context.Context, e *env, args []string) error {
	return runSubcommand(ctx, e, "import", importUsage, []subcommand{
		{"orgs", "create or update organisations from a CSV file", runImportOrgs},
		{"osv", "import OSV advisories (a file, folder or all.zip) into the library", runImportOSV},
		{"kev", "import the Known Exploited Vulnerabilities catalogue (a file or URL)", runImportKEV},
		{"csaf", "import CSAF 2.0 advisories (a file, folder or URL)", runImportCSAF},
	}, args)
}

var importOrgsUsage = `
Usage: rollcall import orgs --db DSN FILE.csv

Creates or updates (by code) the organisations in a CSV file; FILE "-" reads
standard input. The header row names the columns, in any order:

  ` + strings.Join(service.OrganisationCSVColumns, ",") + `
  RXK,Corvedale Hospitals NHS Foundation Trust,acute_trust,Y56,major_trauma_centre

type is a code or label (acute_trust or "Acute trust"); region is a region's
code or name; flags are separated by ";". The file is checked whole first:
any fault refuses all of it, naming the line and column.
`

func runImportOrgs(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("import orgs")
	dbf := addDBFlags(fs)
	rest, err := parseFlags(e, fs, importOrgsUsage, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0:
		return usageError{"import orgs", "no file given"}
	case len(rest) > 1:
		return usageError{"import orgs", fmt.Sprintf("unexpected argument %q", rest[1])}
	}
	dsn, err := dbf.resolve("import orgs", e.getenv)
	if err != nil {
		return err
	}
	in, closeIn, err := openInput(e, rest[0])
	if err != nil {
		return err
	}
	defer closeIn()
	db, err := openStore(ctx, dsn, false, "import orgs")
	if err != nil {
		return err
	}
	defer db.Close()
	svc := newService(db, rollcall.DefaultPolicy(), e)
	created, updated, err := svc.ImportOrganisationsCSV(ctx, service.Operator(), in)
	if err != nil {
		return fmt.Errorf("%s: %s", rest[0], plain(err))
	}
	fmt.Fprintf(e.stdout, "Imported %d organisations: %d created, %d updated.\n", created+updated, created, updated)
	return nil
}
