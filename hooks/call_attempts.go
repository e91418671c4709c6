package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// bindCallAttempts binds the life of a call attempt, however it is saved: stamped with the
// server's clock and checked against its lead; through the API made as the signed-in staff
// member and recorded on the lead's trail in the same transaction; never edited or deleted
// (but for PocketBase emptying a deleted staff member); its staff and notes shown to
// reviewers and admins. A deleted lead keeps its attempts, their notes emptied.
func bindCallAttempts(app core.App, svc *leads.Service) {
	app.OnRecordCreate(leads.AttemptsCollection).BindFunc(func(e *core.RecordEvent) error {
		if err := svc.PrepareAttempt(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordUpdate(leads.AttemptsCollection).BindFunc(leads.GuardAttemptUpdate)
	app.OnRecordDelete(leads.AttemptsCollection).BindFunc(leads.RefuseAttemptDelete)
	app.OnRecordEnrich(leads.AttemptsCollection).BindFunc(leads.EnrichAttempt)
	app.OnRecordCreateRequest(leads.AttemptsCollection).BindFunc(leads.AuditAttempt)

	app.OnRecordDelete(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return leads.StripAttempts(e.App, e.Record.Id)
	})
}
