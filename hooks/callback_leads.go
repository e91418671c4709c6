package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// leadRetentionJob is the cron job id of the daily purge.
const leadRetentionJob = "rcmsLeadRetention"

// bindLeads binds the life of a callback lead to svc, in order. However the record is saved (API, panel, dashboard, Go code):
//
//  1. save invariants: server-owned fields overwritten, text trimmed, the phone normalised
//     and checked; the consent ledger, opt-out history and crisis flag stamped on a new lead
//     and kept from any client on update; a delete strips the lead's events of personal data;
//  2. audit: every API view, change of status, assignment or notes, and delete is written
//     to lead_events in the change's transaction (lead_events itself is append-only);
//  3. outbox: a new lead's notification job (and an urgent lead's notice to on-call staff)
//     is written in the lead's own transaction (a delete drops the lead's jobs in the delete's);
//  4. after commit: the notifier is woken and emails reviewers and admins (it also sends, on
//     start-up and every poll, the jobs a crash or a failing mailer left pending).
//
// The public create request is guarded first (its answer's help noted, body capture, types,
// honeypot, validation, rate limit), then created or merged into an open lead for the same phone. Enrich decides
// who sees which field. Every night closed and spam leads past retention are purged.
func bindLeads(app core.App, svc *leads.Service) {
	// 1. Save invariants.
	app.OnRecordCreate(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		if err := svc.PrepareNew(e.App, e.Record); err != nil {
			return err
		}
		if err := svc.StampNew(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordUpdate(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		leads.KeepServerFlags(e.Record)
		if err := svc.PrepareUpdate(e.Record); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordDelete(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return leads.StripEvents(e.App, e.Record.Id)
	})
	app.OnRecordEnrich(leads.LeadsCollection).BindFunc(leads.Enrich)
	bindLeadEvents(app)

	// The public create request: body capture, guard, create or merge.
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(leads.CaptureBody)
		se.Router.BindFunc(leads.NoStore)
		return se.Next()
	})
	app.OnRecordCreateRequest(leads.LeadsCollection).BindFunc(svc.PrepareAnswer)
	app.OnRecordCreateRequest(leads.LeadsCollection).BindFunc(svc.GuardSubmission)
	app.OnRecordCreateRequest(leads.LeadsCollection).BindFunc(svc.CreateOrMerge)

	// 2. Audit of staff requests.
	app.OnRecordViewRequest(leads.LeadsCollection).BindFunc(leads.AuditView)
	app.OnRecordUpdateRequest(leads.LeadsCollection).BindFunc(leads.AuditUpdate)
	app.OnRecordDeleteRequest(leads.LeadsCollection).BindFunc(leads.AuditDelete)

	// 3. Outbox: the notification job commits with the lead.
	app.OnRecordCreateExecute(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		return withinTransaction(e, func(tx core.App) error {
			if err := svc.QueueUrgentNotice(tx, e.Record); err != nil {
				return err
			}
			return svc.QueueNotification(tx, e.Record)
		})
	})

	app.OnRecordDeleteExecute(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		return withinTransaction(e, func(tx core.App) error {
			return leads.DropNotifications(tx, e.Record.Id)
		})
	})

	// 4. After commit: send. The notifier runs while the server serves.
	app.OnRecordAfterCreateSuccess(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		svc.NotificationsCommitted(e.App)
		return e.Next()
	})
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		svc.StartNotifier(e.App)
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		svc.StopNotifier()
		return e.Next()
	})

	// Retention, every night at 03:30 (UTC).
	app.Cron().MustAdd(leadRetentionJob, "30 3 * * *", func() { svc.PurgeExpired(app) })
}
