// Package staff names the roles of the people who run recoverycms and the checks built on
// them. Every role check in Go code and every staff rule string in the migrations comes from
// here, so "who may do X" is written once.
package staff

import (
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Collection is the auth collection of staff accounts.
const Collection = "staff"

// The staff roles.
const (
	RoleEditor   = "editor"
	RoleReviewer = "reviewer"
	RoleAdmin    = "admin"
)

// Roles lists every role, in the order the panel offers them.
var Roles = []string{RoleEditor, RoleReviewer, RoleAdmin}

// Groups of roles that share a permission.
var (
	// Writers write articles, authors and topics and mint preview links.
	Writers = []string{RoleEditor, RoleAdmin}
	// LeadReviewers read, update and export callback leads.
	LeadReviewers = []string{RoleReviewer, RoleAdmin}
	// Admins manage staff, webhooks and lead deletion.
	Admins = []string{RoleAdmin}
)

// IsStaff reports whether auth is a signed-in staff member, whatever their role.
func IsStaff(auth *core.Record) bool {
	return auth != nil && auth.Collection().Name == Collection
}

// Has reports whether auth may act as one of roles: a superuser always may, a staff member
// when their role is among roles, anyone else never.
func Has(auth *core.Record, roles ...string) bool {
	if auth == nil {
		return false
	}
	if auth.IsSuperuser() {
		return true
	}
	return IsStaff(auth) && slices.Contains(roles, auth.GetString("role"))
}

// RuleIsStaff is the API rule matching any signed-in staff member.
const RuleIsStaff = `@request.auth.collectionName = "` + Collection + `"`

// Rule is the API rule matching staff with one of roles (superusers bypass every rule).
func Rule(roles ...string) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = `@request.auth.role = "` + r + `"`
	}
	if len(parts) == 1 {
		return RuleIsStaff + " && " + parts[0]
	}
	return RuleIsStaff + " && (" + strings.Join(parts, " || ") + ")"
}

// Require is route middleware that lets through only callers with one of roles (and
// superusers): 401 with unauthorized without a sign-in, 403 with forbidden for anyone else.
func Require(unauthorized, forbidden string, roles ...string) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		if e.Auth == nil {
			return e.UnauthorizedError(unauthorized, nil)
		}
		if !Has(e.Auth, roles...) {
			return e.ForbiddenError(forbidden, nil)
		}
		return e.Next()
	}
}
