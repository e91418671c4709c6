package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		staff, err := collectionID(app, "staff")
		if err != nil {
			return err
		}
		events := core.NewBaseCollection("lead_events")
		// staff, from and to are hidden so that no filter from the staff collection (or an
		// @collection join) can probe them; the hooks show them to reviewers and admins.
		events.Fields.Add(
			// lead is the lead's id as plain text, not a relation: the trail must outlive the lead
			// (a relation would be emptied when the lead is deleted) and can never expand into it.
			&core.TextField{Name: "lead", Max: 50},
			&core.RelationField{Name: "staff", CollectionId: staff, MaxSelect: 1, Hidden: true},
			// actor names who acted when it was not a staff member: superuser, cli, retention, public.
			&core.TextField{Name: "actor", Max: 100},
			&core.TextField{Name: "action", Required: true, Max: 50},
			&core.TextField{Name: "from", Max: 20000, Hidden: true},
			&core.TextField{Name: "to", Max: 20000, Hidden: true},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		events.AddIndex("idx_lead_events_lead", false, "lead, created", "")
		events.ListRule = types.Pointer(ruleIsLeadReviewer)
		events.ViewRule = types.Pointer(ruleIsLeadReviewer)
		// Written by the server only; the hooks also refuse edits from superusers.
		events.CreateRule = nil
		events.UpdateRule = nil
		events.DeleteRule = nil
		return app.Save(events)
	}, func(app core.App) error {
		return deleteCollection(app, "lead_events")
	})
}
