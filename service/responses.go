package service

import (
	"context"
	"fmt"
	"slices"
	"time"

	"rollcall"
)

// ResponseDetail is one organisation's response to one alert, with its
// history and the state and rung it is in now.
type ResponseDetail struct {
	rollcall.Response
	State      rollcall.State           `json:"state"`
	Escalation rollcall.EscalationLevel `json:"escalation"`
	// AsOf is the time State and Escalation were read at: now, or when
	// the alert was withdrawn.
	AsOf   time.Time                `json:"as_of"`
	Events []rollcall.ResponseEvent `json:"events"`
}

// GetResponse returns an organisation's response to an alert, with its
// history, for those who may see the organisation.
func (s *Responses) GetResponse(ctx context.Context, actor *rollcall.Actor, alertID, orgID int64) (*ResponseDetail, error) {
	if _, err := s.dir.GetOrganisation(ctx, actor, orgID); err != nil {
		return nil, err
	}
	a, err := s.alerts.GetAlert(ctx, actor, alertID)
	if err != nil {
		return nil, err
	}
	r, err := s.store.FindResponse(ctx, alertID, orgID)
	if err != nil {
		return nil, err
	}
	events, err := s.store.ListResponseEvents(ctx, alertID, orgID)
	if err != nil {
		return nil, err
	}
	at := a.ClockTime(s.clock.Now())
	return &ResponseDetail{Response: *r, State: r.State(at), Escalation: s.policy.Escalation(r, at), AsOf: at, Events: events}, nil
}

// AnswerRequest is an answer to one alert for one or more organisations
// (several when a support unit answers for its GP practices).
type AnswerRequest struct {
	AlertID int64
	OrgIDs  []int64
	// Acknowledge only: record that the alert was seen, change nothing else.
	AcknowledgeOnly bool
	Answer          rollcall.Answer
	// Versions, when given for an organisation, must match its response's
	// stored version, so an answer made on a stale page is refused rather
	// than overwriting a colleague's.
	Versions map[int64]int
	// OpenOnly names organisations answered only if their response is
	// still open when the answer is saved (chosen as "all still open").
	OpenOnly map[int64]bool
}

// Answer records an answer (or an acknowledgement) for every organisation
// in the request, all or none. The actor must be a responder who answers
// for each organisation, directly or by delegation; an answer through a
// delegation records the organisation that gave it. It returns the number
// of responses changed.
func (s *Responses) Answer(ctx context.Context, actor *rollcall.Actor, req AnswerRequest) (int, error) {
	// Visibility first: an alert the actor may not see (a draft) is not
	// found, before anything is said about the request or the alert's state.
	if _, err := s.alerts.GetAlert(ctx, actor, req.AlertID); err != nil {
		return 0, err
	}
	if len(req.OrgIDs) == 0 {
		return 0, rollcall.FieldError("org_ids", "Choose at least one organisation to answer for.")
	}
	if len(req.OrgIDs) > 10000 {
		return 0, rollcall.Errorf(rollcall.ETOOLARGE, "One answer can cover at most 10,000 organisations.")
	}
	for i, id := range req.OrgIDs {
		if !actor.CanAnswerFor(id) {
			if actor.Is(rollcall.RoleResponder) {
				return 0, rollcall.FieldError(fmt.Sprintf("org_ids[%d]", i), "You do not answer for organisation %d.", id)
			}
			return 0, forbidden("answer alerts")
		}
	}
	// Whether the alert is still published is checked by UpdateResponses,
	// in the write transaction, so a withdrawal that lands meanwhile wins.
	now := s.clock.Now()
	if !req.AcknowledgeOnly {
		if err := req.Answer.Validate(now); err != nil {
			return 0, err
		}
	}
	changed := 0
	err := s.store.UpdateResponses(ctx, req.AlertID, dedupe(req.OrgIDs), now, func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
		if !req.AcknowledgeOnly && answerUnchanged(r, req.Answer) {
			return nil, nil // a retry: even one carrying the version it was sent with
		}
		if v, ok := req.Versions[r.OrgID]; ok && v != r.Version {
			return nil, rollcall.Errorf(rollcall.ECONFLICT, "This answer was changed by someone else since you opened it; reload to see their answer.")
		}
		if req.OpenOnly[r.OrgID] && !r.ClosedAt.IsZero() {
			return nil, nil
		}
		ev := &rollcall.ResponseEvent{AlertID: r.AlertID, OrgID: r.OrgID, ActorID: actor.User.ID, ActorName: actor.User.Name, At: now}
		if r.OrgID != actor.User.OrgID {
			ev.ViaOrgID = actor.User.OrgID
		}
		if req.AcknowledgeOnly {
			if !r.Acknowledge(now) {
				return nil, nil
			}
			ev.Kind, ev.Summary = rollcall.EventAcknowledged, "Acknowledged the alert"
		} else {
			if err := r.Apply(req.Answer, now); err != nil {
				return nil, err
			}
			answer := req.Answer
			ev.Kind, ev.Summary, ev.Answer = rollcall.EventAnswered, answerSummary(r), &answer
		}
		r.AnsweredBy, r.AnsweredVia = actor.User.ID, ev.ViaOrgID
		changed++
		return ev, nil
	})
	if err != nil {
		return 0, err
	}
	return changed, nil
}

