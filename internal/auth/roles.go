// Package auth owns staff identity: teams, users and their roles, password
// and OIDC login, cookie sessions, CSRF protection and the middleware that
// puts the acting staff member into the request context for the audit trail.
package auth

// Roles of staff members. A user may hold several.
const (
	RoleKCC         = "kcc"
	RoleBehandelaar = "behandelaar"
	RoleTeamleider  = "teamleider"
	RoleBeheerder   = "beheerder"
	RoleManager     = "manager"
)

// CaseRoles are the roles whose work needs the zaken and the citizens and
// businesses in them. A beheerder sets up the system and a manager reads
// reports: neither needs to open personal data (least privilege).
var CaseRoles = []string{RoleKCC, RoleBehandelaar, RoleTeamleider}

// Roles lists every role in display order.
var Roles = []string{RoleKCC, RoleBehandelaar, RoleTeamleider, RoleBeheerder, RoleManager}

var roleLabels = map[string]string{
	RoleKCC:         "KCC-medewerker",
	RoleBehandelaar: "Behandelaar",
	RoleTeamleider:  "Teamleider",
	RoleBeheerder:   "Beheerder",
	RoleManager:     "Manager",
}

// RoleLabel is the Dutch name of a role, or the role itself when unknown.
func RoleLabel(role string) string {
	if l, ok := roleLabels[role]; ok {
		return l
	}
	return role
}

// ValidRole reports whether role is one of Roles.
func ValidRole(role string) bool {
	_, ok := roleLabels[role]
	return ok
}
