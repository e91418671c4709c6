package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		topics := core.NewBaseCollection("topics")
		topics.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 100},
			&core.TextField{Name: "slug", Required: true, Max: 100, Pattern: slugPattern},
			&core.TextField{Name: "description", Max: 500},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		topics.AddIndex("idx_topics_slug", true, "slug", "")
		topics.ListRule = types.Pointer("")
		topics.ViewRule = types.Pointer("")
		topics.CreateRule = types.Pointer(ruleIsWriter)
		topics.UpdateRule = types.Pointer(ruleIsWriter)
		topics.DeleteRule = types.Pointer(ruleIsWriter)
		return app.Save(topics)
	}, func(app core.App) error {
		return deleteCollection(app, "topics")
	})
}
