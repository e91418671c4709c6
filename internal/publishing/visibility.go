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

// PublicRule is the articles list and view rule for everyone but staff: published, due, and
// not past its scheduled unpublish (unpublish_at, optional). The migrations' rule, the Go
// check IsPublic and the SQL PublicExp say the same thing.
const PublicRule = `status = "published" && published_at != "" && published_at <= @now && (unpublish_at = "" || unpublish_at > @now)`

// IsPublic reports whether the public may read article r at now: published, due and not yet
// taken down by its unpublish_at.
func IsPublic(r *core.Record, now time.Time) bool {
	at := r.GetDateTime("published_at")
	return r.GetString("status") == StatusPublished && !at.IsZero() && !at.Time().After(now) && !Unpublished(r, now)
}

// Unpublished reports whether article r's scheduled unpublish has come by now.
func Unpublished(r *core.Record, now time.Time) bool {
	until := r.GetDateTime("unpublish_at")
	return !until.IsZero() && !until.Time().After(now)
}

// PublicExp is IsPublic as a SQL condition on the articles table.
func PublicExp(now time.Time) dbx.Expression {
	return dbx.NewExp(`articles.status = 'published' AND articles.published_at != '' AND articles.published_at <= {:now}`+
		` AND (articles.unpublish_at = '' OR articles.unpublish_at > {:now})`,
		dbx.Params{"now": DBTime(now)})
}

// NextChange returns the next moment after now at which what is public changes by itself: a
// published article's published_at coming, or its unpublish_at. It is the zero time when
// nothing is scheduled, and reads only the (status, published_at) and (status, unpublish_at)
// indexes.
func NextChange(app core.App, now time.Time) (time.Time, error) {
	var next time.Time
	for _, column := range []string{"published_at", "unpublish_at"} {
		at, err := nextScheduled(app, column, now)
		if err != nil {
			return time.Time{}, err
		}
		if !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	return next, nil
}

// nextScheduled is the earliest value of column after now among published articles.
func nextScheduled(app core.App, column string, now time.Time) (time.Time, error) {
	var next sql.NullString
	err := app.ConcurrentDB().Select("MIN(" + column + ")").From(Articles).
		Where(dbx.NewExp("status = 'published' AND "+column+" > {:now}", dbx.Params{"now": DBTime(now)})).
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
