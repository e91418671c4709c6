package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// leadStaffFields are the hidden fields reviewers may change (PocketBase loads hidden fields
// for superusers only, so the hook copies them from the body).
var leadStaffFields = []string{"name", "phone", "email", "notes"}

// registerLeadReview records every single-lead view, every change of status, assignment or
// notes and every delete made through the API in lead_events, in the same transaction as the
// change, so the trail and the lead never disagree.
func registerLeadReview(app core.App) {
	app.OnRecordViewRequest(leads.LeadsCollection).BindFunc(func(e *core.RecordRequestEvent) error {
		// Written before the lead is shown: a view that cannot be recorded is not served.
		if err := leads.RecordEvent(e.App, e.Record.Id, leads.ActorFromAuth(e.Auth), leads.ActionView, "", ""); err != nil {
			return e.InternalServerError("The view could not be recorded.", err)
		}
		return e.Next()
	})

	app.OnRecordUpdateRequest(leads.LeadsCollection).BindFunc(func(e *core.RecordRequestEvent) error {
		info, err := e.RequestInfo()
		if err != nil {
			return e.BadRequestError("The submitted data could not be read.", err)
		}
		raw, ok := e.Get(leadRawBodyKey).(map[string]any)
		if !ok {
			raw = info.Body
		}
		if errs := checkLeadBodyTypes(raw); errs != nil {
			return e.BadRequestError("Some fields have the wrong type.", errs)
		}
		for _, f := range leadStaffFields {
			if v, ok := raw[f].(string); ok {
				e.Record.Set(f, v)
			}
		}
		before := e.Record.Original()
		actor := leads.ActorFromAuth(info.Auth)
		orig := e.App
		defer func() { e.App = orig }()
		return orig.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := e.Next(); err != nil {
				return err
			}
			for action, field := range map[string]string{leads.ActionStatus: "status", leads.ActionAssignment: "assigned_to", leads.ActionNotes: "notes"} {
				from, to := before.GetString(field), e.Record.GetString(field)
				if from == to {
					continue
				}
				if err := leads.RecordEvent(tx, e.Record.Id, actor, action, from, to); err != nil {
					return err
				}
			}
			return nil
		})
	})

	app.OnRecordDeleteRequest(leads.LeadsCollection).BindFunc(func(e *core.RecordRequestEvent) error {
		actor := leads.ActorFromAuth(e.Auth)
		orig := e.App
		defer func() { e.App = orig }()
		return orig.RunInTransaction(func(tx core.App) error {
			e.App = tx
			if err := e.Next(); err != nil {
				return err
			}
			return leads.RecordEvent(tx, e.Record.Id, actor, leads.ActionDelete, "", "")
		})
	})
}
