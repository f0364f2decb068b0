package sqlstore

import (
	"context"
	"fmt"
)

// CountInReadTx runs query (a SELECT COUNT) twice in one read transaction,
// calling between before the second, and returns both counts: the tests
// use it to see whether a read transaction holds one snapshot.
func (db *DB) CountInReadTx(ctx context.Context, query string, between func()) (first, second int, err error) {
	err = db.inReadTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, query).Scan(&first); err != nil {
			return err
		}
		between()
		return c.queryRow(ctx, query).Scan(&second)
	})
	return first, second, err
}

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