func answerSummary(r *rollcall.Response) string {
	switch r.Phase {
	case rollcall.PhaseNotApplicable:
		return "Stated the alert does not apply"
	case rollcall.PhaseInProgress:
		return "Reported work in progress, planned for " + r.PlannedDate.Format("2 January 2006")
	case rollcall.PhaseRiskPending:
		return "Accepted the risk; waiting for the data-security lead's sign-off"
	case rollcall.PhaseAcknowledged:
		if r.Applicability == rollcall.Applicable {
			return "Stated the alert applies"
		}
		return "Answered"
	}
	return "Reported: " + r.Action.Label()
}

// SignOff records the data-security lead's decision on a pending risk
// acceptance. Only the organisation's signer may decide (see RiskSigner).
func (s *Responses) SignOff(ctx context.Context, actor *rollcall.Actor, alertID, orgID int64, approve bool, note string) error {
	if _, err := s.alerts.GetAlert(ctx, actor, alertID); err != nil {
		return err
	}
	signer, err := s.RiskSigner(ctx, orgID)
	if err != nil {
		return err
	}
	if !signer.Allows(actor) {
		return forbidden("sign off risk acceptances for this organisation: " + signer.Name + " does")
	}
	now := s.clock.Now()
	return s.store.UpdateResponses(ctx, alertID, []int64{orgID}, now, func(r *rollcall.Response) (*rollcall.ResponseEvent, error) {
		if err := r.Decide(approve, note, actor.User.ID, now); err != nil {
			return nil, err
		}
		summary := "Signed off the risk acceptance"
		if !approve {
			summary = "Rejected the risk acceptance: " + r.SignOffNote
		}
		return &rollcall.ResponseEvent{AlertID: alertID, OrgID: orgID, Kind: rollcall.EventSignedOff,
			ActorID: actor.User.ID, ActorName: actor.User.Name, Summary: summary, At: now}, nil
	})
}

// Inbox lists the open responses to published alerts for the
// organisations the actor answers for (or leads), soonest deadline first:
// the page of up to limit from offset, and the total.
func (s *Responses) Inbox(ctx context.Context, actor *rollcall.Actor, limit, offset int) ([]rollcall.ResponseRow, int, error) {
	if err := requireActor(actor); err != nil {
		return nil, 0, err
	}
	if offset < 0 {
		return nil, 0, rollcall.FieldError("offset", "The offset cannot be negative.")
	}
	if !actor.Is(rollcall.RoleResponder, rollcall.RoleSecurityLead) {
		return nil, 0, nil
	}
	now := s.clock.Now()
	return s.store.ListResponses(ctx, rollcall.ResponseFilter{
		Scope: actor.Scope(), Open: true, OnlyPublished: true, Now: now, Order: "deadline", Limit: clampLimit(limit), Offset: offset,
	})
}

// Escalated lists what has been escalated to the actor: for a
// data-security lead, their organisation's overdue responses; for a
// coordinator, their region's responses overdue long enough to reach them;
// for the centre, everything that reached the centre. It returns the page
// of up to limit from offset, and the total.
func (s *Responses) Escalated(ctx context.Context, actor *rollcall.Actor, limit, offset int) ([]rollcall.ResponseRow, int, error) {
	if err := requireActor(actor); err != nil {
		return nil, 0, err
	}
	if offset < 0 {
		return nil, 0, rollcall.FieldError("offset", "The offset cannot be negative.")
	}
	now := s.clock.Now()
	f := rollcall.ResponseFilter{Scope: actor.Scope(), Overdue: true, OnlyPublished: true, Now: now,
		Thresholds: s.policy.EscalationThresholds(now), Order: "overdue", Limit: clampLimit(limit), Offset: offset}
	switch actor.User.Role {
	case rollcall.RoleSecurityLead:
		f.MinEscalation = rollcall.EscalationSecurityLead
	case rollcall.RoleCoordinator:
		f.MinEscalation = rollcall.EscalationCoordinator
	case rollcall.RoleAnalyst, rollcall.RoleAuditor:
		f.MinEscalation = rollcall.EscalationCentre
	default:
		return nil, 0, nil
	}
	return s.store.ListResponses(ctx, f)
}

