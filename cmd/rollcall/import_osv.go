package main

import (
	"context"
	"fmt"

	"rollcall"
	"rollcall/osv"
	"rollcall/service"
)

const importOSVUsage = `
Usage: rollcall import osv --db DSN PATH

Imports vulnerability advisories in the OSV format into the advisory
library. PATH is one JSON record (or a JSON array of records), a folder of
them, or an ecosystem's OSV bulk download (all.zip), for example the Go
vulnerability database.

Each affected package's versions are kept as a vers range under the
ecosystem's own version rules. A record seen before is updated only when its
content changed (and then gets a new revision). A malformed record is
refused and named; the valid rest is imported, and the command then exits
with status 1. Affected packages of ecosystems Rollcall has no version rules
for, or given only as git commits, are left out and counted.
`

func runImportOSV(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("import osv")
	dbf := addDBFlags(fs)
	rest, err := parseFlags(e, fs, importOSVUsage, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0:
		return usageError{"import osv", "no file, folder or zip given"}
	case len(rest) > 1:
		return usageError{"import osv", fmt.Sprintf("unexpected argument %q", rest[1])}
	}
	dsn, err := dbf.resolve("import osv", e.getenv)
	if err != nil {
		return err
	}
	batch, err := osv.ReadPath(rest[0])
	if err != nil {
		return fmt.Errorf("%s: %s", rest[0], plain(err))
	}
	db, err := openStore(ctx, dsn, false, "import osv")
	if err != nil {
		return err
	}
	defer db.Close()
	svc := newService(db, rollcall.DefaultPolicy(), e)
	res, err := svc.ImportAdvisories(ctx, service.Operator(), batch.Advisories)
	if err != nil {
		return fmt.Errorf("%s: %s", rest[0], plain(err))
	}
	fmt.Fprintf(e.stdout, "Read %d OSV records: %d advisories added, %d changed, %d unchanged, %d refused.\n",
		len(batch.Advisories)+len(batch.Refused), res.Added, res.Changed, res.Unchanged, len(batch.Refused))
	if batch.SkippedPackages > 0 {
		fmt.Fprintf(e.stdout, "%d affected packages were left out: no version rules for their ecosystem, or git commits only.\n", batch.SkippedPackages)
	}
	if len(batch.Refused) == 0 {
		return nil
	}
	for i, r := range batch.Refused {
		if i == 20 {
			fmt.Fprintf(e.stderr, "… and %d more.\n", len(batch.Refused)-20)
			break
		}
		fmt.Fprintf(e.stderr, "refused %s: %s\n", r.Name, plain(r.Err))
	}
	return fmt.Errorf("%d records refused; the rest were imported", len(batch.Refused))
}
