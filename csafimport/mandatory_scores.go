// The mandatory tests of CSAF 2.0 about scores and weaknesses: 6.1.7 to
// 6.1.11.

package csafimport

import (
	"fmt"
	"math"
	"slices"
	"strings"

	gocvss20 "github.com/pandatix/go-cvss/20"
	gocvss30 "github.com/pandatix/go-cvss/30"

	"rollcall"
	"rollcall/csafmodel"
)

// cvssVersionOf is "2.0", "3.0" or "3.1" for a score's CVSS object.
func scoreObjects(s csafmodel.Score) []struct {
	key string
	c   *csafmodel.CVSS
} {
	var out []struct {
		key string
		c   *csafmodel.CVSS
	}
	if s.CVSSv2 != nil {
		out = append(out, struct {
			key string
			c   *csafmodel.CVSS
		}{"cvss_v2", s.CVSSv2})
	}
	if s.CVSSv3 != nil {
		out = append(out, struct {
			key string
			c   *csafmodel.CVSS
		}{"cvss_v3", s.CVSSv3})
	}
	return out
}

// test617MultipleScores: CSAF 6.1.7, a product has at most one score of
// each CVSS version within a vulnerability.
func test617MultipleScores(d *csafmodel.Document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		seen := map[[2]string]bool{}
		for j, s := range v.Scores {
			for _, o := range scoreObjects(s) {
				ver := o.c.Version
				if o.key == "cvss_v2" {
					ver = "2.0"
				}
				for k, id := range s.Products {
					key := [2]string{id, ver}
					if seen[key] {
						out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/scores/%d/products/%d", i, j, k), "CSAF-6.1.7",
							"multiple scores with same version per product: %s has more than one CVSS v%s score", id, ver))
					}
					seen[key] = true
				}
			}
		}
	}
	return out
}

// computedCVSS is a vector's base score and severity, as the CVSS
// specification of its version computes them.
type computedCVSS struct {
	score    float64
	severity string // upper case as CVSS JSON writes it; "" for v2
	cvss     *rollcall.CVSS
}

// computeCVSS parses a score's vector under its version and computes it;
// the error says what is wrong.
func computeCVSS(key string, c *csafmodel.CVSS) (computedCVSS, error) {
	vec := strings.TrimSpace(c.VectorString)
	if key == "cvss_v2" {
		v, err := gocvss20.ParseVector(vec)
		if err != nil {
			return computedCVSS{}, fmt.Errorf("%q is not a valid CVSS v2.0 vector: %v", vec, err)
		}
		return computedCVSS{score: v.BaseScore()}, nil
	}
	prefix := "CVSS:" + c.Version + "/"
	if !strings.HasPrefix(vec, prefix) {
		return computedCVSS{}, fmt.Errorf("vector %q does not start with %s as its version %q says", vec, prefix, c.Version)
	}
	switch c.Version {
	case "3.0":
		v, err := gocvss30.ParseVector(vec)
		if err != nil {
			return computedCVSS{}, fmt.Errorf("%q is not a valid CVSS v3.0 vector: %v", vec, err)
		}
		score := v.BaseScore()
		rating, _ := gocvss30.Rating(score)
		title := rating
		if title != "" {
			title = title[:1] + strings.ToLower(title[1:])
		}
		return computedCVSS{score: score, severity: rating,
			cvss: &rollcall.CVSS{Vector: vec, Version: "3.0", Score: score, Rating: title}}, nil
	case "3.1":
		p, err := rollcall.ParseCVSS(vec)
		if err != nil {
			return computedCVSS{}, fmt.Errorf("%s", rollcall.ErrorMessage(err))
		}
		return computedCVSS{score: p.Score, severity: strings.ToUpper(p.Rating), cvss: &p}, nil
	}
	return computedCVSS{}, fmt.Errorf("CVSS version %q is neither 3.0 nor 3.1", c.Version)
}

// test618InvalidCVSS: CSAF 6.1.8, every CVSS vector is valid under its
// version (the rest of the CVSS object is checked by the schema).
func test618InvalidCVSS(d *csafmodel.Document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		for j, s := range v.Scores {
			for _, o := range scoreObjects(s) {
				if _, err := computeCVSS(o.key, o.c); err != nil {
					out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/scores/%d/%s/vectorString", i, j, o.key), "CSAF-6.1.8",
						"invalid CVSS: %v", err))
				}
			}
		}
	}
	return out
}

// test619InvalidCVSSComputation: CSAF 6.1.9, the base score (and for v3
// the base severity) is what the vector computes to. Temporal and
// environmental scores are not checked.
func test619InvalidCVSSComputation(d *csafmodel.Document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		for j, s := range v.Scores {
			for _, o := range scoreObjects(s) {
				got, err := computeCVSS(o.key, o.c)
				if err != nil {
					continue // 6.1.8's fault
				}
				p := fmt.Sprintf("/vulnerabilities/%d/scores/%d/%s", i, j, o.key)
				if o.c.BaseScore != nil {
					if given, err := o.c.BaseScore.Float64(); err == nil && math.Abs(given-got.score) > 1e-9 {
						out = append(out, fault(p+"/baseScore", "CSAF-6.1.9", "invalid CVSS computation: base score %v, but the vector computes to %.1f", given, got.score))
					}
				}
				if got.severity != "" && o.c.BaseSeverity != "" && o.c.BaseSeverity != got.severity {
					out = append(out, fault(p+"/baseSeverity", "CSAF-6.1.9", "invalid CVSS computation: base severity %s, but the vector's score %.1f is %s", o.c.BaseSeverity, got.score, got.severity))
				}
			}
		}
	}
	return out
}

// cvssMetric is one metric of a CVSS vector with the property of the
// CVSS JSON object that repeats it: abbr is its key in the vector, values
// maps the vector's value to the property's. An optional (temporal or
// environmental) metric missing from the vector is NOT_DEFINED.
type cvssMetric struct {
	abbr     string
	prop     string
	get      func(*csafmodel.CVSS) string
	values   map[string]string
	optional bool
}

var cvss3Metrics = []cvssMetric{
	{"AV", "attackVector", func(c *csafmodel.CVSS) string { return c.AttackVector }, v3AV, false},
	{"AC", "attackComplexity", func(c *csafmodel.CVSS) string { return c.AttackComplexity }, v3LH, false},
	{"PR", "privilegesRequired", func(c *csafmodel.CVSS) string { return c.PrivilegesRequired }, v3NLH, false},
	{"UI", "userInteraction", func(c *csafmodel.CVSS) string { return c.UserInteraction }, v3UI, false},
	{"S", "scope", func(c *csafmodel.CVSS) string { return c.Scope }, v3S, false},
	{"C", "confidentialityImpact", func(c *csafmodel.CVSS) string { return c.ConfidentialityImpact }, v3NLH, false},
	{"I", "integrityImpact", func(c *csafmodel.CVSS) string { return c.IntegrityImpact }, v3NLH, false},
	{"A", "availabilityImpact", func(c *csafmodel.CVSS) string { return c.AvailabilityImpact }, v3NLH, false},
	{"E", "exploitCodeMaturity", func(c *csafmodel.CVSS) string { return c.ExploitCodeMaturity }, v3E, true},
	{"RL", "remediationLevel", func(c *csafmodel.CVSS) string { return c.RemediationLevel }, v3RL, true},
	{"RC", "reportConfidence", func(c *csafmodel.CVSS) string { return c.ReportConfidence }, v3RC, true},
	{"CR", "confidentialityRequirement", func(c *csafmodel.CVSS) string { return c.ConfidentialityRequirement }, v3Req, true},
	{"IR", "integrityRequirement", func(c *csafmodel.CVSS) string { return c.IntegrityRequirement }, v3Req, true},
	{"AR", "availabilityRequirement", func(c *csafmodel.CVSS) string { return c.AvailabilityRequirement }, v3Req, true},
	{"MAV", "modifiedAttackVector", func(c *csafmodel.CVSS) string { return c.ModifiedAttackVector }, withNot(v3AV), true},
	{"MAC", "modifiedAttackComplexity", func(c *csafmodel.CVSS) string { return c.ModifiedAttackComplexity }, withNot(v3LH), true},
	{"MPR", "modifiedPrivilegesRequired", func(c *csafmodel.CVSS) string { return c.ModifiedPrivilegesRequired }, withNot(v3NLH), true},
	{"MUI", "modifiedUserInteraction", func(c *csafmodel.CVSS) string { return c.ModifiedUserInteraction }, withNot(v3UI), true},
	{"MS", "modifiedScope", func(c *csafmodel.CVSS) string { return c.ModifiedScope }, withNot(v3S), true},
	{"MC", "modifiedConfidentialityImpact", func(c *csafmodel.CVSS) string { return c.ModifiedConfidentialityImpact }, withNot(v3NLH), true},
	{"MI", "modifiedIntegrityImpact", func(c *csafmodel.CVSS) string { return c.ModifiedIntegrityImpact }, withNot(v3NLH), true},
	{"MA", "modifiedAvailabilityImpact", func(c *csafmodel.CVSS) string { return c.ModifiedAvailabilityImpact }, withNot(v3NLH), true},
}

