package server

import (
	"time"

	"rollcall"
)

// The API's JSON representations. Domain structs are not sent raw: the
// API promises times as RFC 3339 or null (never year 1), durations as
// whole seconds, every enum as its code with a *_label for people, and
// null rather than 0 for an absent reference. Alerts and roll calls are in
// api_types_alerts.go, responses in api_types_responses.go.

// apiTime is a time for JSON: null when zero, else RFC 3339 in UTC.
func apiTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// apiRef is a reference to another record for JSON: null when unset.
func apiRef(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// apiNonNil makes a nil slice an empty one, so JSON shows [] not null.
func apiNonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// apiEscalationCodes are the API's names for the rungs of the ladder, which
// the domain numbers.
var apiEscalationCodes = map[rollcall.EscalationLevel]string{
	rollcall.EscalationNone:         "none",
	rollcall.EscalationSecurityLead: "security_lead",
	rollcall.EscalationCoordinator:  "coordinator",
	rollcall.EscalationCentre:       "centre",
}

func apiEscalationCode(l rollcall.EscalationLevel) string {
	if c, ok := apiEscalationCodes[l]; ok {
		return c
	}
	return "none"
}

// apiRegion is a region.
type apiRegion struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

func apiRegionOf(r rollcall.Region) apiRegion { return apiRegion{ID: r.ID, Code: r.Code, Name: r.Name} }

// apiOrganisation is an organisation in the directory.
type apiOrganisation struct {
	ID                 int64      `json:"id"`
	Code               string     `json:"code"`
	Name               string     `json:"name"`
	Type               string     `json:"type"`
	TypeLabel          string     `json:"type_label"`
	RegionID           int64      `json:"region_id"`
	Flags              []string   `json:"flags"`
	DataSecurityLeadID *int64     `json:"data_security_lead_id"`
	CreatedAt          *time.Time `json:"created_at"`
}

func apiOrganisationOf(o *rollcall.Organisation) apiOrganisation {
	return apiOrganisation{
		ID: o.ID, Code: o.Code, Name: o.Name, Type: string(o.Type), TypeLabel: o.Type.Label(),
		RegionID: o.RegionID, Flags: apiNonNil(o.Flags), DataSecurityLeadID: apiRef(o.DataSecurityLeadID),
		CreatedAt: apiTime(o.CreatedAt),
	}
}

// apiOrganisationDetail is an organisation with its people and who
// answers for whom.
type apiOrganisationDetail struct {
	apiOrganisation
	Contacts []apiUser `json:"contacts"`
	// AnsweredBy are the organisations that answer for this one;
	// AnswersFor those this one answers for.
	AnsweredBy []apiDelegation `json:"answered_by"`
	AnswersFor []apiDelegation `json:"answers_for"`
}

// apiDelegation records that AgentOrgID answers for OrgID.
type apiDelegation struct {
	AgentOrgID int64      `json:"agent_org_id"`
	OrgID      int64      `json:"org_id"`
	Note       string     `json:"note"`
	CreatedAt  *time.Time `json:"created_at"`
	CreatedBy  *int64     `json:"created_by"`
}

func apiDelegationOf(d rollcall.Delegation) apiDelegation {
	return apiDelegation{AgentOrgID: d.AgentOrgID, OrgID: d.OrgID, Note: d.Note, CreatedAt: apiTime(d.CreatedAt), CreatedBy: apiRef(d.CreatedBy)}
}

func apiDelegationsOf(ds []rollcall.Delegation) []apiDelegation {
	out := make([]apiDelegation, 0, len(ds))
	for _, d := range ds {
		out = append(out, apiDelegationOf(d))
	}
	return out
}

// apiUser is a person. Password hashes never leave the service.
type apiUser struct {
	ID        int64      `json:"id"`
	Email     string     `json:"email"`
	Name      string     `json:"name"`
	Role      string     `json:"role"`
	RoleLabel string     `json:"role_label"`
	OrgID     *int64     `json:"org_id"`
	RegionID  *int64     `json:"region_id"`
	Disabled  bool       `json:"disabled"`
	CreatedAt *time.Time `json:"created_at"`
}

func apiUserOf(u *rollcall.User) apiUser {
	return apiUser{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), RoleLabel: u.Role.Label(),
		OrgID: apiRef(u.OrgID), RegionID: apiRef(u.RegionID), Disabled: u.Disabled, CreatedAt: apiTime(u.CreatedAt)}
}

// apiMe is the caller, as the API sees them.
type apiMe struct {
	User      apiUser `json:"user"`
	Role      string  `json:"role"`
	RoleLabel string  `json:"role_label"`
	// Organisations are those the caller answers for (their own and those
	// delegated to it) or leads; empty for the centre and coordinators.
	Organisations []apiOrganisation `json:"organisations"`
	// Region is a coordinator's region.
	Region *apiRegion `json:"region"`
}

// apiToken is an API token, without its secret.
type apiToken struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	UserID     int64      `json:"user_id"`
	CreatedAt  *time.Time `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

func apiTokenOf(t *rollcall.APIToken) apiToken {
	return apiToken{ID: t.ID, Name: t.Name, UserID: t.UserID, CreatedAt: apiTime(t.CreatedAt), LastUsedAt: apiTime(t.LastUsedAt)}
}

// apiNewToken is a token just made: the one time its secret is shown.
type apiNewToken struct {
	Token  apiToken `json:"token"`
	Secret string   `json:"secret"`
}

// apiOutboxEvent is a notification waiting to be delivered.
type apiOutboxEvent struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	AlertID     int64      `json:"alert_id"`
	OrgID       *int64     `json:"org_id"`
	Level       string     `json:"level"`
	LevelLabel  string     `json:"level_label"`
	Summary     string     `json:"summary"`
	CreatedAt   *time.Time `json:"created_at"`
	DeliveredAt *time.Time `json:"delivered_at"`
}

func apiOutboxEventOf(e rollcall.OutboxEvent) apiOutboxEvent {
	return apiOutboxEvent{ID: e.ID, Kind: e.Kind, AlertID: e.AlertID, OrgID: apiRef(e.OrgID),
		Level: apiEscalationCode(e.Level), LevelLabel: e.Level.Label(), Summary: e.Summary,
		CreatedAt: apiTime(e.CreatedAt), DeliveredAt: apiTime(e.DeliveredAt)}
}
