package service_test

import (
	"testing"

	"rollcall"
	"rollcall/rollcalltest"
	"rollcall/service"
)

// TestAnswerUnchangedRecordsNothing checks that sending the answer already
// given (a client retrying a request whose response was lost) records no
// event and leaves the version alone, while a changed answer still does.
func TestAnswerUnchangedRecordsNothing(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high, org := f.Alerts["high"].ID, f.Orgs["NTRUST"].ID
	resp := f.Actor("respN")
	ans := rollcall.Answer{Action: rollcall.ActionPatched, Evidence: "MS17-010 deployed by WSUS", EvidenceLinks: []string{"https://wsus.example/report"}}
	answer := func(a rollcall.Answer) int {
		t.Helper()
		n, err := f.Svc.Answer(ctx, resp, service.AnswerRequest{AlertID: high, OrgIDs: []int64{org}, Answer: a})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	history := func() (int, int) {
		t.Helper()
		d, err := f.Svc.GetResponse(ctx, resp, high, org)
		if err != nil {
			t.Fatal(err)
		}
		answered := 0
		for _, e := range d.Events {
			if e.Kind == rollcall.EventAnswered {
				answered++
			}
		}
		return answered, d.Version
	}
	if n := answer(ans); n != 1 {
		t.Fatalf("first answer changed %d, want 1", n)
	}
	events, version := history()
	again := ans
	again.Evidence = "  " + ans.Evidence + " " // the same once trimmed
	if n := answer(again); n != 0 {
		t.Errorf("the same answer again changed %d, want 0", n)
	}
	if e, v := history(); e != events || v != version {
		t.Errorf("after the same answer: %d answered events at version %d, want %d at %d", e, v, events, version)
	}
	// A retry carries the version it was first sent with; it is still the
	// same answer, not a clash with a colleague's.
	if _, err := f.Svc.Answer(ctx, resp, service.AnswerRequest{AlertID: high, OrgIDs: []int64{org}, Answer: ans,
		Versions: map[int64]int{org: version - 1}}); err != nil {
		t.Errorf("the same answer with the version it was sent at: %v", err)
	}
	changed := ans
	changed.Evidence = "Patched by hand"
	if n := answer(changed); n != 1 {
		t.Errorf("a changed answer changed %d, want 1", n)
	}
	if e, v := history(); e != events+1 || v != version+1 {
		t.Errorf("after a changed answer: %d answered events at version %d, want %d at %d", e, v, events+1, version+1)
	}
}