// AwaitingSignOff lists the risk acceptances waiting for the actor's
// sign-off as data-security lead, the most pressing first: the page of up
// to limit from offset, and the total.
func (s *Responses) AwaitingSignOff(ctx context.Context, actor *rollcall.Actor, limit, offset int) ([]rollcall.ResponseRow, int, error) {
	if err := requireActor(actor); err != nil {
		return nil, 0, err
	}
	if offset < 0 {
		return nil, 0, rollcall.FieldError("offset", "The offset cannot be negative.")
	}
	if !actor.Is(rollcall.RoleSecurityLead) {
		return nil, 0, nil
	}
	return s.store.ListResponses(ctx, rollcall.ResponseFilter{
		Scope: rollcall.Scope{OrgIDs: []int64{actor.User.OrgID}}, SignOff: rollcall.SignOffPending,
		OnlyPublished: true, Now: s.clock.Now(), Order: "deadline", Limit: clampLimit(limit), Offset: offset,
	})
}

// RollCall is the summary of an alert's roll call within what the actor
// may see, computed in the database.
func (s *Responses) RollCall(ctx context.Context, actor *rollcall.Actor, alertID int64) (*rollcall.RollCall, error) {
	a, err := s.alerts.GetAlert(ctx, actor, alertID)
	if err != nil {
		return nil, err
	}
	now := a.ClockTime(s.clock.Now())
	scope := actor.Scope()
	figures, err := s.store.RollCallFigures(ctx, alertID, scope, now, s.policy.EscalationThresholds(now))
	if err != nil {
		return nil, err
	}
	regions, err := s.store.ListRegions(ctx)
	if err != nil {
		return nil, err
	}
	rc := rollcall.FoldRollCall(alertID, now, figures.Groups, regions)
	rc.TimeToAck, rc.TimeToRemediate = figures.Ack, figures.Remediate
	return &rc, nil
}

// RollCallEntries lists the per-organisation responses to an alert that
// the actor may see, filtered as asked.
func (s *Responses) RollCallEntries(ctx context.Context, actor *rollcall.Actor, f rollcall.ResponseFilter) ([]rollcall.ResponseRow, int, error) {
	a, err := s.alerts.GetAlert(ctx, actor, f.AlertID)
	if err != nil {
		return nil, 0, err
	}
	now := a.ClockTime(s.clock.Now())
	f.Scope, f.Now, f.Thresholds = actor.Scope(), now, s.policy.EscalationThresholds(now)
	f.Limit = clampLimit(f.Limit)
	return s.store.ListResponses(ctx, f)
}

// RowState gives the state and rung of a listed response, read by the one
// state rule and the policy's ladder at the row's clock time (now, or when
// its alert was withdrawn), and that time.
func (s *Responses) RowState(row *rollcall.ResponseRow) (rollcall.State, rollcall.EscalationLevel, time.Time) {
	at := row.ClockTime(s.clock.Now())
	return row.State(at), s.policy.Escalation(&row.Response, at), at
}

func clampLimit(n int) int {
	if n <= 0 || n > 500 {
		return 100
	}
	return n
}

func dedupe(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// OrganisationResponses lists one organisation's responses to published
// alerts, the soonest deadline first, for those who may see it; it returns
// the page and the total.
func (s *Responses) OrganisationResponses(ctx context.Context, actor *rollcall.Actor, orgID int64, limit, offset int) ([]rollcall.ResponseRow, int, error) {
	if _, err := s.dir.GetOrganisation(ctx, actor, orgID); err != nil {
		return nil, 0, err
	}
	if offset < 0 {
		return nil, 0, rollcall.FieldError("offset", "The offset cannot be negative.")
	}
	now := s.clock.Now()
	return s.store.ListResponses(ctx, rollcall.ResponseFilter{
		Scope: actor.Scope(), OrgIDs: []int64{orgID}, OnlyPublished: true, Now: now,
		Thresholds: s.policy.EscalationThresholds(now), Order: "deadline", Limit: clampLimit(limit), Offset: offset,
	})
}
