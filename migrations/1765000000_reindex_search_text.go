package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"recoverycms/internal/search"
)

// The search index once kept invalid UTF-8 from a title or body, where removing a snippet
// marker could join the bytes around it into another marker and forge a <mark>. Indexing
// now makes the text valid first; this indexes every published article again under that
// rule. The down step has nothing to undo.
func init() {
	m.Register(func(app core.App) error {
		return search.Rebuild(app)
	}, nil)
}
