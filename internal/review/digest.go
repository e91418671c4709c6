package review

import (
	"fmt"
	"html"
	"net/mail"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// DigestSchedule is when the review-due email goes out: every day at 07:00 UTC.
const DigestSchedule = "0 7 * * *"

// DigestJobID is the cron job id of the daily review-due email.
const DigestJobID = "rcms_review_due_digest"

// Daily runs the daily editorial job: refresh the stored review statuses, then email the
// review-due digest.
func (s *Service) Daily(app core.App) error {
	if _, err := s.RefreshStatuses(app); err != nil {
		return err
	}
	_, err := s.SendDigest(app)
	return err
}

// DigestSection is one more part of the daily editorial email (the help resources due for
// re-verification): how many things it lists, and its HTML; 0 leaves it out.
type DigestSection func(app core.App) (int, string, error)

// AddDigestSection appends section to the daily email. Call it before serving.
func (s *Service) AddDigestSection(section DigestSection) { s.sections = append(s.sections, section) }

// SendDigest emails every editor and clinician the articles due for review or overdue and
// the added sections' lists; with nothing to list it sends nothing. It returns how many
// people were written to.
func (s *Service) SendDigest(app core.App) (int, error) {
	items, err := s.Due(app)
	if err != nil {
		return 0, err
	}
	extra, others := "", 0
	for _, section := range s.sections {
		n, part, err := section(app)
		if err != nil {
			return 0, err
		}
		extra, others = extra+part, others+n
	}
	if len(items) == 0 && others == 0 {
		return 0, nil
	}
	people, err := app.FindAllRecords("staff", dbx.Or(dbx.HashExp{"role": "editor"}, dbx.HashExp{"clinician": true}))
	if err != nil {
		return 0, err
	}
	settings := app.Settings()
	from := mail.Address{Name: settings.Meta.SenderName, Address: settings.Meta.SenderAddress}
	subject, body := digestText(settings.Meta.AppName, settings.Meta.AppURL, items)
	if len(items) == 0 {
		subject, body = settings.Meta.AppName+": editorial to-do", ""
	}
	body += extra
	sent := 0
	for _, p := range people {
		msg := &mailer.Message{From: from, To: []mail.Address{{Name: p.GetString("name"), Address: p.Email()}},
			Subject: subject, HTML: body}
		if err := app.NewMailClient().Send(msg); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// digestText is the subject and HTML body of the digest: counts, then one line per article
// with its review state and date, linking to the panel's editor.
func digestText(site, appURL string, items []DueItem) (string, string) {
	overdue := 0
	for _, it := range items {
		if it.Overdue {
			overdue++
		}
	}
	subject := fmt.Sprintf("%s: %d articles due for clinical review (%d overdue)", site, len(items), overdue)
	var b strings.Builder
	b.WriteString("<p>These articles need their clinical review:</p><ul>")
	for _, it := range items {
		state := "due"
		if it.Overdue {
			state = "overdue"
		}
		date := it.NextReviewAt
		if len(date) >= 10 {
			date = date[:10]
		}
		fmt.Fprintf(&b, `<li><a href="%s/admin/#/articles/%s">%s</a>: %s since %s</li>`,
			html.EscapeString(strings.TrimRight(appURL, "/")), html.EscapeString(it.ID), html.EscapeString(it.Title), state, date)
	}
	b.WriteString("</ul>")
	return subject, b.String()
}
