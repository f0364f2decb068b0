package server

import (
	"fmt"
	"net/http"

	"rollcall/service"
)

// apiBulkDiscrepancies is the 409 a bulk "patched" or "not applicable"
// answer gets when some of the organisations it covers have fresh
// inventories showing exposed hosts: the usual error, and those
// organisations, each with a link to its hosts. Sent again with
// confirm_discrepancies, the answer is saved.
type apiBulkDiscrepancies struct {
	ErrorBody
	Organisations []apiExposedOrg `json:"organisations"`
}

// apiExposedOrg is one organisation of apiBulkDiscrepancies.
type apiExposedOrg struct {
	service.ExposedOrg
	// Hosts is the API path listing its exposed hosts and why.
	Hosts string `json:"hosts"`
}

func (s *Server) writeBulkDiscrepancies(w http.ResponseWriter, r *http.Request, alertID int64, err error, exposed []service.ExposedOrg) error {
	status, d := s.detail(r, err)
	out := apiBulkDiscrepancies{ErrorBody: ErrorBody{Error: d}, Organisations: make([]apiExposedOrg, 0, len(exposed))}
	for _, e := range exposed {
		out.Organisations = append(out.Organisations, apiExposedOrg{ExposedOrg: e,
			Hosts: fmt.Sprintf("/api/v1/alerts/%d/organisations/%d/exposure", alertID, e.OrgID)})
	}
	writeJSON(w, status, out)
	return nil
}
