package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"hash/crc32"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds one directory of goose SQL files per engine. The two
// directories describe the same schema and change together.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Migrate applies the migrations the database has not had yet. It is safe
// to call on every start, and on PostgreSQL from several replicas at once:
// they take turns under an advisory lock.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.migrator(ctx)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// HasPendingMigrations reports whether the database's schema is behind
// this build's migrations, so a server can refuse to start on it.
func (db *DB) HasPendingMigrations(ctx context.Context) (bool, error) {
	p, err := db.migrator(ctx)
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("check migrations: %w", err)
	}
	return pending, nil
}

// migrator is the goose provider for the engine's migrations.
func (db *DB) migrator(ctx context.Context) (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.dialect == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		// The lock is per schema, so that separate deployments (and tests)
		// sharing a server do not wait on one another.
		var schema string
		if err := db.writer.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			return nil, fmt.Errorf("migrate: %w", err)
		}
		id := int64(crc32.ChecksumIEEE([]byte("rollcall:" + schema)))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("migrate: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	p, err := goose.NewProvider(dialect, db.writer, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return p, nil
}
