package sqlstore_test

import (
	"path/filepath"
	"testing"

	"rollcall/sqlstore"
)

func TestMigrateIsIdempotent(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			dsn := e.dsn(t)
			for i := range 2 {
				db, err := sqlstore.Open(ctx, dsn)
				must(t, err)
				pending, err := db.HasPendingMigrations(ctx)
				must(t, err)
				if want := i == 0; pending != want {
					t.Fatalf("open %d: got pending %v, want %v", i+1, pending, want)
				}
				if err := db.Migrate(ctx); err != nil {
					t.Fatalf("migration %d: %v", i+1, err)
				}
				must(t, db.Migrate(ctx))
				if pending, err := db.HasPendingMigrations(ctx); err != nil || pending {
					t.Fatalf("after migrating: got pending %v, err %v; want none", pending, err)
				}
				if got := db.Dialect(); got != e.name {
					t.Fatalf("got dialect %q, want %q", got, e.name)
				}
				must(t, db.Ping(ctx))
				must(t, db.Close())
			}
		})
	}
}

func TestOpenFails(t *testing.T) {
	tests := []struct {
		name string
		dsn  string
	}{
		{"no path", ""},
		{"a directory that does not exist", filepath.Join(t.TempDir(), "missing", "rollcall.db")},
		{"a postgres server that is not there", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if db, err := sqlstore.Open(ctx, tt.dsn); err == nil {
				db.Close()
				t.Fatal("got no error, want one")
			}
		})
	}
}
