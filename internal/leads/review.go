package leads

import "github.com/pocketbase/pocketbase/core"

// staffFields are the hidden fields reviewers may change (PocketBase loads hidden fields for
// superusers only, so AuditUpdate copies them from the body).
var staffFields = []string{"name", "phone", "email", "notes"}

// auditedFields are the fields whose every change through the API leaves an event, by action.
var auditedFields = map[string]string{ActionStatus: "status", ActionAssignment: "assigned_to", ActionNotes: "notes"}

// AuditView records a single-lead view before the lead is shown: a view that cannot be
// recorded is not served.
func AuditView(e *core.RecordRequestEvent) error {
	if err := RecordEvent(e.App, e.Record.Id, ActorFromAuth(e.Auth), ActionView, "", ""); err != nil {
		return e.InternalServerError("The view could not be recorded.", err)
	}
	MarkAudited(e.Record)
	return e.Next()
}

// AuditUpdate saves a staff update and records each change of status, assignment or notes in
// the same transaction, so the trail and the lead never disagree.
func AuditUpdate(e *core.RecordRequestEvent) error {
	info, body, err := readBody(e)
	if err != nil {
		return err
	}
	copyText(e.Record, body, staffFields)
	before := e.Record.Original()
	actor := ActorFromAuth(info.Auth)
	return nextInTransaction(e, func(tx core.App) error {
		for action, field := range auditedFields {
			from, to := before.GetString(field), e.Record.GetString(field)
			if from == to {
				continue
			}
			if err := RecordEvent(tx, e.Record.Id, actor, action, from, to); err != nil {
				return err
			}
		}
		return nil
	})
}

// AuditDelete deletes a lead through the API and records who did it, in one transaction.
func AuditDelete(e *core.RecordRequestEvent) error {
	actor := ActorFromAuth(e.Auth)
	return nextInTransaction(e, func(tx core.App) error {
		return RecordEvent(tx, e.Record.Id, actor, ActionDelete, "", "")
	})
}

// nextInTransaction runs the rest of the request chain (the save itself) and then after in
// one transaction, restoring e.App when done.
func nextInTransaction(e *core.RecordRequestEvent, after func(tx core.App) error) error {
	orig := e.App
	defer func() { e.App = orig }()
	return orig.RunInTransaction(func(tx core.App) error {
		e.App = tx
		if err := e.Next(); err != nil {
			return err
		}
		return after(tx)
	})
}
