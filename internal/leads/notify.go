package leads

import (
	"fmt"
	"html"
	"net/mail"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/routine"

	"recoverycms/internal/staff"
)

// preferredTimeLabels are the human wording of preferred_time in notifications.
var preferredTimeLabels = map[string]string{
	"asap": "as soon as possible", "morning": "in the morning", "afternoon": "in the afternoon",
	"evening": "in the evening", "anytime": "at any time",
}

// Notify emails every reviewer and admin that lead is waiting. The email says only that, when
// the person would like a call and where to open the lead: no name, phone, email or message.
// Call it after the lead is committed, with the app outside any transaction (e.App in an
// after-success hook): the sending happens in the background, so a slow or failing mailer
// never delays or loses the lead, and failures are logged, never returned.
func (s *Service) Notify(app core.App, lead *core.Record) {
	recipients, err := app.FindAllRecords(staff.Collection, dbx.In("role", anySlice(staff.LeadReviewers)...))
	if err != nil {
		app.Logger().Error("Finding lead notification recipients failed", "lead", lead.Id, "error", err)
		return
	}
	messages := make([]*mailer.Message, 0, len(recipients))
	for _, member := range recipients {
		messages = append(messages, s.newMessage(app, lead, member))
	}
	leadID := lead.Id
	routine.FireAndForget(func() {
		for _, m := range messages {
			if err := app.NewMailClient().Send(m); err != nil {
				app.Logger().Warn("Lead notification failed", "lead", leadID, "error", err)
			}
		}
	})
}

// newMessage builds the notification for one staff member.
func (s *Service) newMessage(app core.App, lead, member *core.Record) *mailer.Message {
	link := s.link(app, lead.Id)
	when := preferredTimeLabels[lead.GetString("preferred_time")]
	if when == "" {
		when = "as soon as possible"
	}
	meta := app.Settings().Meta
	text := fmt.Sprintf("A new callback request is waiting.\n\nThe person would like a call %s.\n\nOpen it: %s\n", when, link)
	body := fmt.Sprintf("<p>A new callback request is waiting.</p><p>The person would like a call %s.</p><p><a href=\"%s\">Open the callback request</a></p>",
		html.EscapeString(when), html.EscapeString(link))
	return &mailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{{Name: member.GetString("name"), Address: member.Email()}},
		Subject: "A callback request is waiting",
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
