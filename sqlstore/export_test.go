package sqlstore

import (
	"context"
	"fmt"
)

// MigrateTo applies the migrations up to and including version, so a test
// can put rows in an older schema before the next migration runs.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.migrator(ctx)
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Exec runs a statement, ? placeholders and all, for a test's setup.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.writer.ExecContext(ctx, rebind(db.dialect, query), args...)
	return err
}
