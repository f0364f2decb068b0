package sqlstore_test

import (
	"testing"
	"time"
)

func TestLocks(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			db := openDB(t, e)
			ok, err := db.TryLock(ctx, "rule", t0, t0.Add(time.Minute))
			must(t, err)
			again, err := db.TryLock(ctx, "rule", t0.Add(time.Second), t0.Add(time.Minute))
			must(t, err)
			if !ok || again {
				t.Fatalf("first %v, second while held %v", ok, again)
			}
			if other, _ := db.TryLock(ctx, "other", t0, t0.Add(time.Minute)); !other {
				t.Error("another name is held too")
			}
			if late, _ := db.TryLock(ctx, "rule", t0.Add(2*time.Minute), t0.Add(3*time.Minute)); !late {
				t.Error("a lease that ran out is not taken")
			}
			must(t, db.Unlock(ctx, "rule"))
			if freed, _ := db.TryLock(ctx, "rule", t0.Add(2*time.Minute), t0.Add(3*time.Minute)); !freed {
				t.Error("an unlocked lease is not taken")
			}
		})
	}
}
