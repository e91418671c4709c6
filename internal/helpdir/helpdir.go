// Package helpdir is the help directory: helplines, text lines, services, support groups and
// websites a reader can turn to now. It validates and normalises a resource on every save
// (phone numbers, country, opening hours, languages), keeps the verification fields
// server-owned, says whether a resource is open at an instant in its own time zone, describes
// it in schema.org JSON-LD, flags resources nobody has re-verified for StaleAfter, and imports
// the sample resources.
package helpdir

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Collection is the collection of help resources.
const Collection = "resources"

// Kinds are the kinds of resource, in the order the panel offers them.
var Kinds = []string{"helpline", "text_line", "service", "support_group", "website"}

// StaleAfter is how long a resource's number and hours count as checked: after that editors
// are asked to re-verify it (the stale list and the daily editorial email).
const StaleAfter = 180 * 24 * time.Hour

// PublishedExp selects the resources the public may see: published ones.
func PublishedExp() dbx.Expression { return dbx.HashExp{Collection + ".status": "published"} }

// Service holds the clock of verification times and of staleness.
type Service struct {
	now func() time.Time
}

// New builds the help directory service with the clock now (nil means time.Now).
func New(now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{now: now}
}

// NextChange is the first instant after t at which a published resource opens or closes, or
// the zero time when none will: answers that say what is open now (articles' help blocks)
// expire then, without a save.
func NextChange(app core.App, t time.Time) (time.Time, error) {
	var records []*core.Record
	if err := app.RecordQuery(Collection).Where(PublishedExp()).All(&records); err != nil {
		return time.Time{}, err
	}
	var next time.Time
	for _, r := range records {
		if at := StoredHours(r).NextChange(t); !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	return next, nil
}
