package server

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

func TestPageChallenge(t *testing.T) {
	t.Parallel()
	f, alert := exposureFixture(t, true)
	ntrust := f.Orgs["NTRUST"].ID
	exposure := fmt.Sprintf("/alerts/%d/exposure", alert.ID)
	response := fmt.Sprintf("/alerts/%d/orgs/%d", alert.ID, ntrust)
	challenge := response + "/challenge"
	analyst, resp := f.browse("analyst"), f.browse("respN")

	// The discrepancy page offers the next step to those who may take it.
	analyst.get(exposure).wantContains(`href="`+challenge+`?back=exposure"`, "Discrepancy")
	analyst.get(fmt.Sprintf("/alerts/%d", alert.ID)).wantContains(`href="` + challenge + `?back=alert"`)
	resp.get(exposure).wantLacks(challenge)
	f.browse("auditor").get(exposure).wantLacks(challenge)
	f.browse("coordN").get(exposure).wantContains(challenge)
	resp.get(challenge).wantStatus(http.StatusForbidden)
	f.browse("coordS").get(challenge).wantStatus(http.StatusNotFound)

	// Confirmation, with the note required.
	analyst.get(challenge+"?back=exposure").wantStatus(http.StatusOK).
		wantContains("Challenge the answer of Northtown Hospitals NHS Trust", "Patched", `name="note"`, `name="back" value="exposure"`)
	analyst.post(challenge, url.Values{"note": {"  "}, "back": {"exposure"}}).wantStatus(http.StatusUnprocessableEntity).
		wantFieldError("note", "Say why the answer is challenged")
	analyst.post(challenge, url.Values{"note": {"x"}, "remediate_due_day": {"31"}, "remediate_due_month": {"2"}, "remediate_due_year": {"2027"}, "back": {"exposure"}}).
		wantStatus(http.StatusUnprocessableEntity).wantFieldError("remediate_due", "real date")
	analyst.post(challenge, url.Values{"note": {"WS-001 still lacks KB4012212."}, "back": {"exposure"}}).wantRedirect(exposure)
	page := analyst.get(exposure).wantContains("Answer of Northtown Hospitals NHS Trust challenged")
	page.wantLacks(challenge + "?back=exposure")

	// The organisation reads it on its answer form and in its inbox.
	resp.get(response).wantContains("Challenged by the centre", "WS-001 still lacks KB4012212.", "Save answer")
	resp.get("/inbox").wantContains("Challenged by the centre", "WS-001 still lacks KB4012212.", `href="`+response+`"`)

	// A retry changes nothing and says so; a return address the page does
	// not know leads back to the answer, nowhere else.
	analyst.post(challenge, url.Values{"note": {"WS-001 still lacks KB4012212."}, "back": {"//elsewhere.example/"}}).wantRedirect(response)
	analyst.get(response).wantContains("already challenged")

	// Answered again, the response page offers a challenge to the centre
	// and the region, not to the organisation.
	resp.post(response+"/answer", url.Values{"answer": {"patched"}, "evidence": {"KB4012212 on WS-001"}}).wantRedirect(response)
	analyst.get(response).wantContains(`href="`+challenge+`"`, "Challenged by the centre (was Patched): WS-001 still lacks").wantLacks(`class="nhsuk-warning-callout rc-challenge"`)
	resp.get(response).wantLacks(`href="` + challenge + `"`)
}
