package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"rollcall"
	"rollcall/service"
)

// responsePageData is one organisation's response to one alert: the
// clocks, the answer, its history, and for a responder the form.
type responsePageData struct {
	Alert   *rollcall.Alert
	Org     *rollcall.Organisation
	Resp    *service.ResponseDetail
	Clock   string
	History []historyRow
	// AnsweredVia names the organisation that gave the current answer on
	// this one's behalf.
	AnsweredVia string
	SignOffBy   string
	LeadName    string

	// Exposure is what the organisation's inventory shows about the
	// alert, when the alert names what it affects; the page links to the
	// hosts when any is exposed or cannot be told.
	Exposure *service.OrgAlertExposure

	CanAnswer  bool
	CanSignOff bool
	Form       answerForm
	// Version is the response version the form was made from; the service
	// refuses an answer made from a stale one.
	Version int

	// Challenge is the challenge standing on the answer; CanChallenge
	// offers the centre or the region to challenge a closed one.
	Challenge    *rollcall.Challenge
	CanChallenge bool
}

// historyRow is one event of a response's history, with names resolved.
type historyRow struct {
	rollcall.ResponseEvent
	Via string
}

// handleResponsePage shows one organisation's response to one alert.
func (s *Server) handleResponsePage(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	d, err := s.responsePage(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d.Form, d.Version = answerFormOf(&d.Resp.Response), d.Resp.Version
	s.renderResponse(w, r, http.StatusOK, d, nil)
}

// handleAcknowledge records that the organisation has seen the alert.
func (s *Server) handleAcknowledge(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	d, err := s.responsePage(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	req := service.AnswerRequest{AlertID: d.Alert.ID, OrgIDs: []int64{d.Org.ID}, AcknowledgeOnly: true}
	if _, err := s.svc.Answer(r.Context(), a, req); err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, responsePagePath(d.Alert.ID, d.Org.ID), "Acknowledged. Now say whether the alert applies and what you have done about it.")
}

// handleAnswer records a responder's answer. The form carries the version
// it was made from: if a colleague has answered since, the answer is
// refused and the page shows theirs, keeping what this user typed.
func (s *Server) handleAnswer(w http.ResponseWriter, r *http.Request) {
	a := s.signedIn(w, r)
	if a == nil {
		return
	}
	d, err := s.responsePage(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !a.CanAnswerFor(d.Org.ID) {
		s.error(w, r, rollcall.Errorf(rollcall.EFORBIDDEN, "Only a responder who answers for %s can answer for it.", d.Org.Name))
		return
	}
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	form := answerFormFrom(r)
	version, verr := strconv.Atoi(r.PostFormValue("version"))
	ans, err := form.answer()
	if err == nil {
		req := service.AnswerRequest{AlertID: d.Alert.ID, OrgIDs: []int64{d.Org.ID}, Answer: ans}
		if verr == nil {
			req.Versions = map[int64]int{d.Org.ID: version}
		}
		_, err = s.svc.Answer(r.Context(), a, req)
	}
	if errs := fieldErrors(err, form.fieldIDs(), "answer"); errs != nil {
		d.Form, d.Version = form, version
		if rollcall.ErrorCode(err) == rollcall.ECONFLICT {
			// The page now shows the colleague's answer; a second submit
			// means "replace theirs with mine", made knowingly.
			d.Version = d.Resp.Version
			errs[0].Message += " Your answer is below, not saved: check theirs, then save yours again if it should replace it."
		}
		s.renderResponse(w, r, formStatus(err), d, errs)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	s.redirect(w, r, responsePagePath(d.Alert.ID, d.Org.ID), "Answer saved for "+d.Org.Name+".")
}

// responsePage loads what the response page shows. An organisation the
// caller may not see is "not found", by the service's rule.
func (s *Server) responsePage(r *http.Request) (*responsePageData, error) {
	ctx := r.Context()
	a := actorFrom(ctx)
	alertID, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	orgID, err := pathID(r, "orgID")
	if err != nil {
		return nil, err
	}
	resp, err := s.svc.GetResponse(ctx, a, alertID, orgID)
	if err != nil {
		return nil, err
	}
	alert, err := s.svc.GetAlert(ctx, a, alertID)
	if err != nil {
		return nil, err
	}
	org, err := s.svc.GetOrganisation(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	d := &responsePageData{Alert: alert, Org: org, Resp: resp, Clock: responseClock(alert, resp),
		CanAnswer: a.CanAnswerFor(orgID) && alert.Status == rollcall.AlertPublished,
	}
	// One rule says who signs a risk acceptance off, for the form that
	// names them and for the sign-off the page offers.
	signer, err := s.svc.RiskSigner(ctx, orgID)
	if err != nil {
		return nil, err
	}
	d.CanSignOff = signer.Allows(a) && resp.SignOff == rollcall.SignOffPending
	// Events name the organisation that answered on this one's behalf, so a
	// practice sees its support unit's name even though it cannot open it.
	for _, ev := range resp.Events {
		d.History = append(d.History, historyRow{ResponseEvent: ev, Via: ev.ViaOrgName})
		if ev.ViaOrgID != 0 && ev.ViaOrgID == resp.AnsweredVia {
			d.AnsweredVia = ev.ViaOrgName
		}
	}
	if !alert.Affected.IsZero() {
		// One host is enough here: the counts cover them all.
		if d.Exposure, err = s.svc.OrgAlertExposure(ctx, a, alertID, orgID, 1); err != nil {
			return nil, err
		}
	}
	if d.Challenge, err = s.standingChallenge(ctx, a, alertID, orgID); err != nil {
		return nil, err
	}
	d.CanChallenge = a.CanChallenge(org.RegionID) && alert.Status == rollcall.AlertPublished && resp.Phase.Closed()
	d.SignOffBy = s.userName(ctx, a, resp.SignOffBy)
	d.LeadName = signer.Name
	if signer.Kind == rollcall.SignerLead {
		if name := s.userName(ctx, a, org.DataSecurityLeadID); name != "" {
			d.LeadName += " (" + name + ")"
		}
	}
	return d, nil
}

func (s *Server) renderResponse(w http.ResponseWriter, r *http.Request, status int, d *responsePageData, errs formErrors) {
	s.render(w, r, status, "response", &page{Title: d.Org.Name + ": " + d.Alert.Reference, Errors: errs, Data: d})
}

// orgName names an organisation for a page, or "" for none. One the
// caller may not see is still said to exist, without its name.
func (s *Server) orgName(ctx context.Context, a *rollcall.Actor, id int64) string {
	if id == 0 {
		return ""
	}
	o, err := s.svc.GetOrganisation(ctx, a, id)
	if err != nil {
		return "another organisation"
	}
	return o.Name
}

// userName names a user for a page, or "" for none.
func (s *Server) userName(ctx context.Context, a *rollcall.Actor, id int64) string {
	if id == 0 {
		return ""
	}
	u, err := s.svc.GetUser(ctx, a, id)
	if err != nil {
		return "someone you cannot see"
	}
	return u.Name
}

func responsePagePath(alertID, orgID int64) string {
	return fmt.Sprintf("/alerts/%d/orgs/%d", alertID, orgID)
}

// responseClock phrases the clock to watch; a withdrawn alert has none.
func responseClock(alert *rollcall.Alert, resp *service.ResponseDetail) string {
	if alert.Status == rollcall.AlertWithdrawn {
		return "Alert withdrawn " + formatDate(alert.UpdatedAt) + ": no answer is needed"
	}
	return clockPhrase(resp.Response, resp.AsOf)
}
