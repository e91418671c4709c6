package hooks

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
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

// registerRevisions snapshots an article into article_revisions whenever its title, summary,
// body or status changes, however it is saved (panel, API, import, Go code). The snapshot is
// written with the app of the save, so inside a transaction it commits or rolls back with
// the article.
func registerRevisions(app core.App) {
	rememberStaff := func(e *core.RecordRequestEvent) error {
		if e.Auth != nil && e.Auth.Collection().Name == "staff" {
			e.Record.Set(revisionStaffKey, e.Auth.Id)
		}
		return e.Next()
	}
	app.OnRecordCreateRequest("articles").BindFunc(rememberStaff)
	app.OnRecordUpdateRequest("articles").BindFunc(rememberStaff)

	snapshot := func(e *core.RecordEvent) error {
		changed := e.Record.IsNew() || revisionFieldsChanged(e.Record)
		if err := e.Next(); err != nil {
			return err
		}
		if !changed {
			return nil
		}
		return saveRevision(e.App, e.Record)
	}
	app.OnRecordCreate("articles").BindFunc(snapshot)
	app.OnRecordUpdate("articles").BindFunc(snapshot)

	app.OnRecordDelete("articles").BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		_, err := e.App.DB().Delete("article_revisions", dbx.HashExp{"article": e.Record.Id}).Execute()
		return err
	})
}

// revisionFieldsChanged reports whether a save alters any field a revision records.
func revisionFieldsChanged(record *core.Record) bool {
	original := record.Original()
	for _, f := range revisionFields {
		if record.GetString(f) != original.GetString(f) {
			return true
		}
	}
	return false
}

// saveRevision stores a snapshot of article and drops the oldest beyond the limit.
//
// It writes through the app's query builder rather than app.Save: a revision is a server-owned
// log line with nothing to derive, and keeping it out of the record hooks means an article save
// fires exactly the hook events it always did (API tests count them) and no realtime message
// announces a revision. e.App's builder is the transaction's when the article save runs in one.
func saveRevision(app core.App, article *core.Record) error {
	_, err := app.DB().Insert("article_revisions", dbx.Params{
		"id":      core.GenerateDefaultRandomId(),
		"article": article.Id,
		"staff":   article.GetString(revisionStaffKey),
		"title":   article.GetString("title"),
		"summary": article.GetString("summary"),
		"body":    article.GetString("body"),
		"status":  article.GetString("status"),
		"created": types.NowDateTime().String(),
	}).Execute()
	if err != nil {
		return err
	}
	article.Set(revisionStaffKey, "")
	return pruneRevisions(app, article.Id)
}

// pruneRevisions keeps the newest MaxRevisionsPerArticle revisions of one article.
func pruneRevisions(app core.App, articleID string) error {
	_, err := app.DB().NewQuery(`DELETE FROM article_revisions WHERE article = {:article} AND id NOT IN (
		SELECT id FROM article_revisions WHERE article = {:article} ORDER BY created DESC, rowid DESC LIMIT {:keep})`).
		Bind(dbx.Params{"article": articleID, "keep": MaxRevisionsPerArticle}).
		Execute()
	return err
}
