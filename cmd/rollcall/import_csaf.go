package main

import (
	"context"
	"errors"
	"fmt"

	"rollcall"
	"rollcall/csafimport"
	"rollcall/feed"
	"rollcall/service"
)

const importCSAFUsage = `
Usage: rollcall import csaf --db DSN PATH|URL

Imports security advisories in the CSAF 2.0 format into the advisory
library. PATH is one CSAF document, or a folder searched recursively for
*.json documents; URL is the web address of one document.

Each document is checked against the CSAF 2.0 JSON schema and the
mandatory tests of CSAF section 6.1 that Rollcall implements; an invalid
document is refused with every fault and its place in the document, the
valid rest is imported, and the command then exits with status 1.
Affected products named by package URL or CPE with versions become vers
ranges, Windows releases fixed by named updates become Windows builds; other
products are kept, by name, for people, and counted. A document seen before
is updated only when its content changed (and then gets a new revision).
`

func runImportCSAF(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("import csaf")
	dbf := addDBFlags(fs)
	rest, err := parseFlags(e, fs, importCSAFUsage, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0:
		return usageError{"import csaf", "no file, folder or URL given"}
	case len(rest) > 1:
		return usageError{"import csaf", fmt.Sprintf("unexpected argument %q", rest[1])}
	}
	dsn, err := dbf.resolve("import csaf", e.getenv)
	if err != nil {
		return err
	}
	batch, err := csafimport.Read(ctx, &feed.Client{}, rest[0])
	if err != nil {
		return fmt.Errorf("%s: %s", rest[0], plain(err))
	}
	db, err := openStore(ctx, dsn, false, "import csaf")
	if err != nil {
		return err
	}
	defer db.Close()
	svc := newService(db, rollcall.DefaultPolicy(), e)
	res, err := svc.ImportAdvisories(ctx, service.Operator(), batch.Advisories)
	if err != nil {
		return fmt.Errorf("%s: %s", rest[0], plain(err))
	}
	fmt.Fprintf(e.stdout, "Read %d CSAF documents: %d advisories added, %d changed, %d unchanged, %d refused.\n",
		batch.Documents, res.Added, res.Changed, res.Unchanged, len(batch.Refused))
	if batch.SkippedFiles > 0 {
		fmt.Fprintf(e.stdout, "%d JSON files that are not CSAF documents (schemas, provider metadata, ROLIE feeds) were left out.\n", batch.SkippedFiles)
	}
	if batch.SkippedProducts > 0 {
		fmt.Fprintf(e.stdout, "%d affected products have no package URL, CPE or Windows release Rollcall can match: they are kept by name.\n", batch.SkippedProducts)
	}
	if len(batch.Refused) == 0 {
		return nil
	}
	for i, r := range batch.Refused {
		if i == 20 {
			fmt.Fprintf(e.stderr, "… and %d more.\n", len(batch.Refused)-20)
			break
		}
		var inv *csafimport.InvalidError
		if !errors.As(r.Err, &inv) {
			fmt.Fprintf(e.stderr, "refused %s: %s\n", r.Name, plain(r.Err))
			continue
		}
		fmt.Fprintf(e.stderr, "refused %s: %d faults:\n", r.Name, len(inv.Faults))
		for j, f := range inv.Faults {
			if j == 50 {
				fmt.Fprintf(e.stderr, "  … and %d more.\n", len(inv.Faults)-50)
				break
			}
			fmt.Fprintf(e.stderr, "  %s\n", f)
		}
	}
	return fmt.Errorf("%d documents refused; the rest were imported", len(batch.Refused))
}
