package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		presence := core.NewBaseCollection("article_presence")
		presence.Fields.Add(
			// Plain ids: a short-lived, server-written table no relation should reach.
			&core.TextField{Name: "article", Required: true, Max: 15},
			&core.TextField{Name: "staff", Required: true, Max: 15},
			&core.TextField{Name: "name", Max: 200},
			&core.DateField{Name: "seen_at", Required: true},
		)
		presence.AddIndex("idx_article_presence_article_staff", true, "article, staff", "")
		// Staff see who has which article open (also over realtime); only the server writes,
		// through POST and DELETE /api/cms/articles/{id}/presence.
		presence.ListRule = types.Pointer(ruleIsStaff)
		presence.ViewRule = types.Pointer(ruleIsStaff)
		return app.Save(presence)
	}, func(app core.App) error {
		return deleteCollection(app, "article_presence")
	})
}
