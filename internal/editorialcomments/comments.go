// Package editorialcomments is the staff's discussion beside an article: comments with an
// optional quoted passage, blocking comments that keep an article from going live until they
// are resolved, and @mentions that email the staff member named. The public never reads them.
package editorialcomments

import (
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"recoverycms/internal/publishing"
	"recoverycms/internal/staff"
)

// Collection is the name of the comments collection.
const Collection = "editorial_comments"

// authorEditable are the fields only a comment's author (or an admin) may change.
var authorEditable = []string{"body", "quote", "blocking"}

// Prepare keeps a comment's invariants however it is saved: text trimmed, a body, an existing
// article, article and author fixed once created, and resolved_by / resolved_at following
// resolved (resolvedBy is the staff id resolving it, "" outside a request).
func Prepare(app core.App, c *core.Record, resolvedBy string, now time.Time) error {
	c.Set("body", strings.TrimSpace(c.GetString("body")))
	c.Set("quote", strings.TrimSpace(c.GetString("quote")))
	errs := validation.Errors{}
	if c.GetString("body") == "" {
		errs["body"] = validation.NewError("body_required", "Write the comment.")
	}
	if c.IsNew() {
		if _, err := app.FindRecordById("articles", c.GetString("article")); err != nil {
			errs["article"] = validation.NewError("article_missing", "There is no such article to comment on.")
		}
		c.Set("resolved", false)
	} else {
		original := c.Original()
		for _, f := range []string{"article", "author"} {
			if c.GetString(f) != original.GetString(f) {
				errs[f] = validation.NewError(f+"_fixed", "A comment stays with its article and its author.")
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	switch {
	case !c.GetBool("resolved"):
		c.Set("resolved_by", "")
		c.Set("resolved_at", "")
	case c.IsNew() || !c.Original().GetBool("resolved"):
		c.Set("resolved_by", resolvedBy)
		c.Set("resolved_at", now.UTC())
	default:
		// Still resolved: who resolved it and when stay as they were, whatever was sent.
		c.Set("resolved_by", c.Original().GetString("resolved_by"))
		c.Set("resolved_at", c.Original().GetDateTime("resolved_at"))
	}
	return nil
}

// CheckChange refuses, for a request by auth, a change of body, quote or blocking to another
// staff member's comment (admins and superusers may). Anyone on the staff may resolve or
// reopen a comment, except a blocking one: only its author, an admin or a clinician may
// resolve that (data.resolved.code = not_allowed_to_resolve).
func CheckChange(auth *core.Record, c *core.Record) error {
	if auth == nil || auth.IsSuperuser() || staff.Has(auth, staff.Admins...) || c.GetString("author") == auth.Id {
		return nil
	}
	original := c.Original()
	if original.GetBool("blocking") && c.GetBool("resolved") && !original.GetBool("resolved") && !auth.GetBool("clinician") {
		return router.NewForbiddenError("Only the comment's author, an admin or a clinician can resolve a blocking comment.",
			validation.Errors{"resolved": validation.NewError("not_allowed_to_resolve", "Ask the author, an admin or a clinician to resolve it.")})
	}
	for _, f := range authorEditable {
		if c.Get(f) != original.Get(f) {
			return router.NewForbiddenError("Only the comment's author can change what it says.",
				validation.Errors{f: validation.NewError("not_comment_author", "Only the comment's author can change this.")})
		}
	}
	return nil
}

// Gate refuses, while the article has an unresolved blocking comment, any save after which
// an article that is not public at now would be public or scheduled to be: publishing,
// scheduling, moving the publish time, clearing a take-down time that has passed
// (data.status.code = blocking_comments). An article already public keeps being saved.
func Gate(app core.App, article *core.Record, now time.Time) error {
	if article.IsNew() || !WillBePublic(article, now) || publishing.IsPublic(article.Original(), now) {
		return nil
	}
	n, err := app.CountRecords(Collection, dbx.HashExp{"article": article.Id, "blocking": true, "resolved": false})
	if err != nil {
		return err
	}
	if n > 0 {
		return validation.Errors{"status": validation.NewError("blocking_comments",
			"Resolve the blocking comments before publishing.")}
	}
	return nil
}

// WillBePublic says whether article is public at now or scheduled to become public later.
func WillBePublic(article *core.Record, now time.Time) bool {
	return article.GetString("status") == publishing.StatusPublished && !publishing.Unpublished(article, now)
}

// HoldScheduled takes a scheduled article that is not public yet back to in review when a
// blocking comment is opened on it (created, reopened or made blocking), in the comment's
// transaction, so it cannot go live at its time on its own. It reports whether it did.
func HoldScheduled(app core.App, c *core.Record, now time.Time) (bool, error) {
	if !c.GetBool("blocking") || c.GetBool("resolved") {
		return false, nil
	}
	article, err := app.FindRecordById("articles", c.GetString("article"))
	if err != nil {
		return false, err
	}
	if !WillBePublic(article, now) || publishing.IsPublic(article, now) {
		return false, nil
	}
	article.Set("status", "in_review")
	return true, app.Save(article)
}

// DeleteFor removes an article's comments, in the article delete's transaction.
func DeleteFor(app core.App, articleID string) error {
	_, err := app.DB().Delete(Collection, dbx.HashExp{"article": articleID}).Execute()
	return err
}
