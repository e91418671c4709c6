package comments

import (
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

var leadsNetworkKey = leads.NetworkKey

// ModeratorKey carries the staff id of the request that saves a comment to the save hook
// (a custom key of the record instance, never stored).
const ModeratorKey = "@comment_moderator"

// Prepare holds however a comment is saved: trimmed text; on create an article that is
// public with comments open, server-computed flags, and no moderation fields on a pending
// comment; on update the article, flags and original text kept, the original body saved the
// first time a moderator changes the body (a redacted copy), and moderated_by /
// moderated_at set when the status changes.
func (s *Service) Prepare(app core.App, c *core.Record) error {
	trimText(c)
	if c.GetString("status") == "" {
		c.Set("status", StatusPending)
	}
	moderator, _ := c.GetRaw(ModeratorKey).(string)
	if c.IsNew() {
		if err := CheckArticle(app, c.GetString("article"), s.now()); err != nil {
			return err
		}
		c.Set("flags", s.flags.Flags(c.GetString("body")))
		c.Set("original_body", "")
		if c.GetString("status") == StatusPending {
			c.Set("moderated_by", "")
			c.Set("moderated_at", "")
		}
		return nil
	}
	original := c.Original()
	if c.GetString("article") != original.GetString("article") {
		return validation.Errors{"article": validation.NewError("article_fixed", "A comment stays with its article.")}
	}
	c.Set("flags", original.GetStringSlice("flags"))
	c.Set("original_body", original.GetString("original_body"))
	if c.GetString("body") != original.GetString("body") && original.GetString("original_body") == "" {
		c.Set("original_body", original.GetString("body"))
	}
	if c.GetString("status") != original.GetString("status") {
		c.Set("moderated_by", moderator)
		c.Set("moderated_at", s.now().UTC())
	} else {
		c.Set("moderated_by", original.GetString("moderated_by"))
		c.Set("moderated_at", original.GetDateTime("moderated_at"))
	}
	return nil
}

// LogChanges writes to the moderation log, in the change's transaction, each thing a save of
// comment c changed: its status, its body (a redaction) and the team's reply.
func LogChanges(tx core.App, c *core.Record) error {
	original := c.Original()
	actor, _ := c.GetRaw(ModeratorKey).(string)
	var events [][3]string // action, from, to
	if from, to := original.GetString("status"), c.GetString("status"); from != to {
		events = append(events, [3]string{"status", from, to})
	}
	if c.GetString("body") != original.GetString("body") {
		events = append(events, [3]string{"redact", "", ""})
	}
	if c.GetString("reply") != original.GetString("reply") {
		events = append(events, [3]string{"reply", "", ""})
	}
	if len(events) == 0 {
		return nil
	}
	col, err := tx.FindCollectionByNameOrId(EventsCollection)
	if err != nil {
		return err
	}
	for _, ev := range events {
		r := core.NewRecord(col)
		r.Set("comment", c.Id)
		r.Set("actor", actor)
		r.Set("action", ev[0])
		r.Set("from_status", ev[1])
		r.Set("to_status", ev[2])
		if err := tx.Save(r); err != nil {
			return err
		}
	}
	return nil
}

// DeleteOf deletes the comments on article, through the app so each delete's hooks run.
func DeleteOf(app core.App, article string) error {
	records, err := app.FindAllRecords(Collection, dbx.HashExp{"article": article})
	if err != nil {
		return err
	}
	for _, r := range records {
		if err := app.Delete(r); err != nil {
			return err
		}
	}
	return nil
}
