package service_test

import (
	"testing"
	"time"

	"rollcall/rollcalltest"
)

// TestTokenUseRecordedOncePerMinute checks that checking a token writes its
// last use at most once a minute, so API reads do not queue on the one
// writer, while the time shown stays within a minute of the truth.
func TestTokenUseRecordedOncePerMinute(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	secret := f.Tokens["respN"]
	lastUsed := func() time.Time {
		t.Helper()
		toks, err := f.Svc.ListAPITokens(ctx, f.Actor("respN"))
		if err != nil || len(toks) != 1 {
			t.Fatalf("tokens of respN: %v, %v", toks, err)
		}
		return toks[0].LastUsedAt
	}
	use := func() {
		t.Helper()
		if _, err := f.Svc.ActorForToken(ctx, secret); err != nil {
			t.Fatal(err)
		}
	}
	start := f.Clock.Now()
	use()
	if got := lastUsed(); !got.Equal(start) {
		t.Fatalf("after first use: last used %v, want %v", got, start)
	}
	f.Clock.Advance(59 * time.Second)
	use()
	if got := lastUsed(); !got.Equal(start) {
		t.Errorf("59 s later: last used %v, want it left at %v (no write within a minute)", got, start)
	}
	f.Clock.Advance(2 * time.Second)
	use()
	if got, want := lastUsed(), start.Add(61*time.Second); !got.Equal(want) {
		t.Errorf("61 s later: last used %v, want %v", got, want)
	}
}
