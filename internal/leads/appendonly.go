package leads

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"
)

// ErrEventsReadOnly is returned for any edit of the audit trail, so a trail can be trusted
// however the edit was attempted (API, dashboard, Go code).
var ErrEventsReadOnly = errors.New("lead events are an audit trail and cannot be changed or deleted")

// GuardEventUpdate keeps lead_events append-only in a save-level update hook. The one change
// allowed is PocketBase emptying the staff relation when that staff member is deleted;
// stripping personal data goes through StripEvents, below the record API.
func GuardEventUpdate(e *core.RecordEvent) error {
	if onlyStaffCleared(e.Record) {
		return e.Next()
	}
	return ErrEventsReadOnly
}

// RefuseEventDelete refuses every delete of an audit entry, in a save-level delete hook.
func RefuseEventDelete(e *core.RecordEvent) error {
	return ErrEventsReadOnly
}

// onlyStaffCleared reports whether the one change to r is its staff relation being emptied.
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
