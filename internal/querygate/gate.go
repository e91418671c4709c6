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
package querygate

import (
	"net/url"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
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

// CodeRelationNotAllowed is the code of every refused parameter.
const CodeRelationNotAllowed = "relation_not_allowed"

// params lists the gated parameters with the paths each one names and its error.
var params = []struct {
	name  string
	paths func(raw string) []ref
	err   validation.Error
}{
	{Filter, filterRefs, validation.NewError(CodeRelationNotAllowed, "This filter reaches another collection, which is not allowed.")},
	{Sort, sortRefs, validation.NewError(CodeRelationNotAllowed, "This sort reaches another collection, which is not allowed.")},
	{Expand, expandRefs, validation.NewError(CodeRelationNotAllowed, "This expand reaches another collection, which is not allowed.")},
	{Fields, fieldsRefs, validation.NewError(CodeRelationNotAllowed, "These fields reach another collection, which is not allowed.")},
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
		if refused(cols, collection, auth, p.name, query[p.name], p.paths) {
			errs[p.name] = p.err
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
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
