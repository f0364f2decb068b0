package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"rollcall"
)

// CreateAlert saves a new alert as a draft; analysts only.
func (s *Alerts) CreateAlert(ctx context.Context, actor *rollcall.Actor, a *rollcall.Alert) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	if !actor.CanAuthorAlerts() {
		return forbidden("write alerts")
	}
	if err := s.validateAlert(ctx, a); err != nil {
		return err
	}
	now := s.clock.Now()
	a.Target.Resolved = nil // resolved when published
	a.ID, a.Status, a.Revision = 0, rollcall.AlertDraft, 0
	a.CreatedBy, a.CreatedAt, a.UpdatedAt, a.PublishedAt = actor.User.ID, now, now, time.Time{}
	return s.store.CreateAlert(ctx, a)
}

// UpdateDraft changes a draft alert; analysts only. Published alerts are
// changed by ReviseAlert, which keeps the old revision.
func (s *Alerts) UpdateDraft(ctx context.Context, actor *rollcall.Actor, a *rollcall.Alert) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	old, err := s.alertToAuthor(ctx, actor, a.ID, "write alerts")
	if err != nil {
		return err
	}
	if old.Status != rollcall.AlertDraft {
		return rollcall.Errorf(rollcall.ECONFLICT, "Alert %s is published: revise it instead.", old.Reference)
	}
	if err := s.validateAlert(ctx, a); err != nil {
		return err
	}
	a.Target.Resolved = nil // resolved when published
	a.Reference, a.Status, a.Revision, a.Advisory = old.Reference, old.Status, old.Revision, old.Advisory
	a.CreatedBy, a.CreatedAt, a.UpdatedAt = old.CreatedBy, old.CreatedAt, s.clock.Now()
	return s.store.UpdateDraft(ctx, a)
}

// PublishAlert publishes a draft: every organisation the target matches is
// sent it at once, and its clocks start now. It returns how many
// organisations were targeted. Analysts only.
func (s *Alerts) PublishAlert(ctx context.Context, actor *rollcall.Actor, id int64) (int, error) {
	if err := requireActor(actor); err != nil {
		return 0, err
	}
	a, err := s.alertToAuthor(ctx, actor, id, "publish alerts")
	if err != nil {
		return 0, err
	}
	if a.Status != rollcall.AlertDraft {
		return 0, rollcall.Errorf(rollcall.ECONFLICT, "Alert %s is already published.", a.Reference)
	}
	if err := s.validateAlert(ctx, a); err != nil {
		return 0, err
	}
	if err := s.exposure.resolveExposedTarget(ctx, a, nil); err != nil {
		return 0, err
	}
	now := s.clock.Now()
	a.Status, a.Revision, a.PublishedAt, a.UpdatedAt = rollcall.AlertPublished, 1, now, now
	rev := &rollcall.AlertRevision{AlertID: a.ID, Revision: 1, Alert: *a, ChangeNote: "First published.", CreatedBy: actor.User.ID, CreatedAt: now}
	return s.store.PublishAlert(ctx, a, rev, s.policy.ClocksFor(a), false, now)
}

