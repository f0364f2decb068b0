package rollcall

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PolicyFile is the JSON form of a Policy, as an operator writes it:
//
//	{
//	  "clocks": {
//	    "high":   {"acknowledge": "48h", "remediate": "14d"},
//	    "medium": {"acknowledge": "7d",  "remediate": "30d"},
//	    "low":    {"acknowledge": "",    "remediate": "90d"}
//	  },
//	  "escalation": ["0h", "1d", "3d"],
//	  "inventory_freshness": "30d",
//	  "risk_signoff_fallback": "coordinator",
//	  "end_of_support": [
//	    {"name": "Ubuntu 20.04", "product": "os:ubuntu", "versions": "vers:generic/>=20.04|<20.05", "ends": "2025-05-31"}
//	  ]
//	}
//
// end_of_support entries are added to the built-in Windows ones; an entry
// with the name of a built-in one replaces it.
//
// risk_signoff_fallback names who signs off a risk acceptance for an
// organisation with no data-security lead, of its own or through the
// organisation answering for it: "coordinator" (the region's, the default)
// or "centre" (the centre's analysts).
//
// Durations are a number followed by h (hours) or d (days), or Go duration
// syntax; an empty string means no clock. Severities left out keep the
// default policy's clocks.
type PolicyFile struct {
	Clocks              map[string]ClocksFile `json:"clocks"`
	Escalation          []string              `json:"escalation"`
	InventoryFreshness  string                `json:"inventory_freshness"`
	EndOfSupport        []EndOfSupportFile    `json:"end_of_support"`
	RiskSignOffFallback string                `json:"risk_signoff_fallback"`
}

// EndOfSupportFile is the JSON form of one EndOfSupport.
type EndOfSupportFile struct {
	Name     string `json:"name"`
	Product  string `json:"product"`
	Versions string `json:"versions"`
	Ends     string `json:"ends"`
}

// ClocksFile is the JSON form of one severity's clocks.
type ClocksFile struct {
	Acknowledge string `json:"acknowledge"`
	Remediate   string `json:"remediate"`
}

// ParsePolicy reads a policy file over the default policy. Unknown fields
// and bad durations are refused with the path at fault.
func ParsePolicy(data []byte) (Policy, error) {
	p := DefaultPolicy()
	var f PolicyFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return p, FieldError("policy", "The policy file is not valid JSON of the expected shape: %v.", err)
	}
	clocks := make(map[Severity]Clocks, len(p.Clocks))
	for s, c := range p.Clocks {
		clocks[s] = c
	}
	for name, cf := range f.Clocks {
		s := Severity(strings.ToLower(name))
		if !s.Valid() {
			return p, FieldError("clocks."+name, "Unknown severity %q: use high, medium or low.", name)
		}
		ack, err := ParseClockDuration(cf.Acknowledge)
		if err != nil {
			return p, FieldError("clocks."+name+".acknowledge", "%v", err)
		}
		rem, err := ParseClockDuration(cf.Remediate)
		if err != nil {
			return p, FieldError("clocks."+name+".remediate", "%v", err)
		}
		clocks[s] = Clocks{Acknowledge: ack, Remediate: rem}
	}
	p.Clocks = clocks
	if f.Escalation != nil {
		if len(f.Escalation) != len(p.EscalationSteps) {
			return p, FieldError("escalation", "Give exactly %d escalation times: data-security lead, regional coordinator, centre.", len(p.EscalationSteps))
		}
		for i, s := range f.Escalation {
			d, err := ParseClockDuration(s)
			if err != nil {
				return p, FieldError(fmt.Sprintf("escalation[%d]", i), "%v", err)
			}
			p.EscalationSteps[i] = d
		}
	}
	if f.InventoryFreshness != "" {
		d, err := ParseClockDuration(f.InventoryFreshness)
		if err != nil {
			return p, FieldError("inventory_freshness", "%v", err)
		}
		p.InventoryFreshness = d
	}
	if f.RiskSignOffFallback != "" {
		p.RiskSignOffFallback = SignerKind(strings.ToLower(strings.TrimSpace(f.RiskSignOffFallback)))
	}
	for i, ef := range f.EndOfSupport {
		var ends time.Time
		if ef.Ends != "" {
			t, err := time.Parse(time.DateOnly, strings.TrimSpace(ef.Ends))
			if err != nil {
				return p, FieldError(fmt.Sprintf("end_of_support[%d].ends", i), "%q is not a date written YYYY-MM-DD.", ef.Ends)
			}
			ends = t
		}
		e := EndOfSupport{Name: strings.TrimSpace(ef.Name), Product: ef.Product, Versions: ef.Versions, Ends: ends}
		if err := e.validate(fmt.Sprintf("end_of_support[%d]", i)); err != nil {
			return p, err
		}
		replaced := false
		for j := range p.EndOfSupport {
			if p.EndOfSupport[j].Name == e.Name {
				p.EndOfSupport[j], replaced = e, true
			}
		}
		if !replaced {
			p.EndOfSupport = append(p.EndOfSupport, e)
		}
	}
	return p, p.Validate()
}

// ParseClockDuration reads "48h", "14d", "90m" or any Go duration; "" is
// zero (no clock).
func ParseClockDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.ParseFloat(n, 64)
		if err != nil || days < 0 {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(days * float64(Day)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration such as 48h or 14d", s)
	}
	return d, nil
}
