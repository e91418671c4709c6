package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The callback queue: each lead gets the caller's time zone, the time it is due (the start
// of the callback window it asked for), an overdue flag the SLA sweep sets, and a close
// reason; call attempts are logged in call_attempts; lead_notifications jobs get a kind, so
// the SLA's second notice travels through the same outbox as the first, at most once a lead.
func init() {
	m.Register(func(app core.App) error {
		leads, err := app.FindCollectionByNameOrId("callback_leads")
		if err != nil {
			return err
		}
		leads.Fields.Add(
			&core.TextField{Name: "timezone", Max: 64},
			&core.DateField{Name: "due_at"},
			&core.BoolField{Name: "overdue"},
			&core.SelectField{Name: "close_reason", MaxSelect: 1,
				Values: []string{"reached", "no_answer", "wrong_number", "duplicate", "not_wanted", "referred", "spam"}},
		)
		leads.AddIndex("idx_callback_leads_status_due", false, "status, due_at", "")
		if err := app.Save(leads); err != nil {
			return err
		}
		// Leads already stored are due when they came in; those already waiting longer than
		// the default SLA are overdue without a second notice (they were announced long ago).
		if _, err := app.DB().NewQuery(`UPDATE callback_leads SET due_at = created WHERE due_at = ''`).Execute(); err != nil {
			return err
		}
		if _, err := app.DB().NewQuery(`UPDATE callback_leads SET overdue = TRUE
			WHERE status = 'new' AND assigned_to = '' AND created <= strftime('%Y-%m-%d %H:%M:%fZ', 'now', '-15 minutes')`).Execute(); err != nil {
			return err
		}
		if err := createCallAttempts(app); err != nil {
			return err
		}
		return addNotificationKind(app)
	}, func(app core.App) error {
		if _, err := app.DB().NewQuery(`DROP INDEX IF EXISTS idx_lead_notifications_once`).Execute(); err != nil {
			return err
		}
		if _, err := app.DB().NewQuery(`DELETE FROM lead_notifications WHERE kind != 'new'`).Execute(); err != nil {
			return err
		}
		if _, err := app.DB().NewQuery(`ALTER TABLE lead_notifications DROP COLUMN kind`).Execute(); err != nil {
			return err
		}
		if err := deleteCollection(app, "call_attempts"); err != nil {
			return err
		}
		leads, err := app.FindCollectionByNameOrId("callback_leads")
		if err != nil {
			return err
		}
		leads.RemoveIndex("idx_callback_leads_status_due")
		for _, f := range []string{"timezone", "due_at", "overdue", "close_reason"} {
			leads.Fields.RemoveByName(f)
		}
		return app.Save(leads)
	})
}

// createCallAttempts adds call_attempts: one row per phone call made to a lead.
func createCallAttempts(app core.App) error {
	staffID, err := collectionID(app, "staff")
	if err != nil {
		return err
	}
	attempts := core.NewBaseCollection("call_attempts")
	attempts.Fields.Add(
		// lead is the lead's id as plain text, as in lead_events: the attempts outlive the lead
		// (a relation would be emptied when it is deleted) and can never expand into it.
		&core.TextField{Name: "lead", Required: true, Max: 50},
		// staff (set by the server from the caller) and notes are hidden, as in lead_events, so
		// that no filter from another collection can probe them.
		&core.RelationField{Name: "staff", CollectionId: staffID, MaxSelect: 1, Hidden: true},
		&core.DateField{Name: "at"},
		&core.SelectField{Name: "outcome", Required: true, MaxSelect: 1,
			Values: []string{"reached", "no_answer", "voicemail", "wrong_number", "busy"}},
		&core.TextField{Name: "notes", Max: 2000, Hidden: true},
		&core.AutodateField{Name: "created", OnCreate: true},
	)
	attempts.AddIndex("idx_call_attempts_lead", false, "lead, at", "")
	attempts.ListRule = types.Pointer(ruleIsLeadReviewer)
	attempts.ViewRule = types.Pointer(ruleIsLeadReviewer)
	// Staff log a call through POST /api/cms/leads/{id}/attempts, which names the caller and
	// records the attempt on the lead's trail; an attempt is a record of what happened, never
	// edited or deleted through the API.
	attempts.CreateRule = nil
	attempts.UpdateRule = nil
	attempts.DeleteRule = nil
	return app.Save(attempts)
}

// addNotificationKind gives every notification job a kind: "new" (the first notice, all jobs
// so far) or "overdue" (the SLA's second notice, at most one a lead).
func addNotificationKind(app core.App) error {
	if _, err := app.DB().NewQuery(`ALTER TABLE lead_notifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'new'`).Execute(); err != nil {
		return err
	}
	_, err := app.DB().NewQuery(`CREATE UNIQUE INDEX IF NOT EXISTS idx_lead_notifications_once
		ON lead_notifications (lead, kind) WHERE kind = 'overdue'`).Execute()
	return err
}
