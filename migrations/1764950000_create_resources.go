package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ruleResourcePublic is the resources list and view rule: published ones for everyone, all
// of them for staff.
const ruleResourcePublic = `status = "published" || ` + ruleIsStaff

func init() {
	m.Register(func(app core.App) error {
		topicsID, err := collectionID(app, "topics")
		if err != nil {
			return err
		}
		resources := core.NewBaseCollection("resources")
		resources.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 200},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1,
				Values: []string{"helpline", "text_line", "service", "support_group", "website"}},
			&core.TextField{Name: "description", Max: 2000},
			// E.164, or the digits of a short number such as 999 (internal/helpdir).
			&core.TextField{Name: "phone", Max: 20},
			&core.TextField{Name: "text_number", Max: 20},
			&core.URLField{Name: "url"},
			&core.TextField{Name: "country", Required: true, Max: 2, Pattern: `^[A-Z]{2}$`},
			&core.TextField{Name: "area", Max: 200},
			&core.JSONField{Name: "hours", MaxSize: 10 << 10},
			&core.JSONField{Name: "languages", MaxSize: 1 << 10},
			&core.SelectField{Name: "cost", MaxSelect: 1, Values: []string{"free", "low_cost", "paid"}},
			&core.RelationField{Name: "topics", CollectionId: topicsID, MaxSelect: 20},
			&core.DateField{Name: "verified_at"},
			// A staff id as plain text: a relation would add a back-relation from staff.
			&core.TextField{Name: "verified_by", Max: 15},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"draft", "published"}},
			&core.TextField{Name: "source", Max: 1000},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		resources.AddIndex("idx_resources_country_status", false, "country, status", "")
		resources.ListRule = types.Pointer(ruleResourcePublic)
		resources.ViewRule = types.Pointer(ruleResourcePublic)
		resources.CreateRule = types.Pointer(ruleIsWriter)
		resources.UpdateRule = types.Pointer(ruleIsWriter)
		resources.DeleteRule = types.Pointer(ruleIsWriter)
		return app.Save(resources)
	}, func(app core.App) error {
		return deleteCollection(app, "resources")
	})
}
