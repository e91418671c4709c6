package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// leadSLAJob is the cron job id of the SLA sweep.
const leadSLAJob = "rcmsLeadSLA"

// bindLeadQueue binds the callback queue, after bindLeads (the due time, zone, overdue flag
// and close reason are kept true by the lead's own save hooks):
//
//  1. audit: a change of close_reason through the API is recorded in the update's
//     transaction (bound after leads.AuditUpdate, so it runs inside it);
//  2. every minute the SLA sweep marks new leads left unassigned past their due time plus
//     RCMS_LEAD_SLA overdue and queues their one second notice in the outbox;
//  3. call attempts (call_attempts.go).
func bindLeadQueue(app core.App, svc *leads.Service) {
	app.OnRecordUpdateRequest(leads.LeadsCollection).BindFunc(leads.AuditCloseReason)
	app.Cron().MustAdd(leadSLAJob, "* * * * *", func() {
		if _, err := svc.MarkOverdue(app); err != nil {
			app.Logger().Error("Lead SLA sweep failed", "error", err)
		}
	})
	bindCallAttempts(app, svc)
}
