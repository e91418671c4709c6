package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(func(app core.App) error {
		leadsID, err := collectionID(app, "callback_leads")
		if err != nil {
			return err
		}
		// A repeat is another request for a callback from a number that already has an open
		// lead: stored as its own row, in the person's own words, never merged into the
		// original's text. Deleting the lead deletes its repeats. Every personal field is hidden
		// and there are no API rules: staff see repeats inside the audited single view of the
		// lead, superusers in the dashboard.
		repeats := core.NewBaseCollection("lead_repeats")
		repeats.Fields.Add(
			&core.RelationField{Name: "lead", CollectionId: leadsID, MaxSelect: 1, Required: true, CascadeDelete: true},
			// submission_id is the client's id of the repeat, so a retry is recognised.
			&core.TextField{Name: "submission_id", Max: 50},
			&core.TextField{Name: "name", Max: 100, Hidden: true},
			&core.EmailField{Name: "email", Hidden: true},
			&core.TextField{Name: "preferred_time", Max: 20},
			&core.TextField{Name: "message", Max: 100000, Hidden: true},
			&core.TextField{Name: "consent_text", Max: 2000, Hidden: true},
			&core.TextField{Name: "article", Max: 50},
			&core.URLField{Name: "source_url", Hidden: true},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		repeats.AddIndex("idx_lead_repeats_lead", false, "lead, created", "")
		repeats.AddIndex("idx_lead_repeats_submission", false, "submission_id", "")
		return app.Save(repeats)
	}, func(app core.App) error {
		return deleteCollection(app, "lead_repeats")
	})
}
