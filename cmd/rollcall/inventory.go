package main

import (
	"context"
	"fmt"
	"strings"

	"rollcall"
	"rollcall/inventory"
	"rollcall/service"
)

const inventoryUsage = `
Usage: rollcall inventory SUBCOMMAND [flags]

Loads organisations' software inventories, as the operator.
`

func runInventory(ctx context.Context, e *env, args []string) error {
	return runSubcommand(ctx, e, "inventory", inventoryUsage, []subcommand{
		{"import", "save an organisation's inventory from a file", runInventoryImport},
	}, args)
}

const inventoryImportUsage = `
Usage: rollcall inventory import --db DSN --org CODE [--host NAME] PATH

Saves an organisation's software inventory from PATH ("-" reads standard
input): Rollcall CSV, a CycloneDX or SPDX 2.3 JSON SBOM, osquery results or
an osquery/Fleet result log, or the JSON 'rollcall collect' writes. The form
is detected from the content; inventory/FORMATS.md describes each.

Each host in the file replaces the same source's host of that name; other
hosts are left as they were. A broken file is refused whole, naming the line
or JSON path at fault, and nothing is saved. --host names the host an SBOM
describes (otherwise the SBOM's own name is used).
`

func runInventoryImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("inventory import")
	dbf := addDBFlags(fs)
	orgCode := fs.String("org", "", "the organisation's code")
	host := fs.String("host", "", "the host an SBOM describes")
	rest, err := parseFlags(e, fs, inventoryImportUsage, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0:
		return usageError{"inventory import", "no file given"}
	case len(rest) > 1:
		return usageError{"inventory import", fmt.Sprintf("unexpected argument %q", rest[1])}
	case strings.TrimSpace(*orgCode) == "":
		return usageError{"inventory import", "--org is required"}
	}
	dsn, err := dbf.resolve("inventory import", e.getenv)
	if err != nil {
		return err
	}
	in, closeIn, err := openInput(e, rest[0])
	if err != nil {
		return err
	}
	defer closeIn()
	db, err := openStore(ctx, dsn, false, "inventory import")
	if err != nil {
		return err
	}
	defer db.Close()
	org, err := db.FindOrganisationByCode(ctx, strings.ToUpper(strings.TrimSpace(*orgCode)))
	if err != nil {
		return fmt.Errorf("--org %s: %s", *orgCode, plain(err))
	}
	svc := newService(db, rollcall.DefaultPolicy(), e)
	res, err := svc.ImportInventory(ctx, service.Operator(), org.ID, in, inventory.Options{Host: *host})
	if err != nil {
		return fmt.Errorf("%s: %s", rest[0], plain(err))
	}
	fmt.Fprintf(e.stdout, "Saved %d hosts and %d software rows for %s (%s) from %s.\n", res.Hosts, res.Rows, org.Name, org.Code, res.Source)
	return nil
}
