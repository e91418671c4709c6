package publishing

import (
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"
)

// loadedVersionKey carries the If-Match value of an update request from the request hook to
// the save's transaction, like revisionStaffKey: a custom key, never stored or exported.
const loadedVersionKey = "@loaded_updated"

// RememberLoadedVersion notes on record the `updated` value the editor loaded, sent as the
// request's If-Match header (quoted or not; "*" or no header means "save whatever is
// stored"). A value that is not a date is a field error on updated.
func RememberLoadedVersion(record *core.Record, ifMatch string) error {
	v := strings.TrimSpace(ifMatch)
	v = strings.TrimPrefix(v, "W/")
	v = strings.Trim(v, `"`)
	if v == "" || v == "*" {
		return nil
	}
	loaded, err := types.ParseDateTime(v)
	if err != nil || loaded.IsZero() {
		return validation.Errors{"updated": validation.NewError("if_match_invalid",
			"If-Match must be the article's updated value as it was loaded.")}
	}
	record.Set(loadedVersionKey, loaded.String())
	return nil
}

// CheckEditConflict refuses the update of article when someone saved it after the editor
// loaded it (RememberLoadedVersion): a 409 with data.updated.code = edit_conflict and the
// stored article in data.current, for the editor to compare and merge. Run it inside the
// save's transaction, before the row is written: transactions take the write lock when they
// begin, so no other save can slip in between the check and the write.
func CheckEditConflict(app core.App, article *core.Record) error {
	loaded := article.GetString(loadedVersionKey)
	if loaded == "" || article.IsNew() {
		return nil
	}
	var stored string
	if err := app.DB().Select("updated").From(Articles).Where(dbx.HashExp{"id": article.Id}).Row(&stored); err != nil {
		return err
	}
	if stored == loaded {
		return nil
	}
	current, err := app.FindRecordById(Articles, article.Id)
	if err != nil {
		return err
	}
	conflict := router.NewApiError(http.StatusConflict, "Someone else saved this article after you opened it.",
		validation.Errors{"updated": validation.NewError("edit_conflict",
			"Someone else saved this article after you opened it; compare their changes with yours.")})
	conflict.Data["current"] = current.PublicExport()
	return conflict
}
