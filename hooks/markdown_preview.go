package hooks

import (
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/markdown"
)

// previewRequest is the body of POST /api/cms/preview.
type previewRequest struct {
	Markdown string `json:"markdown"`
}

// previewResponse is what the panel shows beside the editor: exactly what a save would store.
type previewResponse struct {
	HTML           string             `json:"html"`
	TOC            []markdown.Heading `json:"toc"`
	WordCount      int                `json:"word_count"`
	ReadingMinutes int                `json:"reading_minutes"`
}

// registerPreview binds POST /api/cms/preview for staff (and superusers): markdown in, the
// server's own rendered and sanitized HTML out, so the live preview never differs from the
// stored article.
func registerPreview(app core.App, md *markdown.Renderer) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.POST("/api/cms/preview", func(re *core.RequestEvent) error {
			return renderPreview(re, md)
		}).Bind(
			apis.RequireAuth("staff", core.CollectionNameSuperusers),
			// Room for JSON escaping; the 100 KB limit itself is a field error below.
			apis.BodyLimit(8*markdown.MaxSourceBytes),
		)
		return e.Next()
	})
}

// renderPreview answers one preview request.
func renderPreview(e *core.RequestEvent, md *markdown.Renderer) error {
	var body previewRequest
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("The preview request could not be read.", err)
	}
	if len(body.Markdown) > markdown.MaxSourceBytes {
		return e.BadRequestError("The markdown is too large to preview.", validation.Errors{
			"markdown": validation.NewError("markdown_too_large", "The body must be at most 100 KB of markdown."),
		})
	}
	result, err := md.Render(body.Markdown)
	if err != nil {
		return e.BadRequestError("The markdown could not be rendered.", validation.Errors{
			"markdown": validation.NewError("markdown_unrenderable", "The markdown could not be rendered."),
		})
	}
	return e.JSON(http.StatusOK, previewResponse{
		HTML:           result.HTML,
		TOC:            nonNilTOC(result.TOC),
		WordCount:      result.WordCount,
		ReadingMinutes: max(1, result.ReadingMinutes),
	})
}
