package review

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// grantKey marks the one save that may write the review fields: an approval (the value is
// the clinician's staff id) or an import carrying a review already done ("import"). Like
// publishing's revision key it is a custom key of the record instance, never stored.
const grantKey = "@review_grant"

// grantImport is grantKey's value for an imported review.
const grantImport = "import"

// serverOwned are the article fields only an approval or an import writes.
var serverOwned = []string{"reviewed_by", "reviewed_at", "reviewed_hash"}

// MarkImported lets this save of article carry the reviewed_by and reviewed_at it has (from a
// content file): the review is taken as done for the text being saved and recorded as
// imported. Only the import command and fixtures call it.
func MarkImported(article *core.Record) { article.Set(grantKey, grantImport) }

// grant is the staff id of an approval, "import", or "" for an ordinary save.
func grant(article *core.Record) string {
	v, _ := article.Get(grantKey).(string)
	return v
}

// Guard refuses a save that writes reviewed_by, reviewed_at or reviewed_hash without an
// approval or import behind it, however the article is saved (panel, API, dashboard, Go code):
// data.reviewed_by.code = clinician_required.
func Guard(article *core.Record) error {
	if grant(article) != "" {
		return nil
	}
	original := article.Original()
	for _, f := range serverOwned {
		before := ""
		if !article.IsNew() {
			before = original.GetString(f)
		}
		if article.GetString(f) != before {
			return validation.Errors{"reviewed_by": validation.NewError("clinician_required",
				"Only a clinician can sign off an article, with the Approve action.")}
		}
	}
	return nil
}
