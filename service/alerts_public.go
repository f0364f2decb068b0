package service

import (
	"context"

	"rollcall"
)

// What is public. An alert that went to every organisation (Target.All)
// and was published — or published and later withdrawn — is already in
// every organisation's hands, so anyone may read its content without
// signing in (it is TLP:WHITE): the CSAF provider, the Atom feed. Drafts,
// and alerts sent only to some regions, types or organisations (or to the
// organisations found exposed), are not public: their subject alone can
// say which part of the estate runs what. The public readers below give
// an alert's content and revisions only, never its targets or roll call.

// IsPublic reports whether anyone may read a without signing in.
func IsPublic(a *rollcall.Alert) bool {
	return (a.Status == rollcall.AlertPublished || a.Status == rollcall.AlertWithdrawn) &&
		a.Target.All && !a.PublishedAt.IsZero()
}

// PublicAlerts lists every public alert, newest first. It needs no caller:
// nobody is signed in to read the public feeds.
func (s *Alerts) PublicAlerts(ctx context.Context) ([]*rollcall.Alert, error) {
	const pageSize = 200
	var out []*rollcall.Alert
	for offset := 0; ; offset += pageSize {
		items, total, err := s.store.ListAlerts(ctx, rollcall.AlertFilter{
			Statuses: []rollcall.AlertStatus{rollcall.AlertPublished, rollcall.AlertWithdrawn},
			Scope:    rollcall.Scope{All: true}, Limit: pageSize, Offset: offset}, s.clock.Now())
		if err != nil {
			return nil, err
		}
		for i := range items {
			if a := items[i].Alert; IsPublic(&a) {
				out = append(out, &a)
			}
		}
		if len(items) == 0 || offset+len(items) >= total {
			return out, nil
		}
	}
}

// PublicAlert gives a public alert by its reference, with its revisions,
// oldest first. ENOTFOUND if there is no such alert or it is not public:
// the answer is the same, so a draft's reference is not confirmed.
func (s *Alerts) PublicAlert(ctx context.Context, ref string) (*rollcall.Alert, []rollcall.AlertRevision, error) {
	a, err := s.store.FindAlertByReference(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	if !IsPublic(a) {
		return nil, nil, rollcall.Errorf(rollcall.ENOTFOUND, "Alert %s not found.", ref)
	}
	revs, err := s.store.ListAlertRevisions(ctx, a.ID)
	if err != nil {
		return nil, nil, err
	}
	return a, revs, nil
}
