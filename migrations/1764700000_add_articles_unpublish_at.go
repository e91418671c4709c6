package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ruleLiveOrStaff lets anyone read a published article whose time has come and whose
// scheduled unpublish (unpublish_at, optional) has not, and staff read everything.
const ruleLiveOrStaff = `(status = "published" && published_at != "" && published_at <= @now && (unpublish_at = "" || unpublish_at > @now)) || ` + ruleIsStaff

// The covering indexes of the public list and of the visibility check gain unpublish_at, the
// last column of the row (past the 8 KB body), so neither reads table rows again.
const (
	publicListColumns        = "status, published_at, id, slug, title, summary, updated, reading_minutes, cover, cover_alt, author, topics"
	visibilityColumns        = "id, status, published_at"
	publicListIndexUnpublish = "idx_articles_public_list_v2"
	visibilityIndexUnpublish = "idx_articles_visibility_v2"
	unpublishScheduleIndex   = "idx_articles_status_unpublish_at"
)

func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		c.Fields.Add(&core.DateField{Name: "unpublish_at"})
		c.ListRule = types.Pointer(ruleLiveOrStaff)
		c.ViewRule = types.Pointer(ruleLiveOrStaff)
		c.RemoveIndex(publicListIndex)
		c.RemoveIndex(visibilityIndex)
		c.AddIndex(publicListIndexUnpublish, false, publicListColumns+", unpublish_at", "")
		c.AddIndex(visibilityIndexUnpublish, false, visibilityColumns+", unpublish_at", "")
		c.AddIndex(unpublishScheduleIndex, false, "status, unpublish_at", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		c.RemoveIndex(publicListIndexUnpublish)
		c.RemoveIndex(visibilityIndexUnpublish)
		c.RemoveIndex(unpublishScheduleIndex)
		c.AddIndex(publicListIndex, false, publicListColumns, "")
		c.AddIndex(visibilityIndex, false, visibilityColumns, "")
		c.ListRule = types.Pointer(rulePublishedOrStaff)
		c.ViewRule = types.Pointer(rulePublishedOrStaff)
		c.Fields.RemoveByName("unpublish_at")
		return app.Save(c)
	})
}
