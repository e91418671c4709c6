package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/markdown"
)

// registerAuthors renders each author's bio and keeps their slug unique on every save.
func registerAuthors(app core.App, md *markdown.Renderer) {
	derive := func(e *core.RecordEvent) error {
		if err := deriveAuthorFields(e.App, e.Record, md); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate("authors").BindFunc(derive)
	app.OnRecordUpdate("authors").BindFunc(derive)
}

// deriveAuthorFields overwrites bio_html with the rendered bio and fills an empty slug from the name.
func deriveAuthorFields(app core.App, record *core.Record, md *markdown.Renderer) error {
	result, err := md.Render(record.GetString("bio"))
	if err != nil {
		return renderError("bio", err)
	}
	record.Set("bio_html", result.HTML)
	return assignSlug(app, record, "name", "author")
}
