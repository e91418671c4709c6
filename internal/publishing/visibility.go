// Package publishing decides what the public may read and keeps articles, authors and topics
// consistent on every save: the visibility rule (written once here, in Go and in SQL), the
// derived fields, slugs, revisions and draft preview tokens.
package publishing

import (
	"database/sql"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Article statuses.
const (
	StatusDraft     = "draft"
	StatusInReview  = "in_review"
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// Collections of published content.
const (
	Articles = "articles"
	Authors  = "authors"
	Topics   = "topics"
)

// PublicRule is the articles list and view rule for everyone but staff: published and due.
// The migrations' rule, the Go check IsPublic and the SQL PublicExp say the same thing.
const PublicRule = `status = "published" && published_at != "" && published_at <= @now`

// IsPublic reports whether the public may read article r at now: published and due.
func IsPublic(r *core.Record, now time.Time) bool {
	at := r.GetDateTime("published_at")
	return r.GetString("status") == StatusPublished && !at.IsZero() && !at.Time().After(now)
}

// PublicExp is IsPublic as a SQL condition on the articles table.
func PublicExp(now time.Time) dbx.Expression {
	return dbx.NewExp(`articles.status = 'published' AND articles.published_at != '' AND articles.published_at <= {:now}`,
		dbx.Params{"now": DBTime(now)})
}

// NextChange returns the published_at of the next published article due after now (the next
// moment what is public changes by itself), or the zero time when none is scheduled. It reads
// only the (status, published_at) index.
func NextChange(app core.App, now time.Time) (time.Time, error) {
	var next sql.NullString
	err := app.ConcurrentDB().Select("MIN(published_at)").From(Articles).
		Where(dbx.NewExp("status = 'published' AND published_at > {:now}", dbx.Params{"now": DBTime(now)})).
		Row(&next)
	if err != nil || !next.Valid || next.String == "" {
		return time.Time{}, err
	}
	d, err := types.ParseDateTime(next.String)
	if err != nil {
		return time.Time{}, err
	}
	return d.Time(), nil
}

// DBTime formats t the way PocketBase stores dates, so strings compare in time order.
func DBTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }
