package rollcall

import (
	"regexp"
	"strings"
	"time"
)

// OrgType is the kind of an organisation.
type OrgType string

// The kinds of organisation Rollcall knows.
const (
	OrgAcuteTrust        OrgType = "acute_trust"
	OrgAmbulanceTrust    OrgType = "ambulance_trust"
	OrgMentalHealthTrust OrgType = "mental_health_trust"
	OrgCommunityProvider OrgType = "community_provider"
	OrgGPPractice        OrgType = "gp_practice"
	OrgCommissioningBody OrgType = "commissioning_body"
	OrgSupportUnit       OrgType = "support_unit"
	OrgSupplier          OrgType = "supplier"
	OrgOther             OrgType = "other"
)

// OrgTypes lists every organisation type in display order.
var OrgTypes = []OrgType{
	OrgAcuteTrust, OrgAmbulanceTrust, OrgMentalHealthTrust, OrgCommunityProvider,
	OrgGPPractice, OrgCommissioningBody, OrgSupportUnit, OrgSupplier, OrgOther,
}

var orgTypeLabels = map[OrgType]string{
	OrgAcuteTrust:        "Acute trust",
	OrgAmbulanceTrust:    "Ambulance trust",
	OrgMentalHealthTrust: "Mental health trust",
	OrgCommunityProvider: "Community provider",
	OrgGPPractice:        "GP practice",
	OrgCommissioningBody: "Commissioning body",
	OrgSupportUnit:       "Support unit",
	OrgSupplier:          "Supplier",
	OrgOther:             "Other",
}

// Valid reports whether t is a known organisation type.
func (t OrgType) Valid() bool { _, ok := orgTypeLabels[t]; return ok }

// Label is the organisation type as people read it.
func (t OrgType) Label() string {
	if l, ok := orgTypeLabels[t]; ok {
		return l
	}
	return string(t)
}

// ParseOrgType accepts a type's code ("acute_trust") or its label
// ("Acute trust"), in any case.
func ParseOrgType(s string) (OrgType, bool) {
	s = strings.TrimSpace(s)
	for _, t := range OrgTypes {
		if strings.EqualFold(s, string(t)) || strings.EqualFold(s, t.Label()) {
			return t, true
		}
	}
	return "", false
}

// Region groups organisations; a regional coordinator sees one region.
type Region struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// Well-known organisation flags.
const (
	FlagMajorTraumaCentre = "major_trauma_centre"
)

// Organisation is a body that receives alerts and owes answers.
type Organisation struct {
	ID       int64    `json:"id"`
	Code     string   `json:"code"` // e.g. an ODS-style code, unique
	Name     string   `json:"name"`
	Type     OrgType  `json:"type"`
	RegionID int64    `json:"region_id"`
	Flags    []string `json:"flags"`
	// DataSecurityLeadID is the user who is the organisation's board-level
	// data-security lead (SIRO), if one is named.
	DataSecurityLeadID int64     `json:"data_security_lead_id,omitempty"`
	CreatedAt          time.Time `json:"created_at"`
}

var orgCodePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,15}$`)

// Validate checks an organisation before it is saved.
func (o *Organisation) Validate() error {
	o.Code = strings.ToUpper(strings.TrimSpace(o.Code))
	o.Name = strings.TrimSpace(o.Name)
	switch {
	case o.Code == "":
		return FieldError("code", "An organisation code is required.")
	case !orgCodePattern.MatchString(o.Code):
		return FieldError("code", "Organisation code %q must be 2 to 16 letters, digits or hyphens.", o.Code)
	case o.Name == "":
		return FieldError("name", "An organisation name is required.")
	case len(o.Name) > 200:
		return FieldError("name", "An organisation name must be at most 200 characters.")
	case !o.Type.Valid():
		return FieldError("type", "Unknown organisation type %q.", o.Type)
	case o.RegionID <= 0:
		return FieldError("region", "An organisation must belong to a region.")
	}
	for i, f := range o.Flags {
		if strings.TrimSpace(f) == "" {
			return FieldError("flags", "Flag %d is empty.", i+1)
		}
	}
	return nil
}

// HasFlag reports whether the organisation carries flag f.
func (o *Organisation) HasFlag(f string) bool {
	for _, g := range o.Flags {
		if g == f {
			return true
		}
	}
	return false
}

// Delegation records that one organisation (the agent, e.g. a support unit)
// answers alerts on behalf of another (e.g. a GP practice).
type Delegation struct {
	AgentOrgID int64     `json:"agent_org_id"`
	OrgID      int64     `json:"org_id"`
	CreatedAt  time.Time `json:"created_at"`
	CreatedBy  int64     `json:"created_by"`
	Note       string    `json:"note,omitempty"`
}

// Validate checks a delegation before it is saved.
func (d *Delegation) Validate() error {
	switch {
	case d.AgentOrgID <= 0:
		return FieldError("agent_org_id", "The organisation that answers is required.")
	case d.OrgID <= 0:
		return FieldError("org_id", "The organisation answered for is required.")
	case d.AgentOrgID == d.OrgID:
		return FieldError("org_id", "An organisation cannot delegate to itself.")
	}
	return nil
}
