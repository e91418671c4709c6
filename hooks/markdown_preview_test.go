package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/markdown"
)

// TestPreviewByRole renders markdown for staff and superusers only, with the server's own
// sanitizing pipeline, and refuses oversized markdown with a field error.
func TestPreviewByRole(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	doc := map[string]any{"markdown": "# Ignored h1\n\n## Getting help\n\nCall us.\n\n<script>alert(1)</script>\n\n### Tonight\n\nRest."}
	rendered := []string{
		`"html":"`,
		`\u003ch2 id=\"h-getting-help\"\u003eGetting help\u003c/h2\u003e`,
		`"toc":[{`,
		`"id":"h-tonight"`,
		`"word_count":`,
		`"reading_minutes":1`,
	}
	events := map[string]int{"*": 0}
	scenarios := []tests.ApiScenario{
		{Name: "guest is refused", Method: http.MethodPost, URL: "/api/cms/preview",
			Body: jsonBody(t, doc), ExpectedStatus: 401, ExpectedContent: []string{`"data":{}`},
			ExpectedEvents: events},
		{Name: "outsider of another auth collection is refused", Method: http.MethodPost, URL: "/api/cms/preview",
			Headers: map[string]string{"Authorization": hookstest.Token(t, app, hookstest.OutsiderEmail)},
			Body:    jsonBody(t, doc), ExpectedStatus: 403, ExpectedContent: []string{`"data":{}`},
			ExpectedEvents: events},
		{Name: "editor previews", Method: http.MethodPost, URL: "/api/cms/preview",
			Headers: map[string]string{"Authorization": hookstest.Token(t, app, hookstest.EditorEmail)},
			Body:    jsonBody(t, doc), ExpectedStatus: 200, ExpectedContent: rendered,
			NotExpectedContent: []string{`script`, `alert`}, ExpectedEvents: events},
		{Name: "reviewer previews", Method: http.MethodPost, URL: "/api/cms/preview",
			Headers: map[string]string{"Authorization": hookstest.Token(t, app, hookstest.ReviewerEmail)},
			Body:    jsonBody(t, doc), ExpectedStatus: 200, ExpectedContent: rendered, ExpectedEvents: events},
		{Name: "admin previews", Method: http.MethodPost, URL: "/api/cms/preview",
			Headers: map[string]string{"Authorization": hookstest.Token(t, app, hookstest.AdminEmail)},
			Body:    jsonBody(t, doc), ExpectedStatus: 200, ExpectedContent: rendered, ExpectedEvents: events},
		{Name: "superuser previews", Method: http.MethodPost, URL: "/api/cms/preview",
			Headers: map[string]string{"Authorization": hookstest.Token(t, app, hookstest.SuperuserEmail)},
			Body:    jsonBody(t, doc), ExpectedStatus: 200, ExpectedContent: rendered, ExpectedEvents: events},
		{Name: "empty markdown gives an empty preview", Method: http.MethodPost, URL: "/api/cms/preview",
			Headers: map[string]string{"Authorization": hookstest.Token(t, app, hookstest.EditorEmail)},
			Body:    strings.NewReader(`{}`), ExpectedStatus: 200,
			ExpectedContent: []string{`"html":""`, `"toc":[]`, `"word_count":0`}, ExpectedEvents: events},
		{Name: "markdown over 100 KB is a field error", Method: http.MethodPost, URL: "/api/cms/preview",
			Headers:        map[string]string{"Authorization": hookstest.Token(t, app, hookstest.EditorEmail)},
			Body:           jsonBody(t, map[string]any{"markdown": strings.Repeat("a", markdown.MaxSourceBytes+1)}),
			ExpectedStatus: 400, ExpectedContent: []string{`"markdown":{"code":"markdown_too_large"`},
			ExpectedEvents: events},
		{Name: "malformed JSON is a 400", Method: http.MethodPost, URL: "/api/cms/preview",
			Headers: map[string]string{"Authorization": hookstest.Token(t, app, hookstest.EditorEmail)},
			Body:    strings.NewReader(`{"markdown":`), ExpectedStatus: 400,
			ExpectedContent: []string{`"message":"The preview request could not be read."`}, ExpectedEvents: events},
	}
	for _, s := range scenarios {
		s.TestAppFactory = hookstest.Factory
		s.Test(t)
	}
}