// ReviseAlert publishes a new revision of a published alert. The old
// revision is kept; organisations see what changed and why (note). New
// targets are sent the alert now; if the severity or the clocks change,
// every organisation's deadlines are recomputed from when it was targeted.
// Organisations that are no longer in the target keep their answers.
// It returns how many organisations were newly targeted. Analysts only.
func (s *Alerts) ReviseAlert(ctx context.Context, actor *rollcall.Actor, changed *rollcall.Alert, note string) (int, error) {
	if err := requireActor(actor); err != nil {
		return 0, err
	}
	old, err := s.alertToAuthor(ctx, actor, changed.ID, "revise alerts")
	if err != nil {
		return 0, err
	}
	if old.Status != rollcall.AlertPublished {
		return 0, rollcall.Errorf(rollcall.ECONFLICT, "Only a published alert can be revised; %s is %s.", old.Reference, old.Status)
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return 0, rollcall.FieldError("change_note", "Say what changed and why: organisations will read it.")
	}
	if err := s.validateAlert(ctx, changed); err != nil {
		return 0, err
	}
	changes := rollcall.DiffAlerts(old, changed)
	if len(changes) == 0 {
		return 0, rollcall.FieldError("change_note", "Nothing has changed since revision %d.", old.Revision)
	}
	if err := s.exposure.resolveExposedTarget(ctx, changed, old.Target.Resolved); err != nil {
		return 0, err
	}
	now := s.clock.Now()
	a := *changed
	a.Reference, a.Status, a.Revision, a.Advisory = old.Reference, old.Status, old.Revision+1, old.Advisory
	a.CreatedBy, a.CreatedAt, a.PublishedAt, a.UpdatedAt = old.CreatedBy, old.CreatedAt, old.PublishedAt, now
	oldClocks, newClocks := s.policy.ClocksFor(old), s.policy.ClocksFor(&a)
	rev := &rollcall.AlertRevision{AlertID: a.ID, Revision: a.Revision, Alert: a, Changes: changes, ChangeNote: note, CreatedBy: actor.User.ID, CreatedAt: now}
	n, err := s.store.PublishAlert(ctx, &a, rev, newClocks, oldClocks != newClocks, now)
	if err != nil {
		return 0, err
	}
	*changed = a
	return n, nil
}

// GetAlert returns an alert the actor may see: any alert for the centre
// and auditors; for everyone else a published alert that reached an
// organisation in their scope. Others are "not found".
func (s *Alerts) GetAlert(ctx context.Context, actor *rollcall.Actor, id int64) (*rollcall.Alert, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	a, err := s.store.FindAlertByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if ok, err := s.canSeeAlert(ctx, actor, a); err != nil {
		return nil, err
	} else if !ok {
		return nil, rollcall.Errorf(rollcall.ENOTFOUND, "Alert %d not found.", id)
	}
	redactTarget(actor, &a.Target)
	return a, nil
}

// redactTarget cuts a target down to what the actor may know: which other
// organisations an alert names, or reached because their inventories show
// them exposed, is the centre's to see. An organisation's own people keep
// their own organisations in the lists; a coordinator keeps the filters.
func redactTarget(actor *rollcall.Actor, t *rollcall.Target) {
	scope := actor.Scope()
	if scope.All {
		return
	}
	keep := func(ids []int64) []int64 {
		var out []int64
		for _, id := range ids {
			if slices.Contains(scope.OrgIDs, id) {
				out = append(out, id)
			}
		}
		return out
	}
	t.OrgIDs, t.Resolved = keep(t.OrgIDs), keep(t.Resolved)
}

// GetAlertByReference is GetAlert by the alert's reference ("RC-2026-0004").
func (s *Alerts) GetAlertByReference(ctx context.Context, actor *rollcall.Actor, ref string) (*rollcall.Alert, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	a, err := s.store.FindAlertByReference(ctx, ref)
	if err != nil {
		return nil, err
	}
	return s.GetAlert(ctx, actor, a.ID)
}

// alertToAuthor is the alert an author is about to change: "not found" for
// a caller who may not see it (a draft, to an organisation), before
// "forbidden" for one who sees it but may not write alerts, so an alert's
// existence is not told by the permission check.
func (s *Alerts) alertToAuthor(ctx context.Context, actor *rollcall.Actor, id int64, what string) (*rollcall.Alert, error) {
	a, err := s.store.FindAlertByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if ok, err := s.canSeeAlert(ctx, actor, a); err != nil {
		return nil, err
	} else if !ok {
		return nil, rollcall.Errorf(rollcall.ENOTFOUND, "Alert %d not found.", id)
	}
	if !actor.CanAuthorAlerts() {
		return nil, forbidden(what)
	}
	return a, nil
}

func (s *Alerts) canSeeAlert(ctx context.Context, actor *rollcall.Actor, a *rollcall.Alert) (bool, error) {
	scope := actor.Scope()
	if scope.All {
		return true, nil
	}
	if a.Status == rollcall.AlertDraft || scope.Empty() {
		return false, nil
	}
	_, n, err := s.store.ListResponses(ctx, rollcall.ResponseFilter{AlertID: a.ID, Scope: scope, Limit: 1, Now: s.clock.Now()})
	return n > 0, err
}

