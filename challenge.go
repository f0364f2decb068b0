package rollcall

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Challenger is who challenged an answer: the centre, or the region the
// organisation belongs to.
type Challenger string

// The challengers.
const (
	ChallengerCentre Challenger = "centre"
	ChallengerRegion Challenger = "region"
)

// Label is the challenger as the organisation reads it: "challenged by
// the centre".
func (c Challenger) Label() string {
	if c == ChallengerRegion {
		return "the region"
	}
	return "the centre"
}

// MaxChallengeNote is the longest note a challenge may carry, in
// characters: enough to say what the inventory shows and what is wanted.
const MaxChallengeNote = 2000

// EventChallenged is the response event of a challenge; OutboxChallenged
// the outbox event that tells the organisation.
const (
	EventChallenged  = "challenged"
	OutboxChallenged = "response.challenged"
)

// Challenge is the centre or a region disputing an organisation's closed
// answer — typically "patched" or "not applicable" while its own inventory
// shows exposed hosts. It reopens the answer with a note the organisation
// reads; the challenged claim is kept here, since the answer no longer
// says it.
type Challenge struct {
	ID      int64 `json:"id"`
	AlertID int64 `json:"alert_id"`
	OrgID   int64 `json:"org_id"`
	// By is the centre or the region; ActorID and ActorName the person.
	By        Challenger `json:"by"`
	ActorID   int64      `json:"actor_id,omitempty"`
	ActorName string     `json:"actor_name"`
	Note      string     `json:"note"`
	// Claim is what the answer said when it was challenged.
	Claim Claim `json:"claim"`
	// RemediateDue is the new remediation deadline the challenger gave;
	// zero keeps the response's own.
	RemediateDue time.Time `json:"remediate_due"`
	At           time.Time `json:"at"`
}

// Validate checks a challenge before it is made at now: the note is
// required and bounded, and a new deadline must be in the future.
func (c *Challenge) Validate(now time.Time) error {
	c.Note = strings.TrimSpace(c.Note)
	switch n := utf8.RuneCountInString(c.Note); {
	case n == 0:
		return FieldError("note", "Say why the answer is challenged: the organisation reads this note.")
	case n > MaxChallengeNote:
		return FieldError("note", "The note is %d characters long; it can be at most %d.", n, MaxChallengeNote)
	}
	if !c.RemediateDue.IsZero() && !c.RemediateDue.After(now) {
		return FieldError("remediate_due", "The new remediation deadline must be in the future.")
	}
	return nil
}

// Repeats reports whether c asks for the same as an earlier challenge
// that still stands: a retry, which records nothing.
func (c *Challenge) Repeats(earlier *Challenge) bool {
	return earlier != nil && earlier.By == c.By && earlier.Note == c.Note && earlier.RemediateDue.Equal(c.RemediateDue)
}

// Summary is the challenge as the response's history says it.
func (c *Challenge) Summary() string {
	return "Challenged by " + c.By.Label() + " (was " + c.Claim.Label() + "): " + c.Note
}

// Reopen applies a challenge to the response: only a closed answer can be
// challenged. The applicability and action are cleared, so the answer
// needs giving again and no longer counts as a claim; the reason and
// evidence stay for the organisation to amend. The remediation clock runs
// again, to the challenger's new deadline if one is given.
func (r *Response) Reopen(c *Challenge) error {
	if !r.Phase.Closed() {
		return Errorf(ECONFLICT, "Only a closed answer can be challenged; this one is still open and needs an answer already.")
	}
	c.Claim = ClaimOf(r)
	r.Applicability, r.Action, r.PlannedDate = "", "", time.Time{}
	r.SignOff, r.SignOffBy, r.SignOffAt, r.SignOffNote = "", 0, time.Time{}, ""
	r.ClosedAt = time.Time{}
	if !c.RemediateDue.IsZero() {
		r.RemediateDue = c.RemediateDue
	}
	r.Phase = PhaseOf(r)
	return nil
}

// CanChallenge reports whether the actor may challenge the answers of an
// organisation in the region: the centre's analysts anywhere, a
// coordinator in their own region.
func (a *Actor) CanChallenge(regionID int64) bool {
	switch {
	case a.Is(RoleAnalyst):
		return true
	case a.Is(RoleCoordinator):
		return a.User.RegionID == regionID
	}
	return false
}

// ChallengerOf is who the actor challenges as.
func ChallengerOf(a *Actor) Challenger {
	if a.Is(RoleCoordinator) {
		return ChallengerRegion
	}
	return ChallengerCentre
}
