package hooks

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/routine"

	"recoverycms/internal/editorialcomments"
	"recoverycms/internal/staff"
)

// bindEditorialComments binds the life of an editorial comment, in order:
//
//  1. request: the author is the staff member signed in (whatever was sent); only the
//     author or an admin changes what a comment says, anyone on the staff resolves it;
//  2. save invariants, however it is saved: trimmed text, an existing article, article and
//     author fixed, resolved_by / resolved_at following resolved;
//  3. in the comment's transaction: an open blocking comment on a scheduled article takes it
//     back to in review, so it cannot go live at its time;
//  4. after commit: the staff members @mentioned are emailed.
//
// An unresolved blocking comment keeps its article from going live (bindArticles), and an
// article's comments go with it.
func bindEditorialComments(app core.App, now func() time.Time) {
	app.OnRecordCreateRequest(editorialcomments.Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		if staff.IsStaff(e.Auth) {
			e.Record.Set("author", e.Auth.Id)
		} else {
			e.Record.Set("author", "")
		}
		e.Record.Set("resolved", false)
		return e.Next()
	})
	app.OnRecordUpdateRequest(editorialcomments.Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		if err := editorialcomments.CheckChange(e.Auth, e.Record); err != nil {
			return err
		}
		if staff.IsStaff(e.Auth) {
			e.Record.Set(resolverKey, e.Auth.Id)
		}
		return e.Next()
	})
	prepare := func(e *core.RecordEvent) error {
		resolver, _ := e.Record.Get(resolverKey).(string)
		if err := editorialcomments.Prepare(e.App, e.Record, resolver, now()); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(editorialcomments.Collection).BindFunc(prepare)
	app.OnRecordUpdate(editorialcomments.Collection).BindFunc(prepare)
	// An open blocking comment on a scheduled article holds it back, in the comment's transaction.
	hold := func(e *core.RecordEvent) error {
		return withinTransaction(e, func(tx core.App) error {
			_, err := editorialcomments.HoldScheduled(tx, e.Record, now())
			return err
		})
	}
	app.OnRecordCreateExecute(editorialcomments.Collection).BindFunc(hold)
	app.OnRecordUpdateExecute(editorialcomments.Collection).BindFunc(hold)
	app.OnRecordAfterCreateSuccess(editorialcomments.Collection).BindFunc(func(e *core.RecordEvent) error {
		c := e.Record.Fresh()
		routine.FireAndForget(func() { editorialcomments.NotifyMentions(app, c) })
		return e.Next()
	})
}

// resolverKey carries the staff id of the request that saves a comment to the save hook
// (a custom key of the record instance, never stored).
const resolverKey = "@comment_resolver"
