package querygate

import (
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// The back-relation forms: articles_via_author in filters and expands, and the old
// articles(author) in expands (core.RecordFieldResolver and core's expand use the same).
var (
	viaRegex    = regexp.MustCompile(`^(\w+)_via_(\w+)$`)
	oldViaRegex = regexp.MustCompile(`^(\w+)\((\w+)\)$`)
)

// reachIdentifier returns the collections core.RecordFieldResolver joins to resolve a
// filter or sort identifier on base, following its steps: @collection.X joins X;
// @request.auth.a.b walks from the caller's own record (a lone @request.auth.a reads only
// that record); @request.body.rel.x joins rel's collection; other @request.* and
// single-name identifiers (own fields, macros, modifiers) join nothing.
func reachIdentifier(cols Collections, base *core.Collection, auth *core.Record, ident string) []*core.Collection {
	props := strings.Split(ident, ".")
	if len(props) < 2 {
		return nil
	}
	switch props[0] {
	case "@collection":
		if len(props) < 3 {
			return nil
		}
		name, _, _ := strings.Cut(props[1], ":") // @collection.articles:alias
		target := find(cols, base, name)
		if target == nil {
			return nil
		}
		return append([]*core.Collection{target}, walk(cols, target, props[2:])...)
	case "@request":
		return reachRequest(cols, base, auth, props)
	}
	return walk(cols, base, props)
}

func reachRequest(cols Collections, base *core.Collection, auth *core.Record, props []string) []*core.Collection {
	switch {
	case props[1] == "auth" && len(props) > 3 && auth != nil && auth.Collection() != nil:
		return walk(cols, auth.Collection(), props[2:])
	case props[1] == "body" && len(props) > 3:
		name, _, _ := strings.Cut(props[2], ":")
		rel, ok := base.Fields.GetByName(name).(*core.RelationField)
		if !ok {
			return nil
		}
		target := find(cols, base, rel.CollectionId)
		if target == nil {
			return nil
		}
		return append([]*core.Collection{target}, walk(cols, target, props[3:])...)
	}
	return nil
}

// walk follows props from c the way the resolver's processActiveProps does: the last prop
// is a field of the collection reached; a JSON or geoPoint field takes the rest as its own
// path; a relation joins its collection (except single-relation.id, which reads the
// relation's own value); an unknown name of the form x_via_y joins collection x. It stops
// where the resolver would fail, with what it has reached so far.
func walk(cols Collections, c *core.Collection, props []string) []*core.Collection {
	var reached []*core.Collection
	for i, prop := range props[:len(props)-1] {
		field := c.Fields.GetByName(prop)
		var next *core.Collection
		switch f := field.(type) {
		case nil:
			m := viaRegex.FindStringSubmatch(prop)
			if m == nil {
				return reached
			}
			next = find(cols, c, m[1])
		case *core.RelationField:
			if !f.IsMultiple() && i == len(props)-2 && props[i+1] == core.FieldNameId {
				return reached
			}
			next = find(cols, c, f.CollectionId)
		default:
			return reached // JSON or geoPoint paths stay in c; anything else is an error
		}
		if next == nil {
			return reached
		}
		reached = append(reached, next)
		c = next
	}
	return reached
}

// reachExpand returns the collections core's ExpandRecords fetches for an expand path on
// base: each segment is a relation field or a back-relation (x_via_y or the old x(y)); an
// unknown segment ends the expand there.
func reachExpand(cols Collections, base *core.Collection, path string) []*core.Collection {
	var reached []*core.Collection
	c := base
	for _, seg := range strings.Split(path, ".") {
		c = expandHop(cols, c, seg)
		if c == nil {
			return reached
		}
		reached = append(reached, c)
	}
	return reached
}

func expandHop(cols Collections, c *core.Collection, seg string) *core.Collection {
	via := viaRegex
	if strings.Contains(seg, "(") {
		via = oldViaRegex
	}
	if m := via.FindStringSubmatch(seg); m != nil {
		back := find(cols, c, m[1])
		if back == nil {
			return nil
		}
		if rel, ok := back.Fields.GetByName(m[2]).(*core.RelationField); !ok || rel.CollectionId != c.Id {
			return nil
		}
		return back
	}
	rel, ok := c.Fields.GetByName(seg).(*core.RelationField)
	if !ok {
		return nil
	}
	return find(cols, c, rel.CollectionId)
}

// find loads a collection by name or id, as the resolver's loadCollection does.
func find(cols Collections, current *core.Collection, nameOrID string) *core.Collection {
	if nameOrID == current.Name || nameOrID == current.Id {
		return current
	}
	c, err := cols.FindCachedCollectionByNameOrId(nameOrID)
	if err != nil {
		return nil
	}
	return c
}
