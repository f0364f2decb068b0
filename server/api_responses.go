package server

import (
	"context"
	"net/http"
	"slices"

	"rollcall"
	"rollcall/service"
)

// Responses: one organisation's answer to one alert, read, acknowledged,
// answered (alone or in bulk) and signed off.
//
// A write names an organisation in its path. The handler first asks the
// service for the organisation and the alert as the caller may see them,
// so that a caller who may not see them hears "not found" (404), exactly
// as a read would answer, and one who may see but not change hears 403:
// no write reveals that another organisation's answer exists.

// apiAnswerInput is an answer, as PUT /responses/{orgID} and the "answer"
// of a bulk answer take it. planned_date is a date ("2026-03-20").
type apiAnswerInput struct {
	Applicability string   `json:"applicability"`
	Action        string   `json:"action"`
	PlannedDate   string   `json:"planned_date"`
	Reason        string   `json:"reason"`
	Evidence      string   `json:"evidence"`
	EvidenceLinks []string `json:"evidence_links"`
}

func (in *apiAnswerInput) answer() (rollcall.Answer, error) {
	planned, err := apiParseDate("planned_date", in.PlannedDate)
	if err != nil {
		return rollcall.Answer{}, err
	}
	return rollcall.Answer{Applicability: rollcall.Applicability(in.Applicability), Action: rollcall.Action(in.Action),
		PlannedDate: planned, Reason: in.Reason, Evidence: in.Evidence, EvidenceLinks: in.EvidenceLinks}, nil
}

// apiAnswerFieldNames are the fields an answer's validation may name.
var apiAnswerFieldNames = []string{"applicability", "action", "planned_date", "reason", "evidence", "evidence_links"}

// apiPutAnswerInput is the body of PUT /api/v1/alerts/{id}/responses/{orgID}.
// Version, when given, must be the response's current version (409 if
// someone else has answered since it was read).
type apiPutAnswerInput struct {
	apiAnswerInput
	Version *int `json:"version"`
}

// apiBulkAnswerInput is the body of POST /api/v1/alerts/{id}/answers:
// org_ids, or all_open for every open response the caller answers for.
type apiBulkAnswerInput struct {
	OrgIDs               []int64         `json:"org_ids"`
	AllOpen              bool            `json:"all_open"`
	ConfirmDiscrepancies bool            `json:"confirm_discrepancies"`
	AcknowledgeOnly      bool            `json:"acknowledge_only"`
	Answer               *apiAnswerInput `json:"answer"`
	Versions             map[int64]int   `json:"versions"`
}

// apiSignOffInput is the body of POST .../signoff.
type apiSignOffInput struct {
	Approve *bool  `json:"approve"`
	Note    string `json:"note"`
}

// apiResponseIDs reads the alert and organisation of a response route.
func apiResponseIDs(r *http.Request) (alertID, orgID int64, err error) {
	if alertID, err = apiPathID(r, "id"); err != nil {
		return 0, 0, err
	}
	orgID, err = apiPathID(r, "orgID")
	return alertID, orgID, err
}

// mustSee answers ENOTFOUND unless the caller may see the alert and the
// organisation; see the note at the top of this file.
func (s *Server) mustSee(ctx context.Context, actor *rollcall.Actor, alertID, orgID int64) error {
	if _, err := s.svc.GetOrganisation(ctx, actor, orgID); err != nil {
		return err
	}
	_, err := s.svc.GetAlert(ctx, actor, alertID)
	return err
}

// writeResponse answers with a response as it now stands.
func (s *Server) writeResponse(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor, alertID, orgID int64) error {
	ctx := r.Context()
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
	out := apiResponseDetail{apiResponse: s.responseOf(&d.Response, d.AsOf, apiAlertRefOf(a), apiOrgRefOf(o)), Events: make([]apiEvent, 0, len(d.Events))}
	for _, e := range d.Events {
		out.Events = append(out.Events, apiEventOf(e))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiGetResponse(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	alertID, orgID, err := apiResponseIDs(r)
	if err != nil {
		return err
	}
	if _, err := apiReadQuery(r); err != nil {
		return err
	}
	return s.writeResponse(w, r, actor, alertID, orgID)
}

func (s *Server) apiAcknowledge(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	alertID, orgID, err := apiResponseIDs(r)
	if err != nil {
		return err
	}
	if err := s.mustSee(r.Context(), actor, alertID, orgID); err != nil {
		return err
	}
	req := service.AnswerRequest{AlertID: alertID, OrgIDs: []int64{orgID}, AcknowledgeOnly: true}
	if _, err := s.svc.Answer(r.Context(), actor, req); err != nil {
		return err
	}
	return s.writeResponse(w, r, actor, alertID, orgID)
}

func (s *Server) apiAnswer(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	alertID, orgID, err := apiResponseIDs(r)
	if err != nil {
		return err
	}
	var in apiPutAnswerInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.mustSee(r.Context(), actor, alertID, orgID); err != nil {
		return err
	}
	ans, err := in.answer()
	if err != nil {
		return err
	}
	req := service.AnswerRequest{AlertID: alertID, OrgIDs: []int64{orgID}, Answer: ans}
	if in.Version != nil {
		req.Versions = map[int64]int{orgID: *in.Version}
	}
	if _, err := s.svc.Answer(r.Context(), actor, req); err != nil {
		return err
	}
	return s.writeResponse(w, r, actor, alertID, orgID)
}

func (s *Server) apiBulkAnswer(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	alertID, err := apiPathID(r, "id")
	if err != nil {
		return err
	}
	var in apiBulkAnswerInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	req := service.AnswerRequest{AlertID: alertID, OrgIDs: in.OrgIDs, AcknowledgeOnly: in.AcknowledgeOnly, Versions: in.Versions}
	switch {
	case in.AllOpen && len(in.OrgIDs) > 0:
		return rollcall.FieldError("org_ids", "Give org_ids or all_open, not both.")
	case in.AcknowledgeOnly && in.Answer != nil:
		return rollcall.FieldError("answer", "Leave out the answer when acknowledging only.")
	case !in.AcknowledgeOnly && in.Answer == nil:
		return rollcall.FieldError("answer", "Give the answer, or set acknowledge_only to acknowledge only.")
	case in.Answer != nil:
		if req.Answer, err = in.Answer.answer(); err != nil {
			return apiPrefixField(err, "answer")
		}
	}
	res, err := s.svc.BulkAnswer(r.Context(), actor, service.BulkAnswerRequest{AnswerRequest: req, AllOpen: in.AllOpen, ConfirmDiscrepancies: in.ConfirmDiscrepancies})
	if slices.Contains(apiAnswerFieldNames, rollcall.ErrorField(err)) {
		err = apiPrefixField(err, "answer")
	}
	if err != nil && res != nil && len(res.Exposed) > 0 {
		return s.writeBulkDiscrepancies(w, r, alertID, err, res.Exposed)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"changed": res.Changed})
	return nil
}

func (s *Server) apiSignOff(w http.ResponseWriter, r *http.Request, actor *rollcall.Actor) error {
	alertID, orgID, err := apiResponseIDs(r)
	if err != nil {
		return err
	}
	var in apiSignOffInput
	if err := apiDecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.mustSee(r.Context(), actor, alertID, orgID); err != nil {
		return err
	}
	if in.Approve == nil {
		return rollcall.FieldError("approve", "Say whether you approve the risk acceptance: approve is true or false.")
	}
	if err := s.svc.SignOff(r.Context(), actor, alertID, orgID, *in.Approve, in.Note); err != nil {
		return err
	}
	return s.writeResponse(w, r, actor, alertID, orgID)
}
