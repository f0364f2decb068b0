package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPageWithdrawAlert(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	analyst := f.browse("analyst")
	path := fmt.Sprintf("/alerts/%d", f.Alerts["high"].ID)

	form := analyst.get(path + "/withdraw")
	if form.Status != http.StatusOK || !strings.Contains(form.Body, "all 6 organisations") {
		t.Fatalf("withdraw page: %d, want 200 naming the 6 organisations it reaches\n%s", form.Status, excerpt(form.Body))
	}
	// No reason: the form comes back with the message beside the field.
	res := analyst.post(path+"/withdraw", url.Values{"reason": {"  "}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="reason-error"`) || !strings.Contains(res.Body, `href="#reason"`) {
		t.Fatalf("withdrawing without a reason: %d, want 422 with the error beside the field\n%s", res.Status, excerpt(res.Body))
	}
	// A responder cannot, even by posting directly.
	if res := f.browse("respN").post(path+"/withdraw", url.Values{"reason": {"no"}}); res.Status != http.StatusForbidden {
		t.Errorf("responder withdrawing: %d, want 403", res.Status)
	}
	analyst.post(path+"/withdraw", url.Values{"reason": {"Superseded by a corrected alert."}}).wantRedirect(path)
	page := analyst.get(path)
	if !strings.Contains(page.Body, "Withdrawn on") || !strings.Contains(page.Body, "Superseded by a corrected alert.") {
		t.Errorf("alert page after withdrawal does not say so\n%s", excerpt(page.Body))
	}
	// The responder sees why, and the alert has left the inbox.
	resp := f.browse("respN")
	if p := resp.get(path); !strings.Contains(p.Body, "Superseded by a corrected alert.") {
		t.Errorf("responder's alert page does not give the reason\n%s", excerpt(p.Body))
	}
	if p := resp.get("/inbox"); strings.Contains(p.Body, f.Alerts["high"].Title) {
		t.Errorf("the withdrawn alert is still in the responder's inbox")
	}
}
