package hooks

import (
	"fmt"
	"html"
	"net/mail"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/routine"

	"recoverycms/internal/leads"
)

// preferredTimeLabels are the human wording of preferred_time in notifications.
var preferredTimeLabels = map[string]string{
	"asap": "as soon as possible", "morning": "in the morning", "afternoon": "in the afternoon",
	"evening": "in the evening", "anytime": "at any time",
}

// registerLeadNotifications emails every reviewer and admin when a new lead is committed. The
// email says only that a lead is waiting, when the person would like a call and where to open
// it: no name, phone, email or message. Sending happens in the background, after the commit,
// so a slow or failing mailer never delays or loses the lead; failures are logged.
func registerLeadNotifications(app core.App, cfg leads.Config) {
	app.OnRecordAfterCreateSuccess(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		// After the commit PocketBase hands the hook the app outside the transaction.
		recipients, err := e.App.FindAllRecords("staff", dbx.In("role", "reviewer", "admin"))
		if err != nil {
			e.App.Logger().Error("Finding lead notification recipients failed", "lead", e.Record.Id, "error", err)
			return nil
		}
		messages := make([]*mailer.Message, 0, len(recipients))
		for _, staff := range recipients {
			messages = append(messages, newLeadMessage(e.App, cfg, e.Record, staff))
		}
		leadID := e.Record.Id
		routine.FireAndForget(func() {
			for _, m := range messages {
				if err := app.NewMailClient().Send(m); err != nil {
					app.Logger().Warn("Lead notification failed", "lead", leadID, "error", err)
				}
			}
		})
		return nil
	})
}

// newLeadMessage builds the notification for one staff member.
func newLeadMessage(app core.App, cfg leads.Config, lead, staff *core.Record) *mailer.Message {
	link := leadLink(app, cfg, lead.Id)
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
		To:      []mail.Address{{Name: staff.GetString("name"), Address: staff.Email()}},
		Subject: "A callback request is waiting",
		Text:    text,
		HTML:    body,
	}
}

// leadLink is where staff open a lead: RCMS_LEAD_LINK with {id} replaced, or the app URL's
// /admin/#/leads/{id}.
func leadLink(app core.App, cfg leads.Config, id string) string {
	if cfg.LinkTemplate != "" {
		return strings.ReplaceAll(cfg.LinkTemplate, "{id}", id)
	}
	return strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/admin/#/leads/" + id
}
