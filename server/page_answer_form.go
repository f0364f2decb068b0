package server

import (
	"net/http"
	"strings"

	"rollcall"
)

// answerForm is the answer form as typed. One form serves the single
// answer page and the bulk page, so an answer reads the same either way.
type answerForm struct {
	// Choice is one radio: patched, mitigated, in_progress, applicable
	// (applies, no action yet), not_applicable or risk_accepted.
	Choice        string
	Planned       dateInput
	NotApplicable string // why it does not apply
	Justification string // why the risk is accepted
	Evidence      string
	Links         string
}

// answerChoices are the radios in the order the form shows them.
var answerChoices = []string{"patched", "mitigated", "in_progress", "applicable", "not_applicable", "risk_accepted"}

// answerFormFrom reads the posted answer form.
func answerFormFrom(r *http.Request) answerForm {
	return answerForm{
		Choice: r.PostFormValue("answer"),
		Planned: dateInput{Day: strings.TrimSpace(r.PostFormValue("planned_date_day")),
			Month: strings.TrimSpace(r.PostFormValue("planned_date_month")), Year: strings.TrimSpace(r.PostFormValue("planned_date_year"))},
		NotApplicable: r.PostFormValue("na_reason"),
		Justification: r.PostFormValue("justification"),
		Evidence:      r.PostFormValue("evidence"),
		Links:         r.PostFormValue("evidence_links"),
	}
}

// answerFormOf fills the form from a stored response, so a responder
// changes their answer rather than starting again.
func answerFormOf(r *rollcall.Response) answerForm {
	f := answerForm{Evidence: r.Evidence, Links: strings.Join(r.EvidenceLinks, "\n"), Planned: dateInputOf(r.PlannedDate)}
	switch {
	case r.Applicability == rollcall.NotApplicable:
		f.Choice, f.NotApplicable = "not_applicable", r.Reason
	case r.Action == rollcall.ActionRiskAccepted:
		f.Choice, f.Justification = "risk_accepted", r.Reason
	case r.Action != "":
		f.Choice = string(r.Action)
	case r.Applicability == rollcall.Applicable:
		f.Choice = "applicable"
	}
	return f
}

// answer turns the form into the domain's answer. Only the choice and the
// date are the form's to check; the rest is the domain's rule.
func (f answerForm) answer() (rollcall.Answer, error) {
	ans := rollcall.Answer{Evidence: f.Evidence, EvidenceLinks: splitLines(f.Links)}
	switch f.Choice {
	case "patched":
		ans.Action = rollcall.ActionPatched
	case "mitigated":
		ans.Action = rollcall.ActionMitigated
	case "in_progress":
		ans.Action = rollcall.ActionInProgress
		if f.Planned.Empty() {
			return ans, rollcall.FieldError("planned_date", "Give the date the work is planned to finish.")
		}
		t, err := f.Planned.Time("planned_date")
		if err != nil {
			return ans, err
		}
		ans.PlannedDate = t
	case "applicable":
		ans.Applicability = rollcall.Applicable
	case "not_applicable":
		ans.Applicability, ans.Reason = rollcall.NotApplicable, f.NotApplicable
	case "risk_accepted":
		ans.Action, ans.Reason = rollcall.ActionRiskAccepted, f.Justification
	default:
		return ans, rollcall.FieldError("answer", "Choose what you have done about the alert.")
	}
	return ans, nil
}

// answerFieldIDs maps the domain's field names to the answer form's
// inputs. "reason" belongs to whichever box the choice reveals.
func (f answerForm) fieldIDs() map[string]string {
	reason := "evidence"
	switch f.Choice {
	case "not_applicable":
		reason = "na_reason"
	case "risk_accepted":
		reason = "justification"
	}
	return map[string]string{
		"answer": "answer", "applicability": "answer", "action": "answer", "planned_date": "planned_date",
		"reason": reason, "evidence": "evidence", "evidence_links": "evidence_links",
		"org_ids": "orgs", "what": "what",
	}
}
