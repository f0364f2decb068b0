package server

import (
	"net/http"
	"time"

	"rollcall"
	"rollcall/service"
)

// apiChallengeInput is the body of POST .../challenge.
type apiChallengeInput struct {
	Note string `json:"note"`
	// RemediateDue, when given, replaces the remediation deadline.
	RemediateDue *time.Time `json:"remediate_due"`
}

// apiChallenge is a challenge of an organisation's answer.
type apiChallenge struct {
	ID           int64      `json:"id"`
	AlertID      int64      `json:"alert_id"`
	OrgID        int64      `json:"org_id"`
	By           string     `json:"by"`
	ByLabel      string     `json:"by_label"`
	ActorID      *int64     `json:"actor_id"`
	ActorName    string     `json:"actor_name"`
	Note         string     `json:"note"`
	Claim        string     `json:"claim"`
	ClaimLabel   string     `json:"claim_label"`
	RemediateDue *time.Time `json:"remediate_due"`
	At           *time.Time `json:"at"`
}

func apiChallengeOf(c *rollcall.Challenge) apiChallenge {
	return apiChallenge{ID: c.ID, AlertID: c.AlertID, OrgID: c.OrgID, By: string(c.By), ByLabel: c.By.Label(),
		ActorID: apiRef(c.ActorID), ActorName: c.ActorName, Note: c.Note, Claim: apiClaimCode(c.Claim), ClaimLabel: c.Claim.Label(),
		RemediateDue: apiTime(c.RemediateDue), At: apiTime(c.At)}
}

// apiChallengeResult is what a challenge answers: the challenge, whether
// this call recorded it (false for a retry of the one standing), and the
// response as it now stands.
type apiChallengeResult struct {
	Recorded  bool         `json:"recorded"`
	Challenge apiChallenge `json:"challenge"`
	Response  apiResponse  `json:"response"`
}

// apiChallenge reopens an organisation's closed answer with a note; the
// service decides who may.
func (s *Server) apiChallenge(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	alertID, orgID, err := apiResponseIDs(r)
	if err != nil {
		return err
	}
	// Visibility first: a draft or another region's organisation is not
	// found, whatever the body says.
	if err := s.mustSee(r.Context(), actor, alertID, orgID); err != nil {
		return err
	}
	var in apiChallengeInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	req := service.ChallengeRequest{AlertID: alertID, OrgID: orgID, Note: in.Note}
	if in.RemediateDue != nil {
		req.RemediateDue = *in.RemediateDue
	}
	ctx := r.Context()
	c, recorded, err := s.svc.Challenge(ctx, actor, req)
	if err != nil {
		return err
	}
	d, err := s.svc.GetResponse(ctx, actor, alertID, orgID)
	if err != nil {
		return err
	}
	o, err := s.svc.GetOrganisation(ctx, actor, orgID)
	if err != nil {
		return err
	}
	a, err := s.svc.GetAlert(ctx, actor, alertID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiChallengeResult{Recorded: recorded, Challenge: apiChallengeOf(c),
		Response: s.responseOf(&d.Response, d.AsOf, apiAlertRefOf(a), apiOrgRefOf(o))})
	return nil
}
