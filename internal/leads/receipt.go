package leads

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// respondReceipt answers a submission that does not create a lead of its own (a honeypot hit,
// a retry, a merged repeat) with the same shape as a fresh create, enriched for the caller.
func respondReceipt(e *core.RecordRequestEvent) error {
	r := receipt(e.Collection, e.Record)
	if err := apis.EnrichRecord(e.RequestEvent, r); err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(200, r)
}

// receipt is an unsaved lead carrying only what the caller sent: their id (or a new one),
// their preferred time and the current time. Its created time is the wall clock, as
// PocketBase stamps a fresh create, so the two cannot be told apart.
func receipt(col *core.Collection, submitted *core.Record) *core.Record {
	r := core.NewRecord(col)
	r.Id = submitted.Id
	if r.Id == "" {
		r.Id = core.GenerateDefaultRandomId()
	}
	r.Set("preferred_time", submitted.GetString("preferred_time"))
	if r.GetString("preferred_time") == "" {
		r.Set("preferred_time", "asap")
	}
	r.SetRaw("created", types.NowDateTime())
	carryAnswer(r, submitted)
	return r
}
