package hooks

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// errLeadEventsReadOnly is returned for any edit of the audit trail.
var errLeadEventsReadOnly = errors.New("lead events are an audit trail and cannot be changed or deleted")

// registerLeadEvents keeps lead_events append-only however a record is saved (API, dashboard,
// Go code). The one change allowed is PocketBase emptying the staff relation when that staff
// member is deleted. Stripping personal data goes through leads.StripEvents.
func registerLeadEvents(app core.App) {
	app.OnRecordUpdate(leads.EventsCollection).BindFunc(func(e *core.RecordEvent) error {
		if onlyStaffCleared(e.Record) {
			return e.Next()
		}
		return errLeadEventsReadOnly
	})
	app.OnRecordDelete(leads.EventsCollection).BindFunc(func(e *core.RecordEvent) error {
		return errLeadEventsReadOnly
	})
	app.OnRecordEnrich(leads.EventsCollection).BindFunc(func(e *core.RecordEnrichEvent) error {
		if e.RequestInfo != nil && canReviewLeads(e.RequestInfo.Auth) {
			e.Record.Unhide("staff", "from", "to")
		}
		return e.Next()
	})
}

func onlyStaffCleared(r *core.Record) bool {
	orig := r.Original()
	if r.GetString("staff") != "" {
		return false
	}
	for _, f := range r.Collection().Fields.FieldNames() {
		if f == "staff" {
			continue
		}
		if r.GetString(f) != orig.GetString(f) {
			return false
		}
	}
	return true
}
