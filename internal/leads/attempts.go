package leads

import (
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// AttemptsCollection logs every phone call made to a lead (migration 1764900000).
const AttemptsCollection = "call_attempts"

// ErrAttemptsReadOnly is returned for any edit or delete of a call attempt: like the audit
// trail, the log of calls is a record of what happened.
var ErrAttemptsReadOnly = errors.New("call attempts are a record of calls made and cannot be changed or deleted")

// attemptStaffFields are the hidden call_attempts fields shown to reviewers and admins.
var attemptStaffFields = []string{"staff", "notes"}

// PrepareAttempt stamps a new call attempt with the server's clock and checks that its lead
// exists. It belongs in a save-level create hook; who made the call is set by AuditAttempt
// from the request (Go code sets staff itself).
func (s *Service) PrepareAttempt(app core.App, r *core.Record) error {
	r.Set("at", s.now().UTC())
	r.Set("notes", strings.TrimSpace(r.GetString("notes")))
	lead := strings.TrimSpace(r.GetString("lead"))
	r.Set("lead", lead)
	if lead == "" {
		return validation.Errors{"lead": validation.NewError("lead_required", "Say which lead was called.")}
	}
	if _, err := app.FindRecordById(LeadsCollection, lead); errors.Is(err, sql.ErrNoRows) {
		return validation.Errors{"lead": validation.NewError("lead_missing", "There is no such lead.")}
	} else if err != nil {
		return err
	}
	return nil
}

// AuditAttempt saves a call attempt made through the API as the caller's (staff is always
// the signed-in staff member, whatever was sent) and records it on the lead's trail, in one
// transaction; the answer is written after the commit.
func AuditAttempt(e *core.RecordRequestEvent) error {
	actor := ActorFromAuth(e.Auth)
	e.Record.Set("staff", actor.Staff)
	return nextInTransaction(e, func(tx core.App) error {
		return RecordEvent(tx, e.Record.GetString("lead"), actor, ActionAttempt, "", e.Record.GetString("outcome"))
	})
}

// GuardAttemptUpdate keeps call_attempts append-only in a save-level update hook; the one
// change allowed is PocketBase emptying staff when that staff member is deleted.
func GuardAttemptUpdate(e *core.RecordEvent) error {
	if onlyStaffCleared(e.Record) {
		return e.Next()
	}
	return ErrAttemptsReadOnly
}

// RefuseAttemptDelete refuses every delete of a call attempt, in a save-level delete hook.
func RefuseAttemptDelete(e *core.RecordEvent) error { return ErrAttemptsReadOnly }

// EnrichAttempt shows reviewers and admins who made a call and its notes.
func EnrichAttempt(e *core.RecordEnrichEvent) error {
	if staff.Has(enrichAuth(e), staff.LeadReviewers...) {
		e.Record.Unhide(attemptStaffFields...)
	}
	return e.Next()
}

// StripAttempts empties the notes of the given leads' call attempts (free text that may name
// the person), keeping who called when and with what outcome. Like StripEvents it writes
// below the record API, which refuses every edit.
func StripAttempts(app core.App, leadIDs ...string) error {
	if len(leadIDs) == 0 {
		return nil
	}
	_, err := app.DB().Update(AttemptsCollection, dbx.Params{"notes": ""},
		dbx.In("lead", anySlice(leadIDs)...)).Execute()
	return err
}

// attemptInput is the body of POST /api/cms/leads/{id}/attempts.
type attemptInput struct {
	Outcome string `json:"outcome" form:"outcome"`
	Notes   string `json:"notes" form:"notes"`
}

// LogAttempt answers POST /api/cms/leads/{id}/attempts {"outcome": ..., "notes": ...}: it
// stores the call as made by the signed-in staff member at the server's time and records it
// on the lead's trail, in one transaction, and answers the stored attempt after the commit.
// It checks no role itself: bind it behind staff.Require(..., staff.LeadReviewers...).
func (s *Service) LogAttempt(e *core.RequestEvent) error {
	var in attemptInput
	if err := e.BindBody(&in); err != nil {
		return e.BadRequestError("The call attempt must be a JSON object with outcome and notes as text.", err)
	}
	leadID := e.Request.PathValue("id")
	if _, err := e.App.FindRecordById(LeadsCollection, leadID); errors.Is(err, sql.ErrNoRows) {
		return e.NotFoundError("Missing callback lead.", err)
	} else if err != nil {
		return err
	}
	col, err := e.App.FindCachedCollectionByNameOrId(AttemptsCollection)
	if err != nil {
		return err
	}
	attempt := core.NewRecord(col)
	attempt.Set("lead", leadID)
	attempt.Set("outcome", in.Outcome)
	attempt.Set("notes", in.Notes)
	actor := ActorFromAuth(e.Auth)
	attempt.Set("staff", actor.Staff)
	err = e.App.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(attempt); err != nil {
			return err
		}
		return RecordEvent(tx, leadID, actor, ActionAttempt, "", attempt.GetString("outcome"))
	})
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		return e.BadRequestError("The call attempt is not valid.", verrs)
	}
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{
		"id": attempt.Id, "lead": leadID, "staff": attempt.GetString("staff"), "at": attempt.GetString("at"),
		"outcome": attempt.GetString("outcome"), "notes": attempt.GetString("notes"),
	})
}
