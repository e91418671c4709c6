// Package querygate refuses queries that cross into another collection where PocketBase
// would not apply that collection's rules.
//
// PocketBase applies a joined collection's list rule to plain joins only: inside
// back-relation and multi-match conditions (x_via_y, "!=", "!~", ":each", "?=" over several
// rows) and through a sort it either skips the rule or lets it drop rows, so a filter such as
// articles_via_author.title !~ "Zebra%" on authors reads a draft's title one character at a
// time. The gate therefore lets a filter, sort, expand or fields parameter reach another
// collection only when the path is on a short public allowlist (or the caller is staff) and
// the caller may read every collection the path reaches in full, so no rule would have
// hidden anything. Paths are found by parsing the parameters with PocketBase's own parsers
// and resolving them against the schema the way PocketBase does, never by matching text.
//
// For the same reason, a filter or sort by a field the answer hides from the caller (a
// comment's moderation flags) is for staff only: the answer would hide the value, the
// filter would tell it (see staffFields).
package querygate

import (
	"net/url"
	"slices"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// Collections finds collections by name or id; core.App is one.
type Collections interface {
	FindCachedCollectionByNameOrId(nameOrId string) (*core.Collection, error)
}

// The query parameters the gate reads, as PocketBase names them.
const (
	Filter = "filter"
	Sort   = "sort"
	Expand = "expand"
	Fields = "fields"
)

// Message is the answer's message when Check refuses something.
const Message = "The query reaches another collection."

// CodeRelationNotAllowed is the code of a parameter refused for reaching another collection.
const CodeRelationNotAllowed = "relation_not_allowed"

// FieldMessage is the answer's message when Check refuses only filters or sorts over fields
// that are for staff (see staffFields).
const FieldMessage = "The query reads a field that is not public."

// CodeFieldNotAllowed is the code of a filter or sort refused for reading a staff field.
const CodeFieldNotAllowed = "field_not_allowed"

// params lists the gated parameters with the paths each one names and its error.
// fieldErr, when set, is the error of a parameter that reads one of the base collection's
// staff fields (a filter or sort compares their values; expand and fields only pick what the
// answer already hides).
var params = []struct {
	name     string
	paths    func(raw string) []ref
	err      validation.Error
	fieldErr validation.Error
}{
	{Filter, filterRefs, validation.NewError(CodeRelationNotAllowed, "This filter reaches another collection, which is not allowed."),
		validation.NewError(CodeFieldNotAllowed, "This filter reads a field that is not public.")},
	{Sort, sortRefs, validation.NewError(CodeRelationNotAllowed, "This sort reaches another collection, which is not allowed."),
		validation.NewError(CodeFieldNotAllowed, "This sort reads a field that is not public.")},
	{Expand, expandRefs, validation.NewError(CodeRelationNotAllowed, "This expand reaches another collection, which is not allowed."), nil},
	{Fields, fieldsRefs, validation.NewError(CodeRelationNotAllowed, "These fields reach another collection, which is not allowed."), nil},
}

// Check returns the parameters of query that auth (nil for a guest) may not send to
// collection's records API, keyed by parameter name, or nil when everything may be sent.
// Every value of a repeated parameter is checked, whichever one PocketBase reads.
// Superusers are never refused.
func Check(cols Collections, collection *core.Collection, auth *core.Record, query url.Values) validation.Errors {
	if collection == nil || (auth != nil && auth.IsSuperuser()) {
		return nil
	}
	errs := validation.Errors{}
	for _, p := range params {
		switch {
		case refused(cols, collection, auth, p.name, query[p.name], p.paths):
			errs[p.name] = p.err
		case p.fieldErr != nil && readsStaffField(collection, auth, query[p.name], p.paths):
			errs[p.name] = p.fieldErr
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// MessageOf is the answer's message for errors from Check: Message, or FieldMessage when
// every refusal is for a staff field.
func MessageOf(errs validation.Errors) string {
	for _, err := range errs {
		if e, ok := err.(validation.Error); !ok || e.Code() != CodeFieldNotAllowed {
			return Message
		}
	}
	return FieldMessage
}

// readsStaffField reports whether one of values names, as its first segment, a field of
// collection that only staff may filter or sort by, and auth is not staff.
func readsStaffField(collection *core.Collection, auth *core.Record, values []string, paths func(string) []ref) bool {
	fields := staffFields[collection.Name]
	if len(fields) == 0 || staff.IsStaff(auth) {
		return false
	}
	for _, raw := range values {
		for _, r := range paths(raw) {
			name, _, _ := strings.Cut(r.text, ".")
			name, _, _ = strings.Cut(name, ":")
			if slices.Contains(fields, name) {
				return true
			}
		}
	}
	return false
}

func refused(cols Collections, collection *core.Collection, auth *core.Record, param string, values []string, paths func(string) []ref) bool {
	for _, raw := range values {
		for _, r := range paths(raw) {
			if !allowed(auth, collection.Name, param, r.text, r.reach(cols, collection, auth)) {
				return true
			}
		}
	}
	return false
}
