package rollcall_test

import (
	"testing"

	"rollcall"
)

func TestParsePolicyRiskSignOffFallback(t *testing.T) {
	p, err := rollcall.ParsePolicy([]byte(`{"risk_signoff_fallback": "centre"}`))
	if err != nil || p.RiskSignOffFallback != rollcall.SignerCentre {
		t.Fatalf("got %q, %v; want centre", p.RiskSignOffFallback, err)
	}
	if p := rollcall.DefaultPolicy(); p.RiskSignOffFallback != rollcall.SignerCoordinator {
		t.Errorf("default fallback %q, want the region's coordinator", p.RiskSignOffFallback)
	}
	_, err = rollcall.ParsePolicy([]byte(`{"risk_signoff_fallback": "nobody"}`))
	if rollcall.ErrorField(err) != "risk_signoff_fallback" {
		t.Errorf("an unknown fallback: error %v on field %q, want one on risk_signoff_fallback", err, rollcall.ErrorField(err))
	}
}
