package querygate

import (
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/tokenizer"
)

// ref is one path a parameter names: a filter or sort identifier (author.slug) or an
// expand path (author.topics).
type ref struct {
	text   string
	expand bool
}

// reach returns the collections PocketBase joins or fetches to resolve r, in order.
func (r ref) reach(cols Collections, base *core.Collection, auth *core.Record) []*core.Collection {
	if r.expand {
		return reachExpand(cols, base, r.text)
	}
	return reachIdentifier(cols, base, auth, r.text)
}

// filterRefs returns every identifier of a filter, in function arguments too, parsed as
// search.FilterData parses it. A filter that does not parse names nothing: PocketBase
// refuses it itself.
func filterRefs(raw string) []ref {
	groups, err := fexpr.Parse(raw)
	if err != nil {
		return nil
	}
	var refs []ref
	collectItem(groups, &refs)
	return refs
}

func collectItem(item any, refs *[]ref) {
	switch v := item.(type) {
	case []fexpr.ExprGroup:
		for _, g := range v {
			collectItem(g.Item, refs)
		}
	case fexpr.ExprGroup:
		collectItem(v.Item, refs)
	case fexpr.Expr:
		collectToken(v.Left, refs)
		collectToken(v.Right, refs)
	}
}

func collectToken(t fexpr.Token, refs *[]ref) {
	switch t.Type {
	case fexpr.TokenIdentifier:
		*refs = append(*refs, ref{text: t.Literal})
	case fexpr.TokenFunction:
		args, _ := t.Meta.([]fexpr.Token)
		for _, a := range args {
			collectToken(a, refs)
		}
	}
}

// sortRefs returns the fields of a sort, split as search.Provider splits them.
func sortRefs(raw string) []ref {
	var refs []ref
	for _, f := range search.ParseSortFromString(raw) {
		refs = append(refs, ref{text: f.Name})
	}
	return refs
}

// expandRefs returns the paths of an expand, normalised as core's ExpandRecords does
// (spaces removed, dots trimmed).
func expandRefs(raw string) []ref {
	var refs []ref
	for _, p := range strings.Split(raw, ",") {
		p = strings.Trim(strings.ReplaceAll(p, " ", ""), ".")
		if p != "" {
			refs = append(refs, ref{text: p, expand: true})
		}
	}
	return refs
}

// fieldsRefs returns the expand paths a fields parameter picks from, tokenized as
// PocketBase's picker does: expand.author.name picks from the author expand,
// expand.author.expand.topics.name from author.topics; record.expand.x (an auth answer)
// from x. Fields outside an expand name nothing.
func fieldsRefs(raw string) []ref {
	fields, err := tokenizer.NewFromString(raw).ScanAll()
	if err != nil {
		return nil
	}
	var refs []ref
	for _, f := range fields {
		key, _, _ := strings.Cut(strings.TrimSpace(f), ":")
		if path := expandPathOfField(key); path != "" {
			refs = append(refs, ref{text: path, expand: true})
		}
	}
	return refs
}

// expandPathOfField turns a picked field's key into the expand path it reads.
func expandPathOfField(key string) string {
	segs := strings.Split(key, ".")
	var path []string
	for i := 0; i < len(segs)-1; i++ {
		if segs[i] != "expand" {
			if len(path) > 0 {
				break // a field of the last expanded record
			}
			continue
		}
		i++
		path = append(path, segs[i])
	}
	return strings.Join(path, ".")
}
