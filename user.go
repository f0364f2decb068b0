package rollcall

import (
	"net/mail"
	"strings"
	"time"
)

// Role is what a user is in Rollcall; it decides what they may see and do.
type Role string

// The roles.
const (
	RoleAnalyst      Role = "analyst"       // the centre: everything
	RoleCoordinator  Role = "coordinator"   // a regional coordinator: one region
	RoleResponder    Role = "responder"     // answers for an organisation and those delegated to it
	RoleSecurityLead Role = "security_lead" // an organisation's data-security lead (SIRO)
	RoleAuditor      Role = "auditor"       // reads everything, changes nothing
)

// Roles lists every role in display order.
var Roles = []Role{RoleAnalyst, RoleCoordinator, RoleResponder, RoleSecurityLead, RoleAuditor}

var roleLabels = map[Role]string{
	RoleAnalyst:      "National analyst",
	RoleCoordinator:  "Regional coordinator",
	RoleResponder:    "Organisation responder",
	RoleSecurityLead: "Data-security lead",
	RoleAuditor:      "Auditor",
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// Label is the role as people read it.
func (r Role) Label() string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return string(r)
}

// User is a person (or, through API tokens, a machine acting as one).
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	// OrgID is the user's organisation: required for responders and
	// data-security leads, empty for the centre's staff.
	OrgID int64 `json:"org_id,omitempty"`
	// RegionID is the coordinator's region.
	RegionID int64 `json:"region_id,omitempty"`
	// PasswordHash is an argon2id hash in the PHC string format; empty means
	// the user cannot sign in with a password.
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// Validate checks a user before it is saved.
func (u *User) Validate() error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	if u.Email == "" {
		return FieldError("email", "An email address is required.")
	}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		return FieldError("email", "%q is not an email address.", u.Email)
	}
	switch {
	case u.Name == "":
		return FieldError("name", "A name is required.")
	case !u.Role.Valid():
		return FieldError("role", "Unknown role %q.", u.Role)
	case (u.Role == RoleResponder || u.Role == RoleSecurityLead) && u.OrgID <= 0:
		return FieldError("org", "A %s must belong to an organisation.", strings.ToLower(u.Role.Label()))
	case u.Role == RoleCoordinator && u.RegionID <= 0:
		return FieldError("region", "A regional coordinator must have a region.")
	}
	return nil
}

// APIToken is a machine credential for one user. Only a hash of the secret
// is stored; the secret is shown once, when the token is made.
type APIToken struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	Name       string    `json:"name"`
	Hash       string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"`
}
