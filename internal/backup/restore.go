package backup

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// restoringKey marks, in app.Store(), a restore between its start and the process restart.
const restoringKey = "recoverycms.restoring"

// MarkRestore is an OnBackupRestore handler that flags the app as restoring while PocketBase's
// own restore runs (it moves pb_data aside, moves the archive's files in and re-executes the
// process). A write accepted in that window would land in the database being discarded, so
// RefuseWritesDuringRestore refuses writes for as long as the flag is set. On success the
// process is replaced before MarkRestore returns; the flag is cleared only when the restore
// returns (it failed, or nothing re-executed the process).
func MarkRestore(e *core.BackupEvent) error {
	e.App.Store().Set(restoringKey, true)
	defer e.App.Store().Remove(restoringKey)
	return e.Next()
}

// Restoring reports whether a restore is under way.
func Restoring(app core.App) bool { return app.Store().Has(restoringKey) }

// RefuseWritesDuringRestore is router middleware answering every request that may write
// (anything but GET, HEAD and OPTIONS) with 503 and Retry-After while a restore is under way,
// so no client is told "stored" about data the restore is about to discard; a form that
// retries then stores it in the restored database.
func RefuseWritesDuringRestore(e *core.RequestEvent) error {
	switch e.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return e.Next()
	}
	if Restoring(e.App) {
		e.Response.Header().Set("Retry-After", "30")
		return e.Error(http.StatusServiceUnavailable, "A backup is being restored, try again in a minute.", nil)
	}
	return e.Next()
}