// ListAlerts lists the alerts the actor may see, newest first, with the
// headline of the roll call within the actor's scope.
func (s *Alerts) ListAlerts(ctx context.Context, actor *rollcall.Actor, f rollcall.AlertFilter) ([]rollcall.AlertItem, int, error) {
	if err := requireActor(actor); err != nil {
		return nil, 0, err
	}
	f.Scope = actor.Scope()
	if f.Scope.Empty() {
		return nil, 0, nil
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	items, n, err := s.store.ListAlerts(ctx, f, s.clock.Now())
	for i := range items {
		redactTarget(actor, &items[i].Target)
	}
	return items, n, err
}

// AlertRevisions lists every published revision of an alert the actor may
// see, oldest first.
func (s *Alerts) AlertRevisions(ctx context.Context, actor *rollcall.Actor, id int64) ([]rollcall.AlertRevision, error) {
	if _, err := s.GetAlert(ctx, actor, id); err != nil {
		return nil, err
	}
	revs, err := s.store.ListAlertRevisions(ctx, id)
	if err != nil || actor.Scope().All {
		return revs, err
	}
	for i := range revs {
		redactTarget(actor, &revs[i].Alert.Target)
		for j := range revs[i].Changes {
			if c := &revs[i].Changes[j]; c.Field == "Targets" {
				c.Before, c.After = "", "changed by the centre"
			}
		}
	}
	return revs, nil
}

// validateAlert checks an alert's fields and that its targets exist.
func (s *Alerts) validateAlert(ctx context.Context, a *rollcall.Alert) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if _, err := compileAffected(a.Affected, rollcall.DefaultSupersedence); err != nil {
		return err
	}
	if len(a.Target.RegionIDs) > 0 {
		regions, err := s.store.ListRegions(ctx)
		if err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, r := range regions {
			known[r.ID] = true
		}
		for i, id := range a.Target.RegionIDs {
			if !known[id] {
				return rollcall.FieldError(fmt.Sprintf("target.region_ids[%d]", i), "Region %d does not exist.", id)
			}
		}
	}
	if len(a.Target.OrgIDs) > 0 {
		orgs, _, err := s.store.ListOrganisations(ctx, rollcall.OrgFilter{Scope: rollcall.Scope{All: true}, IDs: a.Target.OrgIDs})
		if err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, o := range orgs {
			known[o.ID] = true
		}
		for i, id := range a.Target.OrgIDs {
			if !known[id] {
				return rollcall.FieldError(fmt.Sprintf("target.org_ids[%d]", i), "Organisation %d does not exist.", id)
			}
		}
	}
	return nil
}

// WithdrawAlert withdraws a published alert sent in error or overtaken by
// another: it leaves every inbox and the escalation ladder, answers to it
// are no longer taken, and its roll call is kept as history. The reason is
// kept as the last revision and organisations are told. Analysts only.
func (s *Alerts) WithdrawAlert(ctx context.Context, actor *rollcall.Actor, id int64, reason string) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	a, err := s.alertToAuthor(ctx, actor, id, "withdraw alerts")
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return rollcall.FieldError("reason", "Say why the alert is withdrawn: organisations will read it.")
	}
	if a.Status != rollcall.AlertPublished {
		return rollcall.Errorf(rollcall.ECONFLICT, "Only a published alert can be withdrawn; %s is %s.", a.Reference, a.Status)
	}
	now := s.clock.Now()
	withdrawn := *a
	withdrawn.Status, withdrawn.Revision, withdrawn.UpdatedAt = rollcall.AlertWithdrawn, a.Revision+1, now
	rev := &rollcall.AlertRevision{AlertID: id, Revision: withdrawn.Revision, Alert: withdrawn,
		Changes:    []rollcall.FieldChange{{Field: "Status", Before: "Published", After: "Withdrawn"}},
		ChangeNote: reason, CreatedBy: actor.User.ID, CreatedAt: now}
	return s.store.WithdrawAlert(ctx, id, rev, now)
}
