package main

import (
	"context"
	"fmt"
)

const migrateUsage = `
Usage: rollcall migrate --db DSN

Creates the database schema, or brings it up to this build's, and exits.
Safe to run again, and on PostgreSQL from several replicas at once: they
take turns. A SQLite database (and its directory) is created if missing.

The database is a SQLite file path or a postgres:// URL, from --db, --data
or $ROLLCALL_DB.
`

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("migrate")
	dbf := addDBFlags(fs)
	rest, err := parseFlags(e, fs, migrateUsage, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"migrate", fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	dsn, err := dbf.resolve("migrate", e.getenv)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, dsn, true, "migrate")
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("close the database: %w", err)
	}
	fmt.Fprintf(e.stdout, "The database at %s is up to date.\n", redact(dsn))
	return nil
}
