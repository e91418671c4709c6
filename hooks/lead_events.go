package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// bindLeadEvents keeps lead_events append-only however a record is saved (API, dashboard, Go
// code) and shows its staff fields to reviewers and admins only.
func bindLeadEvents(app core.App) {
	app.OnRecordUpdate(leads.EventsCollection).BindFunc(leads.GuardEventUpdate)
	app.OnRecordDelete(leads.EventsCollection).BindFunc(leads.RefuseEventDelete)
	app.OnRecordEnrich(leads.EventsCollection).BindFunc(leads.EnrichEvent)
}
