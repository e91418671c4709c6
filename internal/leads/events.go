package leads

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// Collection names of the lead workflow.
const (
	LeadsCollection  = "callback_leads"
	EventsCollection = "lead_events"
	// RepeatsCollection holds further requests from a number that already has an open lead.
	RepeatsCollection = "lead_repeats"
)

// Lead statuses; new, contacted and scheduled leads are open.
const (
	StatusNew       = "new"
	StatusContacted = "contacted"
	StatusScheduled = "scheduled"
	StatusClosed    = "closed"
	StatusSpam      = "spam"
)

// Audit actions written to lead_events.
const (
	ActionView       = "view"
	ActionStatus     = "status"
	ActionAssignment = "assigned_to"
	ActionNotes      = "notes"
	ActionDelete     = "delete"
	ActionExport     = "export"
	ActionMerge      = "merge"
	ActionErase      = "erase"
	ActionPurge      = "purge"
	ActionLookup     = "lookup"
)

// Actor is who did something to a lead: a staff member (Staff holds the id) or a named
// non-staff actor such as "superuser:<id>", "cli", "retention" or "public".
type Actor struct {
	Staff string
	Name  string
}

// ActorFromAuth describes the authenticated caller of a request.
func ActorFromAuth(auth *core.Record) Actor {
	switch {
	case auth == nil:
		return Actor{Name: "public"}
	case auth.IsSuperuser():
		return Actor{Name: "superuser:" + auth.Id}
	case staff.IsStaff(auth):
		return Actor{Staff: auth.Id, Name: "staff"}
	default:
		return Actor{Name: auth.Collection().Name + ":" + auth.Id}
	}
}

// RecordEvent appends one entry to a lead's audit trail.
func RecordEvent(app core.App, leadID string, actor Actor, action, from, to string) error {
	col, err := app.FindCachedCollectionByNameOrId(EventsCollection)
	if err != nil {
		return err
	}
	ev := core.NewRecord(col)
	ev.Set("lead", leadID)
	ev.Set("staff", actor.Staff)
	ev.Set("actor", actor.Name)
	ev.Set("action", action)
	if action == ActionNotes {
		// Notes are about the person: their before and after are sealed like the lead's own,
		// while statuses, ids and outcomes stay readable for the audit and the statistics.
		var err error
		if from, err = sealEventValue("from", from); err != nil {
			return err
		}
		if to, err = sealEventValue("to", to); err != nil {
			return err
		}
	}
	ev.Set("from", from)
	ev.Set("to", to)
	return app.Save(ev)
}

// StripEvents removes personal data (free-text values such as notes) from the audit trail of
// the given leads, keeping who did what and when. It writes through the database directly
// because lead_events refuse every edit made through the record API.
func StripEvents(app core.App, leadIDs ...string) error {
	if len(leadIDs) == 0 {
		return nil
	}
	_, err := app.DB().Update(EventsCollection,
		dbx.Params{"from": "", "to": ""},
		dbx.And(dbx.In("lead", anySlice(leadIDs)...), dbx.NotIn("action", ActionStatus, ActionAssignment)),
	).Execute()
	return err
}

// anySlice converts strings for dbx.In.
func anySlice(values []string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}
