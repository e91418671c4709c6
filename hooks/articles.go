package hooks

import (
	"encoding/json"
	"errors"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/markdown"
)

// Article statuses.
const (
	StatusDraft     = "draft"
	StatusInReview  = "in_review"
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// registerArticles derives every server-owned article field on each save, however the record
// is saved (API, dashboard, import, Go code).
func registerArticles(app core.App, md *markdown.Renderer) {
	derive := func(e *core.RecordEvent) error {
		if err := deriveArticleFields(e.App, e.Record, md); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate("articles").BindFunc(derive)
	app.OnRecordUpdate("articles").BindFunc(derive)
}

// deriveArticleFields renders the body and overwrites body_html, toc, word_count and
// reading_minutes; fills an empty slug or summary; stamps published_at on first publish.
func deriveArticleFields(app core.App, record *core.Record, md *markdown.Renderer) error {
	if err := validateArticleInput(record); err != nil {
		return err
	}
	if record.GetString("status") == "" {
		record.Set("status", StatusDraft)
	}

	result, err := md.Render(record.GetString("body"))
	if err != nil {
		return renderError("body", err)
	}
	toc, err := json.Marshal(nonNilTOC(result.TOC))
	if err != nil {
		return err
	}
	record.Set("body_html", result.HTML)
	record.Set("toc", types.JSONRaw(toc))
	record.Set("word_count", result.WordCount)
	record.Set("reading_minutes", max(1, result.ReadingMinutes))

	deriveSummary(record, result.Summary)

	if record.GetString("status") == StatusPublished && record.GetDateTime("published_at").IsZero() {
		record.Set("published_at", types.NowDateTime())
	}
	return assignSlug(app, record, "title", "article")
}

// deriveSummary fills an empty summary from the first paragraph. A summary that was itself
// derived from the previous body (read from the stored HTML, not rendered again) follows
// the body when it changes.
func deriveSummary(record *core.Record, derived string) {
	summary := strings.TrimSpace(record.GetString("summary"))
	if summary != "" && !record.IsNew() {
		original := record.Original()
		if original.GetString("body") != record.GetString("body") &&
			summary == strings.TrimSpace(original.GetString("summary")) &&
			summary == markdown.Describe(original.GetString("body_html")).Summary {
			summary = ""
		}
	}
	if summary == "" {
		summary = derived
	}
	record.Set("summary", summary)
}

// validateArticleInput gives clear field errors for what the schema alone cannot express.
func validateArticleInput(record *core.Record) error {
	errs := validation.Errors{}
	if len(record.GetString("body")) > markdown.MaxSourceBytes {
		errs["body"] = validation.NewError("body_too_large", "The body must be at most 100 KB of markdown.")
	}
	if hasCover(record) && strings.TrimSpace(record.GetString("cover_alt")) == "" {
		errs["cover_alt"] = validation.NewError("cover_alt_required", "Describe the cover image for people who cannot see it.")
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// hasCover reports whether the article keeps or receives a cover image. A new upload is a
// file value, not yet a file name, so the stored name alone would miss it.
func hasCover(record *core.Record) bool {
	return record.GetString("cover") != "" || len(record.GetUnsavedFiles("cover")) > 0
}

// renderError turns a pipeline failure into a field error on field.
func renderError(field string, err error) error {
	if errors.Is(err, markdown.ErrTooComplex) {
		return validation.Errors{field: validation.NewError(field+"_too_complex",
			"The tables in this text are too large; split them into smaller tables.")}
	}
	return validation.Errors{field: validation.NewError(field+"_unrenderable", "This text could not be rendered.")}
}

func nonNilTOC(toc []markdown.Heading) []markdown.Heading {
	if toc == nil {
		return []markdown.Heading{}
	}
	return toc
}
