package main

import (
	"context"
	"fmt"

	"rollcall/osv"
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
	src, dsn, err := advisorySource(e, "import osv", importOSVUsage, "no file, folder or zip given", args)
	if err != nil {
		return err
	}
	batch, err := osv.ReadPath(src)
	if err != nil {
		return fmt.Errorf("%s: %s", src, plain(err))
	}
	res, err := saveAdvisories(ctx, e, "import osv", dsn, src, batch.Advisories)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Read %d OSV records: %d advisories added, %d changed, %d unchanged, %d refused.\n",
		len(batch.Advisories)+len(batch.Refused), res.Added, res.Changed, res.Unchanged, len(batch.Refused))
	if batch.SkippedPackages > 0 {
		fmt.Fprintf(e.stdout, "%d affected packages were left out: no version rules for their ecosystem, or git commits only.\n", batch.SkippedPackages)
	}
	if len(batch.Refused) == 0 {
		return nil
	}
	listRefusals(e, len(batch.Refused), 20, func(i int) string {
		return fmt.Sprintf("refused %s: %s", batch.Refused[i].Name, plain(batch.Refused[i].Err))
	})
	return fmt.Errorf("%d records refused; the rest were imported", len(batch.Refused))
}
