package service

import (
	"context"
	"time"

	"rollcall"
)

// Challenges lets the centre, and a region for its own organisations,
// dispute a closed answer — a "patched" the organisation's inventory
// contradicts — by reopening it with a note the organisation reads.
type Challenges struct {
	env
	store  ChallengeStore
	dir    *Directory
	alerts *Alerts
}

// ChallengeStore is what challenges need from storage. Errors are as
// Store says.
type ChallengeStore interface {
	// ChallengeResponse reopens the response by the challenge in one
	// transaction, checking there that the alert is published and the
	// answer closed; a repeat of the challenge still standing records
	// nothing and returns false. ENOTFOUND if the alert was not sent to
	// the organisation, ECONFLICT if it is not published or the answer is
	// open.
	ChallengeResponse(ctx context.Context, c *rollcall.Challenge, now time.Time) (bool, error)
	// StandingChallenges lists the challenges still standing for the
	// organisations, of one alert or (alertID 0) of every published one.
	StandingChallenges(ctx context.Context, alertID int64, orgIDs []int64) ([]rollcall.Challenge, error)
	FindResponse(ctx context.Context, alertID, orgID int64) (*rollcall.Response, error)
}

// ChallengeRequest is a challenge of one organisation's answer to one
// alert: the note is required; RemediateDue, when given, replaces the
// remediation deadline.
type ChallengeRequest struct {
	AlertID      int64
	OrgID        int64
	Note         string
	RemediateDue time.Time
}

// ChallengeCase is what a challenge would be about: the organisation,
// the alert, and the response as it stands.
type ChallengeCase struct {
	Org      *rollcall.Organisation
	Alert    *rollcall.Alert
	Response *rollcall.Response
}

// ChallengeCase reads what the actor would challenge, for the page that
// asks them to confirm, with the same rules as Challenge: not found for a
// caller who may not see it, forbidden for one who may not challenge, and
// a conflict when the alert is not published or the answer is not closed
// (Challenge checks both again when it writes).
func (s *Challenges) ChallengeCase(ctx context.Context, actor *rollcall.Actor, alertID, orgID int64) (*ChallengeCase, error) {
	c, err := s.authorise(ctx, actor, alertID, orgID)
	if err != nil {
		return nil, err
	}
	if c.Alert.Status != rollcall.AlertPublished {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "Alert %s is %s: its answers cannot be challenged.", c.Alert.Reference, c.Alert.Status)
	}
	if c.Response, err = s.store.FindResponse(ctx, alertID, orgID); err != nil {
		return nil, err
	}
	if !c.Response.Phase.Closed() {
		return nil, rollcall.Errorf(rollcall.ECONFLICT, "Only a closed answer can be challenged; the answer of %s is still open.", c.Org.Name)
	}
	return c, nil
}

// authorise decides whether the actor may challenge the organisation's
// answer to the alert: visibility first, then the role.
func (s *Challenges) authorise(ctx context.Context, actor *rollcall.Actor, alertID, orgID int64) (*ChallengeCase, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	org, err := s.dir.GetOrganisation(ctx, actor, orgID)
	if err != nil {
		return nil, err
	}
	a, err := s.alerts.GetAlert(ctx, actor, alertID)
	if err != nil {
		return nil, err
	}
	if !actor.CanChallenge(org.RegionID) {
		return nil, forbidden("challenge this organisation's answers")
	}
	return &ChallengeCase{Org: org, Alert: a}, nil
}

// Challenge reopens an organisation's closed answer with a note it reads.
// A caller who may not see the organisation or the alert is told it is
// not found; of those who may, only the centre's analysts and the
// coordinator of the organisation's region may challenge. It returns the
// challenge and whether it was recorded now: a retry of the challenge
// still standing returns it, recording nothing.
func (s *Challenges) Challenge(ctx context.Context, actor *rollcall.Actor, req ChallengeRequest) (*rollcall.Challenge, bool, error) {
	if _, err := s.authorise(ctx, actor, req.AlertID, req.OrgID); err != nil {
		return nil, false, err
	}
	now := s.clock.Now()
	c := &rollcall.Challenge{AlertID: req.AlertID, OrgID: req.OrgID, By: rollcall.ChallengerOf(actor),
		ActorID: actor.User.ID, ActorName: actor.User.Name, Note: req.Note, RemediateDue: req.RemediateDue, At: now}
	if err := c.Validate(now); err != nil {
		return nil, false, err
	}
	recorded, err := s.store.ChallengeResponse(ctx, c, now)
	if err != nil {
		return nil, false, err
	}
	return c, recorded, nil
}

// StandingChallenges returns the challenge still standing on an
// organisation's answer to an alert — none, or one — for anyone who may
// see the response.
func (s *Challenges) StandingChallenges(ctx context.Context, actor *rollcall.Actor, alertID, orgID int64) ([]rollcall.Challenge, error) {
	if _, err := s.dir.GetOrganisation(ctx, actor, orgID); err != nil {
		return nil, err
	}
	if _, err := s.alerts.GetAlert(ctx, actor, alertID); err != nil {
		return nil, err
	}
	return s.store.StandingChallenges(ctx, alertID, []int64{orgID})
}

// InboxChallenges lists the challenges standing on the answers of the
// organisations the actor answers for (or leads), to published alerts:
// what the inbox shows first. Other roles have no inbox.
func (s *Challenges) InboxChallenges(ctx context.Context, actor *rollcall.Actor) ([]rollcall.Challenge, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if !actor.Is(rollcall.RoleResponder, rollcall.RoleSecurityLead) {
		return nil, nil
	}
	return s.store.StandingChallenges(ctx, 0, actor.Scope().OrgIDs)
}
