package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"rollcall"
	"rollcall/service"
)

// challengeData is the page that confirms a challenge: what the
// organisation says, what its inventory shows, and the note typed so far.
type challengeData struct {
	*service.ChallengeCase
	Claim    rollcall.Claim
	Exposure *service.OrgAlertExposure
	Note     string
	Due      dateInput
	// Back is where the page returns to: "exposure", "alert" or "" for
	// the response page.
	Back     string
	MaxNote  int
	Deadline time.Time
}

// challengeIDs maps the service's fields to the form's inputs.
var challengeIDs = map[string]string{"note": "note", "remediate_due": "remediate_due"}

// handleChallengePage asks the centre or the region to confirm a
// challenge of an organisation's closed answer, with a note the
// organisation will read. The service decides who may.
func (s *Server) handleChallengePage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	c, err := s.challengeCase(r, a)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderChallenge(w, r, http.StatusOK, a, c, challengeData{Back: challengeBack(r.URL.Query().Get("back"))}, nil)
}

// handleChallenge challenges the answer and goes back where the
// challenger came from; a missing note comes back beside the field.
func (s *Server) handleChallenge(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	alertID, orgID, err := challengeIDsOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	d := challengeData{Note: r.PostFormValue("note"), Back: challengeBack(r.PostFormValue("back")),
		Due: dateInput{Day: strings.TrimSpace(r.PostFormValue("remediate_due_day")),
			Month: strings.TrimSpace(r.PostFormValue("remediate_due_month")), Year: strings.TrimSpace(r.PostFormValue("remediate_due_year"))}}
	req := service.ChallengeRequest{AlertID: alertID, OrgID: orgID, Note: d.Note}
	var ch *rollcall.Challenge
	recorded := false
	due, err := d.Due.Time("remediate_due")
	if err == nil {
		if !due.IsZero() {
			// A date: the end of that day, so "today" is still ahead.
			req.RemediateDue = due.Add(rollcall.Day - time.Minute)
		}
		ch, recorded, err = s.svc.Challenge(r.Context(), a, req)
	}
	if rollcall.ErrorCode(err) == rollcall.EINVALID {
		c, cerr := s.challengeCase(r, a)
		if cerr != nil {
			s.error(w, r, cerr)
			return
		}
		s.renderChallenge(w, r, http.StatusUnprocessableEntity, a, c, d, fieldErrors(err, challengeIDs, "note"))
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	org := s.orgName(r.Context(), a, orgID)
	msg := fmt.Sprintf("Answer of %s challenged. It is open again and %s will see your note.", org, org)
	if !recorded {
		msg = fmt.Sprintf("The answer of %s was already challenged with this note on %s; nothing changed.", org, formatDate(ch.At))
	}
	s.redirect(w, r, challengeReturn(d.Back, alertID, orgID), msg)
}

func challengeIDsOf(r *http.Request) (alertID, orgID int64, err error) {
	if alertID, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	orgID, err = pathID(r, "orgID")
	return alertID, orgID, err
}

func (s *Server) challengeCase(r *http.Request, a *rollcall.Actor) (*service.ChallengeCase, error) {
	alertID, orgID, err := challengeIDsOf(r)
	if err != nil {
		return nil, err
	}
	return s.svc.ChallengeCase(r.Context(), a, alertID, orgID)
}

func (s *Server) renderChallenge(w http.ResponseWriter, r *http.Request, status int, a *rollcall.Actor, c *service.ChallengeCase, d challengeData, errs formErrors) {
	d.ChallengeCase, d.Claim, d.MaxNote, d.Deadline = c, rollcall.ClaimOf(c.Response), rollcall.MaxChallengeNote, c.Response.RemediateDue
	if !c.Alert.Affected.IsZero() {
		// The counts are enough here; one host keeps the read small.
		if ex, err := s.svc.OrgAlertExposure(r.Context(), a, c.Alert.ID, c.Org.ID, 1); err == nil {
			d.Exposure = ex
		}
	}
	s.render(w, r, status, "challenge", &page{Title: "Challenge the answer of " + c.Org.Name, Errors: errs, Data: d, Path: "/alerts"})
}

// challengeBack keeps only the return places the page knows, so the form
// cannot be made to send anyone elsewhere.
func challengeBack(v string) string {
	switch v {
	case "exposure", "alert":
		return v
	}
	return ""
}

// challengeReturn is the page a challenge goes back to.
func challengeReturn(back string, alertID, orgID int64) string {
	switch back {
	case "exposure":
		return fmt.Sprintf("/alerts/%d/exposure", alertID)
	case "alert":
		return fmt.Sprintf("/alerts/%d#exposure", alertID)
	}
	return responsePagePath(alertID, orgID)
}

// standingChallenge is the challenge standing on an answer, or nil, for
// the response page.
func (s *Server) standingChallenge(ctx context.Context, a *rollcall.Actor, alertID, orgID int64) (*rollcall.Challenge, error) {
	list, err := s.svc.StandingChallenges(ctx, a, alertID, orgID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[len(list)-1], nil
}

// inboxChallenge is a standing challenge as the inbox lists it.
type inboxChallenge struct {
	rollcall.Challenge
	AlertRef string
	OrgName  string
}

// inboxChallenges lists the challenges standing on the caller's answers,
// named from the inbox's own rows.
func (s *Server) inboxChallenges(ctx context.Context, a *rollcall.Actor, rows []rollcall.ResponseRow) ([]inboxChallenge, error) {
	list, err := s.svc.InboxChallenges(ctx, a)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	type key struct{ alert, org int64 }
	names := map[key]rollcall.ResponseRow{}
	for _, row := range rows {
		names[key{row.AlertID, row.OrgID}] = row
	}
	out := make([]inboxChallenge, 0, len(list))
	for _, c := range list {
		ic := inboxChallenge{Challenge: c, AlertRef: fmt.Sprintf("alert %d", c.AlertID), OrgName: s.orgName(ctx, a, c.OrgID)}
		if row, ok := names[key{c.AlertID, c.OrgID}]; ok {
			ic.AlertRef, ic.OrgName = row.AlertRef, row.OrgName
		}
		out = append(out, ic)
	}
	return out, nil
}
