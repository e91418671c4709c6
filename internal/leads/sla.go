package leads

import (
	"fmt"
	"html"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Kinds of notification job (lead_notifications.kind).
const (
	notificationNew     = "new"
	notificationOverdue = "overdue"
)

// slaActor names the SLA sweep in the audit trail.
const slaActor = "sla"

// SLA is how long a new lead may wait unassigned past its due time (RCMS_LEAD_SLA).
func (s *Service) SLA() time.Duration {
	if s.cfg.SLA <= 0 {
		return DefaultConfig().SLA
	}
	return s.cfg.SLA
}

// MarkOverdue is the SLA sweep: every new, unassigned lead whose due time lies more than
// the SLA in the past is marked overdue, gets an overdue event and one more notification
// job, each lead in its own transaction; then the notifier is woken. It is idempotent: a
// lead is flagged once (the flag is set only where it is not), and a unique index allows one
// overdue job a lead, so two sweeps at once (a command beside the server) send one notice.
// It reports how many leads it marked.
func (s *Service) MarkOverdue(app core.App) (int, error) {
	var due []struct {
		ID string `db:"id"`
	}
	err := app.DB().Select("id").From(LeadsCollection).Where(overdueExp(s.now().Add(-s.SLA()))).
		OrderBy("due_at").All(&due)
	if err != nil {
		return 0, err
	}
	marked := 0
	for _, lead := range due {
		err := app.RunInTransaction(func(tx core.App) error {
			res, err := tx.DB().Update(LeadsCollection, dbx.Params{"overdue": true},
				dbx.And(dbx.HashExp{"id": lead.ID}, overdueExp(s.now().Add(-s.SLA())))).Execute()
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return err // picked up (or flagged) meanwhile
			}
			marked++
			if err := s.queueOverdueNotification(tx, lead.ID); err != nil {
				return err
			}
			return RecordEvent(tx, lead.ID, Actor{Name: slaActor}, ActionOverdue, "", "")
		})
		if err != nil {
			return marked, fmt.Errorf("lead %s: %w", lead.ID, err)
		}
	}
	if marked > 0 {
		s.NotificationsCommitted(app)
	}
	return marked, nil
}

// overdueExp matches the leads the sweep flags: new, unassigned, not yet flagged, due
// before dueBefore.
func overdueExp(dueBefore time.Time) dbx.Expression {
	return dbx.And(dbx.HashExp{"status": StatusNew, "assigned_to": "", "overdue": false},
		dbx.NewExp("due_at != '' AND due_at <= {:due}", dbx.Params{"due": dbTime(dueBefore)}))
}

// queueOverdueNotification writes the lead's one overdue notification job (a second one is
// ignored), in the sweep's transaction.
func (s *Service) queueOverdueNotification(tx core.App, leadID string) error {
	now := dbTime(s.now())
	_, err := tx.DB().NewQuery(`INSERT OR IGNORE INTO lead_notifications
		(id, lead, kind, state, next_attempt_at, created) VALUES ({:id}, {:lead}, {:kind}, {:state}, {:now}, {:now})`).
		Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "lead": leadID, "kind": notificationOverdue,
			"state": notificationPending, "now": now}).Execute()
	return err
}

// stillOverdue reports whether an overdue notice is still worth sending: the lead is still
// new and nobody has taken it.
func stillOverdue(lead *core.Record) bool {
	return lead.GetString("status") == StatusNew && lead.GetString("assigned_to") == ""
}

// overdueWording is the subject, text and HTML of the SLA's second notice: like the first,
// it names no one and carries no phone number or message, only how long the request has
// waited past its time and where to open it.
func (s *Service) overdueWording(link string) (subject, text, body string) {
	sla := fmt.Sprintf("%d minutes", int(s.SLA().Minutes()))
	subject = "A callback request is overdue"
	text = fmt.Sprintf("A callback request has waited more than %s past its callback time and nobody has taken it.\n\nOpen it: %s\n", sla, link)
	body = fmt.Sprintf("<p>A callback request has waited more than %s past its callback time and nobody has taken it.</p><p><a href=\"%s\">Open the callback request</a></p>",
		html.EscapeString(sla), html.EscapeString(link))
	return subject, text, body
}
