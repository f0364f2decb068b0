package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAPIChallenge(t *testing.T) {
	f := newFixture(t)
	high := f.Alerts["high"].ID
	ntrust := f.Orgs["NTRUST"].ID
	challenge := fmt.Sprintf("/api/v1/alerts/%d/orgs/%d/challenge", high, ntrust)
	response := fmt.Sprintf("/api/v1/alerts/%d/responses/%d", high, ntrust)
	f.as("respN").do("PUT", response, map[string]any{"action": "patched", "evidence": "WSUS"}).want(http.StatusOK)

	if d := f.as("coordN").do("POST", challenge, map[string]any{"note": "  "}).want(http.StatusUnprocessableEntity).apiError(); d.Field != "note" {
		t.Errorf("no note: field %q, want note", d.Field)
	}
	if d := f.as("coordN").do("POST", challenge, map[string]any{"note": strings.Repeat("x", 2001)}).want(http.StatusUnprocessableEntity).apiError(); d.Field != "note" {
		t.Errorf("a note too long: field %q, want note", d.Field)
	}
	if d := f.as("coordN").do("POST", challenge, map[string]any{"note": "x", "extra": 1}).want(http.StatusUnprocessableEntity).apiError(); d.Field != "extra" {
		t.Errorf("an unknown member: field %q, want extra", d.Field)
	}
	f.as("respN").do("POST", challenge, map[string]any{"note": "Not mine to challenge."}).want(http.StatusForbidden)
	f.as("coordS").do("POST", challenge, map[string]any{"note": "Not my region."}).want(http.StatusNotFound)

	var got struct {
		Recorded  bool `json:"recorded"`
		Challenge struct {
			ID        int64  `json:"id"`
			By        string `json:"by"`
			ActorName string `json:"actor_name"`
			Note      string `json:"note"`
			Claim     string `json:"claim"`
		} `json:"challenge"`
		Response struct {
			State  string `json:"state"`
			Closed bool   `json:"closed"`
		} `json:"response"`
	}
	body := map[string]any{"note": "WS-001 is still on Windows 7 without KB4012212."}
	f.as("coordN").do("POST", challenge, body).want(http.StatusOK).into(&got)
	if !got.Recorded || got.Challenge.By != "region" || got.Challenge.ActorName != "Cora North" || got.Challenge.Claim != "patched" || got.Response.Closed {
		t.Errorf("challenge = %+v, want recorded by the region over the claim patched, the answer open", got)
	}
	first := got.Challenge.ID
	f.as("coordN").do("POST", challenge, body).want(http.StatusOK).into(&got)
	if got.Recorded || got.Challenge.ID != first {
		t.Errorf("retry = %+v, want the same challenge, not recorded", got)
	}
	f.as("analyst").do("POST", challenge, map[string]any{"note": "Another."}).want(http.StatusConflict)

	// The organisation is told: the outbox holds the challenge.
	var outbox struct {
		Items []struct {
			Kind  string `json:"kind"`
			OrgID int64  `json:"org_id"`
		} `json:"items"`
	}
	f.as("analyst").do("GET", "/api/v1/outbox?limit=500", nil).want(http.StatusOK).into(&outbox)
	if n := len(outbox.Items); n == 0 || outbox.Items[n-1].Kind != "response.challenged" || outbox.Items[n-1].OrgID != ntrust {
		t.Errorf("outbox = %+v, want the challenge last", outbox.Items)
	}

	// The organisation reads it in its answer's history.
	var detail struct {
		Events []struct {
			Kind    string `json:"kind"`
			Summary string `json:"summary"`
		} `json:"events"`
	}
	f.as("respN").do("GET", response, nil).want(http.StatusOK).into(&detail)
	if last := detail.Events[len(detail.Events)-1]; last.Kind != "challenged" || !strings.Contains(last.Summary, "KB4012212") {
		t.Errorf("last event %+v, want the challenge with its note", last)
	}
}
