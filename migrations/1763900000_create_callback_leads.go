package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ruleIsLeadReviewer lets reviewer and admin staff work callback leads (superusers bypass rules).
const ruleIsLeadReviewer = `@request.auth.collectionName = "staff" && (@request.auth.role = "reviewer" || @request.auth.role = "admin")`

func init() {
	m.Register(func(app core.App) error {
		articles, err := collectionID(app, "articles")
		if err != nil {
			return err
		}
		staff, err := collectionID(app, "staff")
		if err != nil {
			return err
		}
		leads := core.NewBaseCollection("callback_leads")
		// The personal fields are hidden: PocketBase then refuses them in every filter, sort,
		// back-relation and @collection join of non-superusers, so no other collection's API can
		// be used to probe them. The hooks load them from the request body and show them to
		// reviewers and admins only.
		leads.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 100, Hidden: true},
			&core.TextField{Name: "phone", Required: true, Max: 32, Hidden: true},
			&core.EmailField{Name: "email", Hidden: true},
			&core.SelectField{Name: "preferred_time", MaxSelect: 1, Values: []string{"asap", "morning", "afternoon", "evening", "anytime"}},
			// Max is the limit for merged repeats; one submission is limited to 2,000 by the hooks.
			&core.TextField{Name: "message", Max: 100000, Hidden: true},
			&core.BoolField{Name: "consent", Required: true},
			&core.TextField{Name: "consent_text", Required: true, Max: 2000, Hidden: true},
			&core.RelationField{Name: "article", CollectionId: articles, MaxSelect: 1},
			&core.URLField{Name: "source_url", Hidden: true},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"new", "contacted", "scheduled", "closed", "spam"}},
			&core.RelationField{Name: "assigned_to", CollectionId: staff, MaxSelect: 1},
			&core.TextField{Name: "notes", Max: 20000, Hidden: true},
			&core.DateField{Name: "contacted_at"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		leads.AddIndex("idx_callback_leads_phone_created", false, "phone, created", "")
		leads.AddIndex("idx_callback_leads_status_updated", false, "status, updated", "")
		leads.ListRule = types.Pointer(ruleIsLeadReviewer)
		leads.ViewRule = types.Pointer(ruleIsLeadReviewer)
		leads.CreateRule = types.Pointer("")
		leads.UpdateRule = types.Pointer(ruleIsLeadReviewer)
		leads.DeleteRule = types.Pointer(ruleIsAdmin)
		return app.Save(leads)
	}, func(app core.App) error {
		return deleteCollection(app, "callback_leads")
	})
}
