package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		checks := core.NewBaseCollection("link_checks")
		checks.Fields.Add(
			&core.TextField{Name: "url", Required: true, Max: 2048},
			// A plain id, as in article_revisions: no relation means no back-relation from
			// articles that a public filter could reach; the hooks and the next check remove an
			// article's rows with it.
			&core.TextField{Name: "article", Required: true, Max: 15},
			// The final HTTP status, 0 for a network error, a refused address or a tel: link.
			&core.NumberField{Name: "status", OnlyInt: true},
			&core.BoolField{Name: "ok"},
			&core.DateField{Name: "checked_at"},
			&core.TextField{Name: "error", Max: 500},
			// When the link first failed; kept while it keeps failing, empty once it works.
			&core.DateField{Name: "failing_since"},
		)
		checks.AddIndex("idx_link_checks_article_url", true, "article, url", "")
		checks.AddIndex("idx_link_checks_ok", false, "ok", "")
		// Staff read the results; only the server writes them (nil rules: superusers only, and
		// the hooks refuse their writes through the API too).
		checks.ListRule = types.Pointer(ruleIsStaff)
		checks.ViewRule = types.Pointer(ruleIsStaff)
		return app.Save(checks)
	}, func(app core.App) error {
		return deleteCollection(app, "link_checks")
	})
}
