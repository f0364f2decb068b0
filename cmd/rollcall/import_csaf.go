package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"rollcall/csafimport"
	"rollcall/feed"
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
	src, dsn, err := advisorySource(e, "import csaf", importCSAFUsage, "no file, folder or URL given", args)
	if err != nil {
		return err
	}
	batch, err := csafimport.Read(ctx, &feed.Client{}, src)
	if err != nil {
		return fmt.Errorf("%s: %s", src, plain(err))
	}
	res, err := saveAdvisories(ctx, e, "import csaf", dsn, src, batch.Advisories)
	if err != nil {
		return err
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
	listRefusals(e, len(batch.Refused), 20, func(i int) string {
		r := batch.Refused[i]
		var inv *csafimport.InvalidError
		if !errors.As(r.Err, &inv) {
			return fmt.Sprintf("refused %s: %s", r.Name, plain(r.Err))
		}
		lines := []string{fmt.Sprintf("refused %s: %d faults:", r.Name, len(inv.Faults))}
		for j, f := range inv.Faults {
			if j == 50 {
				lines = append(lines, fmt.Sprintf("  … and %d more.", len(inv.Faults)-50))
				break
			}
			lines = append(lines, fmt.Sprintf("  %s", f))
		}
		return strings.Join(lines, "\n")
	})
	return fmt.Errorf("%d documents refused; the rest were imported", len(batch.Refused))
}
