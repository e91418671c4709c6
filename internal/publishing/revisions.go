package publishing

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// MaxRevisionsPerArticle is how many snapshots of one article are kept; older ones go.
const MaxRevisionsPerArticle = 50

// revisionStaffKey carries the signed-in staff id from the request hook to the save hook.
// It is a custom (non-field) key: Record.Set keeps it in memory on that record instance and
// it is neither persisted nor exported in API responses. Save-level hooks cannot see the
// request, and the records API saves with a background context, so the record itself is the
// one carrier both hooks share.
const revisionStaffKey = "@revision_staff"

// revisionFields are the article fields whose change makes a new revision.
var revisionFields = []string{"title", "summary", "body", "status"}

// RememberEditor notes on the record which staff member is saving it through the API, for
// its revision. Save-level hooks cannot see the request, and the records API saves with a
// background context, so the record itself is the one carrier both hooks share.
func RememberEditor(record, auth *core.Record) {
	if auth != nil && auth.Collection().Name == "staff" {
		record.Set(revisionStaffKey, auth.Id)
	}
}

// NeedsRevision reports whether a save creates the article or alters a field a revision records.
func NeedsRevision(record *core.Record) bool {
	if record.IsNew() {
		return true
	}
	original := record.Original()
	for _, f := range revisionFields {
		if record.GetString(f) != original.GetString(f) {
			return true
		}
	}
	return false
}

// SaveRevision stores a snapshot of article and drops the oldest beyond the limit.
//
// It writes through the app's query builder rather than app.Save: a revision is a server-owned
// log line with nothing to derive, and keeping it out of the record hooks means an article save
// fires exactly the hook events it always did (API tests count them) and no realtime message
// announces a revision. e.App's builder is the transaction's when the article save runs in one.
func (s *Service) SaveRevision(app core.App, article *core.Record) error {
	_, err := app.DB().Insert("article_revisions", dbx.Params{
		"id":      core.GenerateDefaultRandomId(),
		"article": article.Id,
		"staff":   article.GetString(revisionStaffKey),
		"title":   article.GetString("title"),
		"summary": article.GetString("summary"),
		"body":    article.GetString("body"),
		"status":  article.GetString("status"),
		"created": DBTime(s.now()),
	}).Execute()
	if err != nil {
		return err
	}
	article.Set(revisionStaffKey, "")
	return pruneRevisions(app, article.Id)
}

// DeleteRevisions removes every revision of a deleted article, in the delete's transaction.
func DeleteRevisions(app core.App, articleID string) error {
	_, err := app.DB().Delete("article_revisions", dbx.HashExp{"article": articleID}).Execute()
	return err
}

// pruneRevisions keeps the newest MaxRevisionsPerArticle revisions of one article.
func pruneRevisions(app core.App, articleID string) error {
	_, err := app.DB().NewQuery(`DELETE FROM article_revisions WHERE article = {:article} AND id NOT IN (
		SELECT id FROM article_revisions WHERE article = {:article} ORDER BY created DESC, rowid DESC LIMIT {:keep})`).
		Bind(dbx.Params{"article": articleID, "keep": MaxRevisionsPerArticle}).
		Execute()
	return err
}