var cvss2Metrics = []cvssMetric{
	{"AV", "accessVector", func(c *csafmodel.CVSS) string { return c.AccessVector }, v2AV, false},
	{"AC", "accessComplexity", func(c *csafmodel.CVSS) string { return c.AccessComplexity }, v2AC, false},
	{"Au", "authentication", func(c *csafmodel.CVSS) string { return c.Authentication }, v2Au, false},
	{"C", "confidentialityImpact", func(c *csafmodel.CVSS) string { return c.ConfidentialityImpact }, v2Imp, false},
	{"I", "integrityImpact", func(c *csafmodel.CVSS) string { return c.IntegrityImpact }, v2Imp, false},
	{"A", "availabilityImpact", func(c *csafmodel.CVSS) string { return c.AvailabilityImpact }, v2Imp, false},
	{"E", "exploitability", func(c *csafmodel.CVSS) string { return c.Exploitability }, v2E, true},
	{"RL", "remediationLevel", func(c *csafmodel.CVSS) string { return c.RemediationLevel }, v2RL, true},
	{"RC", "reportConfidence", func(c *csafmodel.CVSS) string { return c.ReportConfidence }, v2RC, true},
	{"CDP", "collateralDamagePotential", func(c *csafmodel.CVSS) string { return c.CollateralDamagePotential }, v2CDP, true},
	{"TD", "targetDistribution", func(c *csafmodel.CVSS) string { return c.TargetDistribution }, v2TD, true},
	{"CR", "confidentialityRequirement", func(c *csafmodel.CVSS) string { return c.ConfidentialityRequirement }, v2Req, true},
	{"IR", "integrityRequirement", func(c *csafmodel.CVSS) string { return c.IntegrityRequirement }, v2Req, true},
	{"AR", "availabilityRequirement", func(c *csafmodel.CVSS) string { return c.AvailabilityRequirement }, v2Req, true},
}

// test6110InconsistentCVSS: CSAF 6.1.10, the metric properties given in
// a CVSS object (attackVector, scope, exploitCodeMaturity, …) say what
// its vectorString says; a temporal or environmental metric the vector
// leaves out is NOT_DEFINED. Vectors 6.1.8 refuses are skipped.
func test6110InconsistentCVSS(d *csafmodel.Document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		for j, s := range v.Scores {
			for _, o := range scoreObjects(s) {
				if _, err := computeCVSS(o.key, o.c); err != nil {
					continue // 6.1.8's fault
				}
				vec := strings.TrimSpace(o.c.VectorString)
				metrics := cvss2Metrics
				if o.key == "cvss_v3" {
					_, vec, _ = strings.Cut(vec, "/") // the CVSS:3.x prefix
					metrics = cvss3Metrics
				}
				inVector := map[string]string{}
				for _, part := range strings.Split(vec, "/") {
					if k, val, ok := strings.Cut(part, ":"); ok {
						inVector[k] = val
					}
				}
				for _, m := range metrics {
					given := m.get(o.c)
					if given == "" {
						continue
					}
					abbr, ok := inVector[m.abbr]
					want := m.values[abbr]
					if !ok && m.optional {
						want, abbr = "NOT_DEFINED", "absent"
					}
					if given != want {
						out = append(out, fault(fmt.Sprintf("/vulnerabilities/%d/scores/%d/%s/%s", i, j, o.key, m.prop), "CSAF-6.1.10",
							"inconsistent CVSS: %s is %s, but the vector's %s is %s (%s)", m.prop, given, m.abbr, abbr, want))
					}
				}
			}
		}
	}
	return out
}

