package editorialcomments

import (
	"fmt"
	"html"
	"net/mail"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// mentionPattern finds @handles: letters, digits, dots, hyphens and underscores after an @
// that does not follow a letter or digit (so an email address in the text is not a mention).
var mentionPattern = regexp.MustCompile(`(?:^|[^\pL\pN@])@([\pL\pN][\pL\pN._-]*)`)

// Handles returns the @handles in text, lower-cased, each once, in order.
func Handles(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range mentionPattern.FindAllStringSubmatch(text, -1) {
		h := strings.ToLower(strings.TrimRight(m[1], "._-"))
		if h != "" && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// handlesOf are the handles that name a staff member: the part of their email before the @,
// and their name without spaces (both lower-cased).
func handlesOf(p *core.Record) []string {
	local, _, _ := strings.Cut(strings.ToLower(p.Email()), "@")
	return []string{local, strings.ToLower(strings.Join(strings.Fields(p.GetString("name")), ""))}
}

// Mentioned returns the staff members comment c mentions, without its author.
func Mentioned(app core.App, c *core.Record) ([]*core.Record, error) {
	handles := Handles(c.GetString("body"))
	if len(handles) == 0 {
		return nil, nil
	}
	people, err := app.FindAllRecords("staff")
	if err != nil {
		return nil, err
	}
	var out []*core.Record
	for _, p := range people {
		if p.Id == c.GetString("author") {
			continue
		}
	match:
		for _, mine := range handlesOf(p) {
			for _, h := range handles {
				if mine != "" && h == mine {
					out = append(out, p)
					break match
				}
			}
		}
	}
	return out, nil
}

// NotifyMentions emails each staff member comment c mentions: who wrote, on which article,
// the comment and a link to the article in the panel. It runs after the comment's commit;
// failures are logged.
func NotifyMentions(app core.App, c *core.Record) {
	people, err := Mentioned(app, c)
	if err != nil || len(people) == 0 {
		if err != nil {
			app.Logger().Warn("Mentions lookup failed", "comment", c.Id, "error", err)
		}
		return
	}
	title := "an article"
	if a, err := app.FindRecordById("articles", c.GetString("article")); err == nil {
		title = a.GetString("title")
	}
	who := "A colleague"
	if a, err := app.FindRecordById("staff", c.GetString("author")); err == nil && a.GetString("name") != "" {
		who = a.GetString("name")
	}
	settings := app.Settings()
	link := strings.TrimRight(settings.Meta.AppURL, "/") + "/admin/#/articles/" + c.GetString("article")
	subject := fmt.Sprintf("%s: %s mentioned you on %q", settings.Meta.AppName, who, title)
	body := fmt.Sprintf(`<p>%s mentioned you in a comment on <a href="%s">%s</a>:</p><blockquote>%s</blockquote>`,
		html.EscapeString(who), html.EscapeString(link), html.EscapeString(title),
		strings.ReplaceAll(html.EscapeString(c.GetString("body")), "\n", "<br>"))
	from := mail.Address{Name: settings.Meta.SenderName, Address: settings.Meta.SenderAddress}
	for _, p := range people {
		msg := &mailer.Message{From: from, To: []mail.Address{{Name: p.GetString("name"), Address: p.Email()}},
			Subject: subject, HTML: body}
		if err := app.NewMailClient().Send(msg); err != nil {
			app.Logger().Warn("Mention email failed", "comment", c.Id, "staff", p.Id, "error", err)
		}
	}
}
