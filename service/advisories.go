package service

import (
	"context"

	"rollcall"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Added, Changed, Unchanged int
}

// ImportAdvisories saves advisories read from a feed into the library: new
// ones are added, changed ones get a new revision, the rest are left. All
// or nothing. Analysts, and the operator, import.
func (s *Library) ImportAdvisories(ctx context.Context, actor *rollcall.Actor, advs []*rollcall.Advisory) (ImportResult, error) {
	if err := requireActor(actor); err != nil {
		return ImportResult{}, err
	}
	if !actor.CanAuthorAlerts() {
		return ImportResult{}, forbidden("import advisories")
	}
	for _, a := range advs {
		if err := a.Validate(); err != nil {
			return ImportResult{}, err
		}
	}
	var r ImportResult
	var err error
	r.Added, r.Changed, r.Unchanged, err = s.store.ImportAdvisories(ctx, advs, s.clock.Now())
	return r, err
}

// ListAdvisories lists the library for the centre and auditors: the
// organisations see alerts, not the raw feeds.
func (s *Library) ListAdvisories(ctx context.Context, actor *rollcall.Actor, f rollcall.AdvisoryFilter) ([]rollcall.Advisory, int, error) {
	if err := requireActor(actor); err != nil {
		return nil, 0, err
	}
	if !actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		return nil, 0, forbidden("read the advisory library")
	}
	f.Limit = clampLimit(f.Limit)
	return s.store.ListAdvisories(ctx, f)
}

// GetAdvisory returns one advisory of the library, for the centre and
// auditors.
func (s *Library) GetAdvisory(ctx context.Context, actor *rollcall.Actor, source, sourceID string) (*rollcall.Advisory, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		return nil, forbidden("read the advisory library")
	}
	return s.store.FindAdvisory(ctx, source, sourceID)
}
