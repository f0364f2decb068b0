package server

import (
	"fmt"
	"net/http"
	"testing"
)

func TestAPIWithdrawAlert(t *testing.T) {
	f := newFixture(t)
	high := fmt.Sprintf("/api/v1/alerts/%d", f.Alerts["high"].ID)
	if d := f.as("analyst").do("POST", high+"/withdraw", map[string]any{"reason": " "}).want(http.StatusUnprocessableEntity).apiError(); d.Field != "reason" {
		t.Errorf("withdrawing without a reason: field %q, want reason", d.Field)
	}
	draft := fmt.Sprintf("/api/v1/alerts/%d", f.Alerts["draft"].ID)
	f.as("analyst").do("POST", draft+"/withdraw", map[string]any{"reason": "never sent"}).want(http.StatusConflict)

	var got struct {
		Status   string `json:"status"`
		Revision int    `json:"revision"`
	}
	f.as("analyst").do("POST", high+"/withdraw", map[string]any{"reason": "Superseded by RC-2026-0009."}).want(http.StatusOK).into(&got)
	if got.Status != "withdrawn" || got.Revision != 2 {
		t.Errorf("withdrawn alert: status %q revision %d, want withdrawn 2", got.Status, got.Revision)
	}
	// The responder still reads it, but can no longer answer it, and it has
	// left their inbox.
	f.as("respN").do("GET", high, nil).want(http.StatusOK)
	f.as("respN").do("POST", fmt.Sprintf("%s/responses/%d/acknowledge", high, f.Orgs["NTRUST"].ID), nil).want(http.StatusConflict)
	var inbox struct {
		Total int `json:"total"`
	}
	f.as("respN").do("GET", "/api/v1/inbox", nil).want(http.StatusOK).into(&inbox)
	if inbox.Total != 0 {
		t.Errorf("responder's inbox after withdrawal: %d, want 0", inbox.Total)
	}
}
