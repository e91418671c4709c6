package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// leadFlagFields are the server-set fields of the consent ledger, opt-out and crisis flags.
var leadFlagFields = []string{"consent_version", "consent_hash", "consent_at", "consent_unmatched",
	"do_not_contact", "opted_out_at", "previously_opted_out", "urgent"}

func init() {
	m.Register(func(app core.App) error {
		leads, err := app.FindCollectionByNameOrId("callback_leads")
		if err != nil {
			return err
		}
		leads.Fields.Add(
			// The consent wording the lead was shown: its consent_texts version (0 when it
			// matched no active version, consent_unmatched), the SHA-256 of the text sent and
			// when consent was given.
			&core.NumberField{Name: "consent_version", OnlyInt: true},
			&core.TextField{Name: "consent_hash", Max: 64},
			&core.DateField{Name: "consent_at"},
			&core.BoolField{Name: "consent_unmatched"},
			// The person asked not to be contacted on this number (every lead of the number).
			&core.BoolField{Name: "do_not_contact"},
			&core.DateField{Name: "opted_out_at"},
			// An earlier lead of the number was opted out when this one arrived.
			&core.BoolField{Name: "previously_opted_out"},
			// The message contained a crisis phrase: top of the inbox, on-call staff told.
			&core.BoolField{Name: "urgent"},
		)
		leads.AddIndex("idx_callback_leads_urgent_created", false, "urgent, created", "")
		return app.Save(leads)
	}, func(app core.App) error {
		leads, err := app.FindCollectionByNameOrId("callback_leads")
		if err != nil {
			return err
		}
		leads.RemoveIndex("idx_callback_leads_urgent_created")
		for _, f := range leadFlagFields {
			leads.Fields.RemoveByName(f)
		}
		return app.Save(leads)
	})
}
