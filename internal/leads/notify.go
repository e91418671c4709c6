package leads

import (
	"fmt"
	"html"
	"net/mail"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// preferredTimeLabels are the human wording of preferred_time in notifications.
var preferredTimeLabels = map[string]string{
	"asap": "as soon as possible", "morning": "in the morning", "afternoon": "in the afternoon",
	"evening": "in the evening", "anytime": "at any time",
}

// NotificationsTable is the outbox of new-lead emails (migration 1764500000).
const NotificationsTable = "lead_notifications"

// QueueNotification writes the notification job of a new lead. Call it in the lead's own
// transaction (app is the transaction, inside the create's execute hook): the job then
// commits with the lead or not at all, and the notifier sends it after the commit, also
// after a crash or restart. The job holds the lead's id only.
func (s *Service) QueueNotification(app core.App, lead *core.Record) error {
	return s.queueJob(app, lead.Id, notificationNew)
}

// DropNotifications removes a deleted lead's notification jobs, in the delete's transaction:
// an unsent one has nothing left to announce, and a sent one is no longer needed.
func DropNotifications(app core.App, leadID string) error {
	_, err := app.DB().Delete(NotificationsTable, dbx.HashExp{"lead": leadID}).Execute()
	return err
}

// notificationMessages are the emails of one new lead, one per reviewer and admin. Each
// says only that the lead is waiting, when the person would like a call and where to open
// it: no name, phone, email or message.
func (s *Service) notificationMessages(app core.App, lead *core.Record, kind string, recipients []*core.Record) []*mailer.Message {
	messages := make([]*mailer.Message, 0, len(recipients))
	for _, member := range recipients {
		messages = append(messages, s.newMessage(app, lead, member, kind))
	}
	return messages
}

// newMessage builds the notification of kind for one staff member.
func (s *Service) newMessage(app core.App, lead, member *core.Record, kind string) *mailer.Message {
	link := s.link(app, lead.Id)
	when := preferredTimeLabels[lead.GetString("preferred_time")]
	if when == "" {
		when = "as soon as possible"
	}
	meta := app.Settings().Meta
	text := fmt.Sprintf("A new callback request is waiting.\n\nThe person would like a call %s.\n\nOpen it: %s\n", when, link)
	body := fmt.Sprintf("<p>A new callback request is waiting.</p><p>The person would like a call %s.</p><p><a href=\"%s\">Open the callback request</a></p>",
		html.EscapeString(when), html.EscapeString(link))
	subject := "A callback request is waiting"
	if kind == notificationOverdue {
		subject, text, body = s.overdueWording(link)
	}
	return &mailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{{Name: member.GetString("name"), Address: member.Email()}},
		Subject: subject,
		Text:    text,
		HTML:    body,
	}
}

// link is where staff open a lead: RCMS_LEAD_LINK with {id} replaced, or the app URL's
// /admin/#/leads/{id}.
func (s *Service) link(app core.App, id string) string {
	if s.cfg.LinkTemplate != "" {
		return strings.ReplaceAll(s.cfg.LinkTemplate, "{id}", id)
	}
	return strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/admin/#/leads/" + id
}
