// Package presence tells editors who else has an article open in the panel: each open editor
// sends a heartbeat, the server keeps one row per article and staff member with the time it
// was last seen, and the others read the rows (and hear of changes over realtime). Rows not
// refreshed within Stale are gone for everyone.
package presence

import (
	"database/sql"
	"errors"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Collection holds the presence rows.
const Collection = "article_presence"

// Stale is how long after its last heartbeat a staff member no longer counts as present; the
// panel sends one every 20 seconds.
const Stale = time.Minute

// Person is someone else with the article open.
type Person struct {
	Staff  string `json:"staff"`
	Name   string `json:"name"`
	SeenAt string `json:"seen_at"`
}

// Service answers the presence routes with the app's clock.
type Service struct{ now func() time.Time }

// New builds the service; now nil means time.Now.
func New(now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{now: now}
}

// Heartbeat answers POST /api/cms/articles/{id}/presence: the signed-in staff member has the
// article open now; the answer lists the others who have ({present: [...]}) . Rows gone stale
// anywhere are removed on the way.
func (s *Service) Heartbeat(e *core.RequestEvent) error {
	article, err := e.App.FindRecordById("articles", e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Missing article.", err)
	}
	now := s.now().UTC()
	if _, err := e.App.DB().Delete(Collection, dbx.NewExp("seen_at < {:cutoff}",
		dbx.Params{"cutoff": now.Add(-Stale).Format(time.DateTime + ".000Z")})).Execute(); err != nil {
		return err
	}
	row, err := e.App.FindFirstRecordByFilter(Collection, "article = {:a} && staff = {:s}",
		dbx.Params{"a": article.Id, "s": e.Auth.Id})
	if errors.Is(err, sql.ErrNoRows) {
		col, cerr := e.App.FindCachedCollectionByNameOrId(Collection)
		if cerr != nil {
			return cerr
		}
		row = core.NewRecord(col)
		row.Set("article", article.Id)
		row.Set("staff", e.Auth.Id)
	} else if err != nil {
		return err
	}
	row.Set("name", e.Auth.GetString("name"))
	row.Set("seen_at", now)
	if err := e.App.Save(row); err != nil {
		return err
	}
	others, err := s.Others(e.App, article.Id, e.Auth.Id)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"present": others})
}

// List answers GET /api/cms/articles/{id}/presence: who else has the article open, without
// counting the caller as present ({present: [...]}).
func (s *Service) List(e *core.RequestEvent) error {
	others, err := s.Others(e.App, e.Request.PathValue("id"), e.Auth.Id)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"present": others})
}

// Leave answers DELETE /api/cms/articles/{id}/presence: the editor was closed.
func (s *Service) Leave(e *core.RequestEvent) error {
	row, err := e.App.FindFirstRecordByFilter(Collection, "article = {:a} && staff = {:s}",
		dbx.Params{"a": e.Request.PathValue("id"), "s": e.Auth.Id})
	if err == nil {
		if err := e.App.Delete(row); err != nil {
			return err
		}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return e.NoContent(http.StatusNoContent)
}

// Others lists the staff other than self seen on article within Stale, longest there first.
func (s *Service) Others(app core.App, article, self string) ([]Person, error) {
	rows, err := app.FindRecordsByFilter(Collection, "article = {:a} && staff != {:s} && seen_at >= {:cutoff}",
		"seen_at", 50, 0, dbx.Params{"a": article, "s": self, "cutoff": s.now().UTC().Add(-Stale).Format(time.DateTime + ".000Z")})
	if err != nil {
		return nil, err
	}
	out := make([]Person, 0, len(rows))
	for _, r := range rows {
		out = append(out, Person{Staff: r.GetString("staff"), Name: r.GetString("name"), SeenAt: r.GetDateTime("seen_at").String()})
	}
	return out, nil
}
