package service

import (
	"context"

	"rollcall"
)

// Escalate moves every overdue response whose rung on the ladder has
// risen since it was last recorded, and leaves an event for each step in
// the outbox for the notifications worker to deliver. It is run by the
// server on a timer; it is safe to run on several replicas at once (a
// step is recorded once per response and rung). It returns how many
// responses moved.
func (s *Responses) Escalate(ctx context.Context) (int, error) {
	now := s.clock.Now()
	f := rollcall.ResponseFilter{
		Scope: rollcall.Scope{All: true}, Overdue: true, OnlyPublished: true, Now: now,
		MinEscalation: rollcall.EscalationSecurityLead, Thresholds: s.policy.EscalationThresholds(now),
		Order: "overdue", Limit: 5000,
	}
	moved := 0
	for {
		rows, _, err := s.store.ListResponses(ctx, f)
		if err != nil {
			return moved, err
		}
		var changes []rollcall.EscalationChange
		for _, r := range rows {
			if level := s.policy.Escalation(&r.Response, now); level > r.EscalationLevel {
				changes = append(changes, rollcall.EscalationChange{AlertID: r.AlertID, OrgID: r.OrgID, From: r.EscalationLevel, To: level})
			}
		}
		if len(changes) > 0 {
			if err := s.store.SetEscalation(ctx, changes, now); err != nil {
				return moved, err
			}
			moved += len(changes)
		}
		if len(rows) < f.Limit {
			return moved, nil
		}
		f.Offset += f.Limit
	}
}

// Outbox lists a page of undelivered events, oldest first, and how many
// are undelivered in all; the centre and auditors may read it.
func (s *Responses) Outbox(ctx context.Context, actor *rollcall.Actor, limit, offset int) ([]rollcall.OutboxEvent, int, error) {
	if err := requireActor(actor); err != nil {
		return nil, 0, err
	}
	if !actor.Is(rollcall.RoleAnalyst, rollcall.RoleAuditor) {
		return nil, 0, forbidden("read the outbox")
	}
	if offset < 0 {
		return nil, 0, rollcall.FieldError("offset", "The offset cannot be negative.")
	}
	return s.store.ListOutbox(ctx, clampLimit(limit), offset)
}
