package main

import (
	"context"
	"fmt"

	"rollcall"
	"rollcall/feed"
	"rollcall/kev"
)

const importKEVUsage = `
Usage: rollcall import kev --db DSN PATH|URL

Imports CISA's catalogue of Known Exploited Vulnerabilities into the
advisory library, from a file or a web address, for example
https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json

Each entry becomes an advisory (source "kev", identified by its CVE) with
its vendor and product, due date, required action, known ransomware use,
weaknesses (CWEs), and the addresses in its notes as references. The
catalogue is checked against CISA's schema: a document that is not a
catalogue is refused whole. An entry seen before is updated only when its
content changed (and then gets a new revision). A malformed entry is
refused and named by its place in the catalogue; the valid rest is
imported, and the command then exits with status 1.
`

func runImportKEV(ctx context.Context, e *env, args []string) error {
	src, dsn, err := advisorySource(e, "import kev", importKEVUsage, "no file or web address given", args)
	if err != nil {
		return err
	}
	doc, err := (&feed.Client{}).Get(ctx, src, feed.Validators{})
	if err != nil {
		return err
	}
	batch, err := kev.Parse(doc.Body)
	if err != nil {
		return fmt.Errorf("%s: %s", src, plain(err))
	}
	for _, w := range batch.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	res, err := saveAdvisories(ctx, e, "import kev", dsn, src, batch.Advisories)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Read %d KEV entries (catalog %s of %s): %d advisories added, %d changed, %d unchanged, %d refused.\n",
		batch.Entries(), batch.CatalogVersion, batch.Released.Format("2006-01-02"), res.Added, res.Changed, res.Unchanged, len(batch.Refused))
	if len(batch.Refused) == 0 {
		return nil
	}
	listRefusals(e, len(batch.Refused), 50, func(i int) string {
		r := batch.Refused[i]
		cve := ""
		if r.CVE != "" {
			cve = " (" + r.CVE + ")"
		}
		return fmt.Sprintf("refused %s%s: %s", r.Path, cve, rollcall.ErrorMessage(r.Err))
	})
	return fmt.Errorf("%d entries refused; the rest were imported", len(batch.Refused))
}
