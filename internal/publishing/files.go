package publishing

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// MayDownload reports whether the caller may download a file (a cover or one of its thumbs) of
// article r at now: anyone once the article is public, otherwise staff and superusers only.
// PocketBase checks the view rule for protected file fields alone, so without this a draft's
// cover would be served to anyone who had or guessed its URL. auth is the caller from the
// Authorization header, or from a file token (?token=, which links in the panel carry).
func MayDownload(app core.App, r *core.Record, auth *core.Record, token string, now time.Time) bool {
	if IsPublic(r, now) {
		return true
	}
	if auth == nil && token != "" {
		auth, _ = app.FindAuthRecordByToken(token, core.TokenTypeFile)
	}
	return staff.IsStaff(auth) || (auth != nil && auth.IsSuperuser())
}
