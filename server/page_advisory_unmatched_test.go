package server

import (
	"context"
	"net/http"
	"testing"

	"rollcall"
	"rollcall/csafimport"
	"rollcall/service"
)

// TestPageAdvisoryNothingToMatch: a valid CSAF document that names no
// product (it has no product tree) is kept in the library, and its page
// says there is nothing to match rather than counting no exposed hosts.
func TestPageAdvisoryNothingToMatch(t *testing.T) {
	t.Parallel()
	f, _ := exposureFixture(t, true)
	doc := `{"document": {"category": "csaf_base", "csaf_version": "2.0", "title": "A note on nothing in particular",
		"publisher": {"category": "other", "name": "Example Ltd", "namespace": "https://example.com"},
		"tracking": {"id": "EX-NONE-1", "status": "final", "version": "1",
		 "initial_release_date": "2024-01-01T00:00:00Z", "current_release_date": "2024-01-01T00:00:00Z",
		 "revision_history": [{"date": "2024-01-01T00:00:00Z", "number": "1", "summary": "Initial"}]}}}`
	adv, _, err := csafimport.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.ImportAdvisories(context.Background(), service.Operator(), []*rollcall.Advisory{adv}); err != nil {
		t.Fatal(err)
	}
	f.browse("analyst").get("/advisories/csaf/EX-NONE-1").wantStatus(http.StatusOK).
		wantContains("A note on nothing in particular", "This advisory names no product Rollcall can match, so Rollcall cannot check inventories against it.").
		wantLacks("rc-figure__number", "a vendor and product")
}
