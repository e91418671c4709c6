package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/comments"
	"recoverycms/internal/contentcache"
	"recoverycms/internal/publishing"
)

// bindComments binds the life of a reader comment, in order:
//
//  1. request: a public create is guarded (rate limit per network, honeypot) and made
//     pending with only article, display name and body from the client; a staff update
//     names its moderator;
//  2. save invariants, however it is saved: trimmed text, a public article with comments
//     open, flags computed by the server, moderation fields and the original body of a
//     redacted copy kept by the server;
//  3. in the change's transaction: the moderation log (comment_events);
//  4. after commit: the response cache is emptied (articles show their approved comments).
//
// A deleted article's comments are deleted with it.
//
// Enrich adds the answer's note and help to a submission and shows the original body to staff.
func bindComments(app core.App, svc *comments.Service, cache *contentcache.Cache) {
	app.OnRecordCreateRequest(comments.Collection).BindFunc(svc.GuardSubmission)
	app.OnRecordUpdateRequest(comments.Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Auth != nil {
			e.Record.Set(comments.ModeratorKey, e.Auth.Id)
		}
		return e.Next()
	})
	prepare := func(e *core.RecordEvent) error {
		if err := svc.Prepare(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(comments.Collection).BindFunc(prepare)
	app.OnRecordUpdate(comments.Collection).BindFunc(prepare)
	app.OnRecordUpdateExecute(comments.Collection).BindFunc(func(e *core.RecordEvent) error {
		return withinTransaction(e, func(tx core.App) error { return comments.LogChanges(tx, e.Record) })
	})
	app.OnRecordEnrich(comments.Collection).BindFunc(svc.Enrich)
	invalidateAfterCommit(app, cache, comments.Collection)
	// An article's comments go with it, in the delete's transaction (their log stays).
	app.OnRecordDelete(publishing.Articles).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return comments.DeleteOf(e.App, e.Record.Id)
	})
	// Comments are open on a new article unless its creator closes them.
	app.OnRecordCreateRequest(publishing.Articles).BindFunc(func(e *core.RecordRequestEvent) error {
		if info, err := e.RequestInfo(); err == nil {
			if _, sent := info.Body["comments_open"]; !sent {
				e.Record.Set("comments_open", true)
			}
		}
		return e.Next()
	})
}
