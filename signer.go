package rollcall

// SignerKind is who decides a pending risk acceptance.
type SignerKind string

// The signers, in the order they are looked for.
const (
	// SignerLead is the organisation's own data-security lead.
	SignerLead SignerKind = "lead"
	// SignerDelegateLead is the data-security lead of an organisation
	// that answers for it by delegation (a support unit for its practices).
	SignerDelegateLead SignerKind = "delegate_lead"
	// SignerCoordinator is the coordinator of the organisation's region,
	// a fallback a policy may name.
	SignerCoordinator SignerKind = "coordinator"
	// SignerCentre is the centre's analysts, a fallback a policy may name.
	SignerCentre SignerKind = "centre"
)

// ValidFallback reports whether k may be named as a policy's fallback.
func (k SignerKind) ValidFallback() bool { return k == SignerCoordinator || k == SignerCentre }

// RiskSigner is who may sign off an organisation's risk acceptances.
type RiskSigner struct {
	Kind SignerKind `json:"kind"`
	// OrgID is the organisation whose data-security lead signs (the
	// lead kinds); RegionID the region whose coordinator signs.
	OrgID    int64 `json:"org_id,omitempty"`
	RegionID int64 `json:"region_id,omitempty"`
	// Name says who, as people read it: "the data-security lead of
	// North Support Unit", "the coordinator of North".
	Name string `json:"name"`
}

// Allows reports whether the actor is the signer.
func (s RiskSigner) Allows(a *Actor) bool {
	if a == nil {
		return false
	}
	switch s.Kind {
	case SignerLead, SignerDelegateLead:
		return a.Is(RoleSecurityLead) && a.User.OrgID == s.OrgID
	case SignerCoordinator:
		return a.Is(RoleCoordinator) && a.User.RegionID == s.RegionID
	case SignerCentre:
		return a.Is(RoleAnalyst)
	}
	return false
}
