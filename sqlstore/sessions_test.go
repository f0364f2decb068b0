package sqlstore_test

import (
	"testing"
	"time"

	"rollcall/sqlstore"
)

func TestSessions(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		expiry := t0.Add(time.Hour)
		must(t, db.SessionCommit(ctx, "tok", []byte("v1"), expiry))
		must(t, db.SessionCommit(ctx, "tok", []byte("v2"), expiry)) // replaces
		must(t, db.SessionCommit(ctx, "old", []byte("x"), t0))

		finds := []struct {
			name      string
			token     string
			now       time.Time
			wantData  string
			wantFound bool
		}{
			{"live", "tok", t0, "v2", true},
			{"a millisecond before expiry", "tok", expiry.Add(-time.Millisecond), "v2", true},
			{"at expiry", "tok", expiry, "", false},
			{"unknown", "nope", t0, "", false},
		}
		for _, tt := range finds {
			t.Run(tt.name, func(t *testing.T) {
				data, found, err := db.SessionFind(ctx, tt.token, tt.now)
				must(t, err)
				if string(data) != tt.wantData || found != tt.wantFound {
					t.Fatalf("got %q, %v; want %q, %v", data, found, tt.wantData, tt.wantFound)
				}
			})
		}

		must(t, db.SessionDeleteExpired(ctx, t0.Add(time.Minute)))
		// "old" is gone even if looked for at a time it was alive.
		if _, found, err := db.SessionFind(ctx, "old", t0.Add(-time.Minute)); err != nil || found {
			t.Fatalf("expired session: got found %v, err %v; want it deleted", found, err)
		}
		if _, found, _ := db.SessionFind(ctx, "tok", t0); !found {
			t.Fatal("live session deleted with the expired ones")
		}
		must(t, db.SessionDelete(ctx, "tok"))
		must(t, db.SessionDelete(ctx, "tok")) // deleting twice is fine
		if _, found, _ := db.SessionFind(ctx, "tok", t0); found {
			t.Fatal("got the session after deleting it")
		}
	})
}
