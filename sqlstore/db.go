// Package sqlstore keeps Rollcall's data in SQL: embedded SQLite by default,
// PostgreSQL when the centre scales out. One type, DB, implements
// service.Store on both engines with the same SQL, and one test suite runs
// against both.
//
// Times are stored as Unix milliseconds (NULL for the zero time) so that
// deadline arithmetic is the same integer SQL on both engines; lists and
// small structs are stored as JSON text.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// The engines Rollcall runs on, as Dialect reports them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is Rollcall's store on one database.
//
// On SQLite every write goes through one connection whose transactions
// begin IMMEDIATE: writers queue in Go rather than fail with SQLITE_BUSY,
// while queries run on a separate pool of readers (WAL lets them proceed
// during a write). On PostgreSQL both are the same pool.
type DB struct {
	dialect string
	writer  *sql.DB
	reader  *sql.DB
	// pvIDs caches product-version ids: once committed an id never
	// changes, so every replica may keep what it has seen.
	pvIDs pvCache
}

// Open connects to the database named by dsn: a postgres:// or
// postgresql:// URL, or else a SQLite file path or file: URI. It checks the
// connection but does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	// Below PostgreSQL's default max_connections (100), leaving room for
	// other replicas and for psql.
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	db := &DB{dialect: Postgres, writer: pool, reader: pool}
	if err := db.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return db, nil
}

// sqlitePragmas are set on every SQLite connection: WAL so readers never
// wait for the writer, a busy timeout for the rare checkpoint contention,
// foreign keys enforced, and NORMAL sync, which is safe in WAL mode.
var sqlitePragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"foreign_keys(1)",
	"synchronous(NORMAL)",
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open sqlite: no database path")
	}
	var params []string
	for _, p := range sqlitePragmas {
		params = append(params, "_pragma="+p)
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	base := path + sep + strings.Join(params, "&")

	writer, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	// The writer connects first, so the file is created and in WAL mode
	// before any reader opens it.
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}

	reader, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	n := max(4, runtime.NumCPU())
	reader.SetMaxOpenConns(n)
	reader.SetMaxIdleConns(n)
	db := &DB{dialect: SQLite, writer: writer, reader: reader}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.writer.Close()
	if db.reader != db.writer {
		err = errors.Join(err, db.reader.Close())
	}
	return err
}

// Dialect is the engine: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.writer.PingContext(ctx); err != nil {
		return err
	}
	if db.reader != db.writer {
		return db.reader.PingContext(ctx)
	}
	return nil
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs statements written with ? placeholders on a pool or in a
// transaction, rebinding them for the engine. Every statement in this
// package goes through it.
type conn struct {
	q       querier
	dialect string
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(ctx, rebind(c.dialect, query), args...)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.q.QueryContext(ctx, rebind(c.dialect, query), args...)
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, rebind(c.dialect, query), args...)
}

// read is the connection for queries outside a transaction.
func (db *DB) read() conn { return conn{q: db.reader, dialect: db.dialect} }

// inTx runs fn in a write transaction, committing if it returns nil and
// rolling back otherwise.
func (db *DB) inTx(ctx context.Context, fn func(c conn) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	// Rolled back on any return but a commit, and on a panic in fn, so the
	// one SQLite writer connection is never left holding a transaction.
	defer tx.Rollback()
	if err := fn(conn{q: tx, dialect: db.dialect}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// txAttempts bounds how often inRetryTx runs a transaction that PostgreSQL
// rolled back for a serialisation failure or a deadlock.
const txAttempts = 4

// inRetryTx is inTx for writes that may race others on the same rows: a
// transaction PostgreSQL aborts with 40001 (serialisation failure) or
// 40P01 (deadlock) is run again, up to txAttempts times in all, after a
// short pause that grows. fn must start from nothing each time.
func (db *DB) inRetryTx(ctx context.Context, fn func(c conn) error) error {
	for attempt := 1; ; attempt++ {
		err := db.inTx(ctx, fn)
		if err == nil || attempt == txAttempts || !isRetryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt*attempt) * 10 * time.Millisecond):
		}
	}
}

// inReadTx runs fn in a read-only transaction, so that a page and its
// total count, or several figures, come from the same snapshot. On
// PostgreSQL that takes REPEATABLE READ: at its default, READ COMMITTED,
// each statement sees its own moment and a count can disagree with the
// page beside it. SQLite's read transaction already holds one snapshot
// from its first read until it ends.
func (db *DB) inReadTx(ctx context.Context, fn func(c conn) error) error {
	opts := &sql.TxOptions{}
	if db.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	tx, err := db.reader.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	return fn(conn{q: tx, dialect: db.dialect})
}

// exists reports whether the query (SELECT 1 … ) finds a row.
func exists(ctx context.Context, c conn, query string, args ...any) (bool, error) {
	var one int
	err := c.queryRow(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
