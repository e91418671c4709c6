package leads

import (
	"fmt"
	"html"
	"net/mail"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"recoverycms/internal/staff"
)

// notificationUrgent is the kind of an urgent lead's notice job (the kinds are in sla.go).
const notificationUrgent = "urgent"

// UrgentSubject is the subject of the notice of an urgent lead.
const UrgentSubject = "URGENT callback request"

// QueueUrgentNotice writes the urgent notice job of an urgent lead, like QueueNotification
// and in the same transaction (app is the transaction): it commits with the lead, and the
// notifier sends it after the commit, before the lead's ordinary notification. A lead that is
// not urgent queues nothing.
func (s *Service) QueueUrgentNotice(app core.App, lead *core.Record) error {
	if !lead.GetBool("urgent") {
		return nil
	}
	return s.queueJob(app, lead.Id, notificationUrgent)
}

// queueJob writes a pending notification job of kind for a lead, due now.
func (s *Service) queueJob(app core.App, leadID, kind string) error {
	now := dbTime(s.now())
	_, err := app.DB().Insert(NotificationsTable, dbx.Params{
		"id":              core.GenerateDefaultRandomId(),
		"lead":            leadID,
		"kind":            kind,
		"state":           notificationPending,
		"next_attempt_at": now,
		"created":         now,
	}).Execute()
	return err
}

// messagesFor builds the emails of one notification job of kind.
func (s *Service) messagesFor(app core.App, who *recipients, lead *core.Record, kind string) ([]*mailer.Message, error) {
	if kind == notificationUrgent {
		onCall, err := who.onCall()
		if err != nil {
			return nil, err
		}
		return s.urgentMessages(app, lead, onCall), nil
	}
	handlers, err := who.handlers()
	if err != nil {
		return nil, err
	}
	return s.notificationMessages(app, lead, kind, handlers), nil
}

// recipients reads who notices go to once per batch of jobs: every reviewer and admin, and
// those on call.
type recipients struct {
	app               core.App
	all, call         []*core.Record
	haveAll, haveCall bool
}

// handlers are every reviewer and admin.
func (r *recipients) handlers() ([]*core.Record, error) {
	if !r.haveAll {
		all, err := r.app.FindAllRecords(staff.Collection, dbx.In("role", anySlice(staff.LeadReviewers)...))
		if err != nil {
			return nil, err
		}
		r.all, r.haveAll = all, true
	}
	return r.all, nil
}

// onCall are the reviewers and admins on call, or every one of them when nobody is.
func (r *recipients) onCall() ([]*core.Record, error) {
	if !r.haveCall {
		call, err := OnCallStaff(r.app)
		if err != nil {
			return nil, err
		}
		r.call, r.haveCall = call, true
	}
	return r.call, nil
}

// OnCallStaff are who is told of an urgent lead: the reviewers and admins on call, or every
// reviewer and admin when nobody is.
func OnCallStaff(app core.App) ([]*core.Record, error) {
	handlers := dbx.In("role", anySlice(staff.LeadReviewers)...)
	onCall, err := app.FindAllRecords(staff.Collection, handlers, dbx.HashExp{"on_call": true})
	if err != nil || len(onCall) > 0 {
		return onCall, err
	}
	return app.FindAllRecords(staff.Collection, handlers)
}

// urgentMessages are the notices of one urgent lead, one per on-call staff member. Like the
// new-lead emails they say only that the request is waiting and where to open it: no name,
// phone, email or message (not even the phrase that made it urgent).
func (s *Service) urgentMessages(app core.App, lead *core.Record, recipients []*core.Record) []*mailer.Message {
	link := s.link(app, lead.Id)
	text := fmt.Sprintf("An URGENT callback request is waiting: its message may mention a risk to the person's life or safety.\n\nPlease open it now: %s\n", link)
	body := fmt.Sprintf("<p><strong>An URGENT callback request is waiting</strong>: its message may mention a risk to the person's life or safety.</p><p><a href=\"%s\">Open the callback request now</a></p>",
		html.EscapeString(link))
	meta := app.Settings().Meta
	messages := make([]*mailer.Message, 0, len(recipients))
	for _, member := range recipients {
		messages = append(messages, &mailer.Message{
			From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
			To:      []mail.Address{{Name: member.GetString("name"), Address: member.Email()}},
			Subject: UrgentSubject,
			Text:    text,
			HTML:    body,
		})
	}
	return messages
}

// urgentQueuedKey marks, in memory only, a submission merged as a repeat that queued an
// urgent notice, so the notifier is woken after the commit.
const urgentQueuedKey = "@lead_urgent_queued"

// flagUrgentRepeat marks an open lead urgent when a repeat submission merged into it reads
// as a crisis, and queues the urgent notice, in the merge's transaction: a crisis is never
// filed away unseen under an older request.
func (s *Service) flagUrgentRepeat(tx core.App, open, submission *core.Record) error {
	if open.GetBool("urgent") || !s.crisis.Match(submission.GetString("message")) {
		return nil
	}
	open.Set(serverWriteKey, true)
	open.Set("urgent", true)
	if err := tx.Save(open); err != nil {
		return err
	}
	submission.Set(urgentQueuedKey, true)
	return s.QueueUrgentNotice(tx, open)
}