// test6111CWE: CSAF 6.1.11, a vulnerability's CWE has an id of the form
// CWE-n that the CWE catalogue knows, and the name the catalogue gives
// it (any name it has had, cwe.go).
func test6111CWE(d *csafmodel.Document) []Fault {
	var out []Fault
	for i, v := range d.Vulnerabilities {
		if v.CWE == nil {
			continue
		}
		p := fmt.Sprintf("/vulnerabilities/%d/cwe", i)
		names, known := cweNames()[v.CWE.ID]
		switch {
		case !isCWEID(v.CWE.ID):
			out = append(out, fault(p+"/id", "CSAF-6.1.11", "CWE: id %q is not of the form CWE-n", v.CWE.ID))
		case !known:
			out = append(out, fault(p+"/id", "CSAF-6.1.11", "CWE: the CWE catalogue (versions %s) has no weakness %s", cweCatalogueVersions, v.CWE.ID))
		case !slices.Contains(names, v.CWE.Name):
			out = append(out, fault(p+"/name", "CSAF-6.1.11", "CWE: %s is %q in the CWE catalogue, not %q", v.CWE.ID, names[0], v.CWE.Name))
		}
	}
	return out
}

// isCWEID is whether s is "CWE-" and a number without leading zeros.
func isCWEID(s string) bool {
	n, ok := strings.CutPrefix(s, "CWE-")
	if !ok || n == "" || n[0] == '0' || len(n) > 9 {
		return false
	}
	_, isNum := atoi(n)
	return isNum
}

var (
	v3AV    = map[string]string{"N": "NETWORK", "A": "ADJACENT_NETWORK", "L": "LOCAL", "P": "PHYSICAL"}
	v3LH    = map[string]string{"L": "LOW", "H": "HIGH"}
	v3NLH   = map[string]string{"N": "NONE", "L": "LOW", "H": "HIGH"}
	v3UI    = map[string]string{"N": "NONE", "R": "REQUIRED"}
	v3S     = map[string]string{"U": "UNCHANGED", "C": "CHANGED"}
	v3E     = map[string]string{"X": "NOT_DEFINED", "U": "UNPROVEN", "P": "PROOF_OF_CONCEPT", "F": "FUNCTIONAL", "H": "HIGH"}
	v3RL    = map[string]string{"X": "NOT_DEFINED", "O": "OFFICIAL_FIX", "T": "TEMPORARY_FIX", "W": "WORKAROUND", "U": "UNAVAILABLE"}
	v3RC    = map[string]string{"X": "NOT_DEFINED", "U": "UNKNOWN", "R": "REASONABLE", "C": "CONFIRMED"}
	v3Req   = map[string]string{"X": "NOT_DEFINED", "L": "LOW", "M": "MEDIUM", "H": "HIGH"}
	v2AV    = map[string]string{"L": "LOCAL", "A": "ADJACENT_NETWORK", "N": "NETWORK"}
	v2AC    = map[string]string{"H": "HIGH", "M": "MEDIUM", "L": "LOW"}
	v2Au    = map[string]string{"M": "MULTIPLE", "S": "SINGLE", "N": "NONE"}
	v2Imp   = map[string]string{"N": "NONE", "P": "PARTIAL", "C": "COMPLETE"}
	v2E     = map[string]string{"ND": "NOT_DEFINED", "U": "UNPROVEN", "POC": "PROOF_OF_CONCEPT", "F": "FUNCTIONAL", "H": "HIGH"}
	v2RL    = map[string]string{"ND": "NOT_DEFINED", "OF": "OFFICIAL_FIX", "TF": "TEMPORARY_FIX", "W": "WORKAROUND", "U": "UNAVAILABLE"}
	v2RC    = map[string]string{"ND": "NOT_DEFINED", "UC": "UNCONFIRMED", "UR": "UNCORROBORATED", "C": "CONFIRMED"}
	v2CDP   = map[string]string{"ND": "NOT_DEFINED", "N": "NONE", "L": "LOW", "LM": "LOW_MEDIUM", "MH": "MEDIUM_HIGH", "H": "HIGH"}
	v2TD    = map[string]string{"ND": "NOT_DEFINED", "N": "NONE", "L": "LOW", "M": "MEDIUM", "H": "HIGH"}
	v2Req   = map[string]string{"ND": "NOT_DEFINED", "L": "LOW", "M": "MEDIUM", "H": "HIGH"}
	withNot = func(m map[string]string) map[string]string {
		out := map[string]string{"X": "NOT_DEFINED"}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
)
