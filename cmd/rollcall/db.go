package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"rollcall"
	"rollcall/feed"
	"rollcall/feeds"
	"rollcall/service"
	"rollcall/sqlstore"
)

// dbFlags are the flags that name the database: --db DSN (or ROLLCALL_DB),
// or --data DIR for the SQLite database DIR/rollcall.db.
type dbFlags struct {
	dsn, data string
}

func addDBFlags(fs *flag.FlagSet) *dbFlags {
	d := &dbFlags{}
	fs.StringVar(&d.dsn, "db", "", "the database: a SQLite file path or a postgres:// URL (default $ROLLCALL_DB)")
	fs.StringVar(&d.data, "data", "", "a directory holding the SQLite database rollcall.db, instead of --db")
	return d
}

// dataFile is the SQLite database's name inside a --data directory.
const dataFile = "rollcall.db"

// resolve returns the DSN the flags and environment name.
func (d *dbFlags) resolve(command string, getenv func(string) string) (string, error) {
	switch {
	case d.dsn != "" && d.data != "":
		return "", usageError{command, "give --db or --data, not both"}
	case d.data != "":
		return filepath.Join(d.data, dataFile), nil
	case d.dsn != "":
		return d.dsn, nil
	case getenv("ROLLCALL_DB") != "":
		return getenv("ROLLCALL_DB"), nil
	}
	return "", usageError{command, "no database: give --db DSN or --data DIR, or set ROLLCALL_DB"}
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePath is the file a SQLite DSN names ("file:x.db?..." or "x.db").
func sqlitePath(dsn string) string {
	p := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

// openStore opens the database and makes sure its schema is this build's:
// with migrate, by migrating it; otherwise by refusing, with the command
// that would fix it, rather than failing later on a missing column.
// command names the flag to suggest ("serve" suggests --migrate).
func openStore(ctx context.Context, dsn string, migrate bool, command string) (*sqlstore.DB, error) {
	if !isPostgres(dsn) {
		path := sqlitePath(dsn)
		if migrate {
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return nil, fmt.Errorf("create the database's directory: %w", err)
			}
		} else if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("there is no database at %s; create it with: rollcall migrate --db %s", path, dsn)
		}
	}
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open the database: %w", err)
	}
	if migrate {
		if err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("migrate the database: %w", err)
		}
		return db, nil
	}
	pending, err := db.HasPendingMigrations(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("check the database schema: %w", err)
	}
	if pending {
		db.Close()
		fix := "run: rollcall migrate --db " + redact(dsn)
		if command == "serve" {
			fix += " (or start with --migrate)"
		}
		return nil, fmt.Errorf("the database schema is older than this rollcall; %s", fix)
	}
	return db, nil
}

// redact hides a password in a postgres URL before it is printed.
func redact(dsn string) string {
	if !isPostgres(dsn) {
		return dsn
	}
	scheme, rest, _ := strings.Cut(dsn, "://")
	userinfo, host, found := strings.Cut(rest, "@")
	if !found {
		return dsn
	}
	if user, _, hasPassword := strings.Cut(userinfo, ":"); hasPassword {
		return scheme + "://" + user + ":xxxxx@" + host
	}
	return dsn
}

// newService is the service over db with the real clock.
func newService(db *sqlstore.DB, policy rollcall.Policy, e *env) *service.Service {
	return withFeeds(service.New(db, rollcall.SystemClock{}, policy, newLogger(e)))
}

// withFeeds gives a service the readers of every kind of feed source.
func withFeeds(svc *service.Service) *service.Service {
	svc.SetFeedReaders(feeds.Readers(&feed.Client{UserAgent: "Rollcall/" + versionString()}))
	return svc
}
