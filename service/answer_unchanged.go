package service

import (
	"slices"

	"rollcall"
)

// answerUnchanged reports whether the response already holds the answer a
// (validated, so trimmed as it would be stored). Such an answer is a retry
// — a client re-sending a request whose response it lost — and records
// nothing: no event, no new version. A risk acceptance sent again after the
// data-security lead rejected it is not unchanged: it asks them again.
func answerUnchanged(r *rollcall.Response, a rollcall.Answer) bool {
	if r.Applicability == "" && r.Action == "" {
		return false // never answered: even an empty answer is news
	}
	if a.Action == rollcall.ActionRiskAccepted && r.SignOff == rollcall.SignOffRejected {
		return false
	}
	return r.Applicability == a.Applicability && r.Action == a.Action && r.PlannedDate.Equal(a.PlannedDate) &&
		r.Reason == a.Reason && r.Evidence == a.Evidence && slices.Equal(r.EvidenceLinks, a.EvidenceLinks)
}
