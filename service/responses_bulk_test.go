package service_test

import (
	"testing"

	"rollcall"
	"rollcall/rollcalltest"
	"rollcall/service"
)

// TestBulkAnswerAuthorisation: visibility first, then the role; all_open
// covers only the organisations the caller answers for.
func TestBulkAnswerAuthorisation(t *testing.T) {
	f := rollcalltest.NewFederation(t)
	high, south := f.Alerts["high"].ID, f.Alerts["southOnly"].ID
	ack := func(alertID int64) service.BulkAnswerRequest {
		return service.BulkAnswerRequest{AllOpen: true, AnswerRequest: service.AnswerRequest{AlertID: alertID, AcknowledgeOnly: true}}
	}
	tests := []struct {
		name     string
		user     string
		req      service.BulkAnswerRequest
		wantCode string
		changed  int
	}{
		{"an alert the caller cannot see is not found", "respSU", ack(south), rollcall.ENOTFOUND, 0},
		{"an analyst does not answer", "analyst", ack(high), rollcall.EFORBIDDEN, 0},
		{"a coordinator does not answer", "coordN", ack(high), rollcall.EFORBIDDEN, 0},
		{"a support unit acknowledges for itself and its two practices", "respSU", ack(high), "", 3},
		{"a trust acknowledges for itself only", "respN", ack(high), "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := f.Svc.BulkAnswer(ctx, f.Actor(tt.user), tt.req)
			if code(err) != tt.wantCode {
				t.Fatalf("code = %q (%v), want %q", code(err), err, tt.wantCode)
			}
			if err == nil && res.Changed != tt.changed {
				t.Errorf("changed %d, want %d", res.Changed, tt.changed)
			}
		})
	}
	// Nothing of STRUST's was touched by anyone's all_open.
	r, err := f.Svc.GetResponse(ctx, f.Actor("analyst"), high, f.Orgs["STRUST"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !r.AcknowledgedAt.IsZero() {
		t.Error("STRUST was acknowledged by another organisation's all_open")
	}
}
