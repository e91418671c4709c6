package linkcheck

import (
	"errors"
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// BrokenLink is one broken link of one article, as the panel lists it.
type BrokenLink struct {
	ID           string `db:"id" json:"id"`
	Article      string `db:"article" json:"article"`
	Title        string `db:"title" json:"title"`
	Slug         string `db:"slug" json:"slug"`
	URL          string `db:"url" json:"url"`
	Status       int    `db:"status" json:"status"`
	Error        string `db:"error" json:"error"`
	FailingSince string `db:"failing_since" json:"failing_since"`
	CheckedAt    string `db:"checked_at" json:"checked_at"`
}

// Broken lists the current broken links, longest failing first; articleID, when not empty,
// keeps one article's.
func Broken(app core.App, articleID string) ([]BrokenLink, error) {
	q := app.DB().Select("lc.id", "lc.article", "COALESCE(a.title, '') AS title", "COALESCE(a.slug, '') AS slug",
		"lc.url", "lc.status", "lc.error", "lc.failing_since", "lc.checked_at").
		From(Collection+" lc").
		LeftJoin("articles a", dbx.NewExp("a.id = lc.article")).
		Where(dbx.NewExp("lc.ok = FALSE")).
		OrderBy("lc.failing_since", "title", "lc.url")
	if articleID != "" {
		q = q.AndWhere(dbx.HashExp{"lc.article": articleID})
	}
	items := []BrokenLink{}
	return items, q.All(&items)
}

// ListBroken answers GET /api/cms/editorial/broken-links (?article= for one article's) with
// {"items": [...], "count": n}.
func ListBroken(e *core.RequestEvent) error {
	items, err := Broken(e.App, e.Request.URL.Query().Get("article"))
	if err != nil {
		return e.InternalServerError("Failed to list broken links.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"items": items, "count": len(items)})
}

// RunNow answers POST /api/cms/editorial/link-check: it checks every link now and answers
// with the run's Summary, or 409 while another check runs.
func (s *Service) RunNow(e *core.RequestEvent) error {
	sum, err := s.Run(e.Request.Context(), e.App)
	if errors.Is(err, ErrRunning) {
		return e.Error(http.StatusConflict, "A link check is already running; try again when it ends.", err)
	}
	if err != nil {
		return e.InternalServerError("The link check did not finish.", err)
	}
	return e.JSON(http.StatusOK, sum)
}
