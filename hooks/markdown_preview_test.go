package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/markdown"
	"recoverycms/internal/publishing"
	"recoverycms/internal/readability"
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

// TestPreviewRateLimitPerStaffMember allows each signed-in account PreviewsPerWindow previews
// per window: the next gets 429 with Retry-After and one sentence, another account is not
// affected, and once the window has moved on the same account previews again.
func TestPreviewRateLimitPerStaffMember(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	clk := &clock{now: start}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now})
	mux := hookstest.Router(t, app)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	admin := hookstest.Token(t, app, hookstest.AdminEmail)
	preview := func(token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/api/cms/preview", strings.NewReader(`{"markdown":"Hello **there**."}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec
	}
	for i := range publishing.PreviewsPerWindow {
		if i == 1 {
			clk.Set(start.Add(10 * time.Second)) // the rest of the window's previews come later
		}
		if rec := preview(editor); rec.Code != http.StatusOK {
			t.Fatalf("preview %d: %d %s", i+1, rec.Code, rec.Body.String())
		}
	}
	rec := preview(editor)
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("preview over the limit: %d, want 429", rec.Code)
	}
	if got := rec.Header().Get("Retry-After"); got != "50" {
		t.Errorf("Retry-After = %q, want 50 (the first preview, 10 s earlier, leaves the window then)", got)
	}
	if body := rec.Body.String(); !strings.Contains(body, `"message":"Too many previews in the last minute; wait a moment and try again."`) || strings.Contains(body, `"html"`) {
		t.Errorf("429 body = %s", body)
	}
	if rec := preview(admin); rec.Code != http.StatusOK {
		t.Errorf("another account is limited too: %d", rec.Code)
	}
	// When the first preview leaves the window one more is allowed, and no more: refused
	// requests did not count.
	clk.Set(start.Add(publishing.PreviewWindow + time.Second))
	if rec := preview(editor); rec.Code != http.StatusOK {
		t.Fatalf("preview after the first left the window: %d", rec.Code)
	}
	rec = preview(editor)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "9" {
		t.Errorf("second preview after the window moved: %d, Retry-After %q; want 429 and 9",
			rec.Code, rec.Header().Get("Retry-After"))
	}
	clk.Set(start.Add(10*time.Second + publishing.PreviewWindow + time.Second))
	if rec := preview(editor); rec.Code != http.StatusOK {
		t.Errorf("preview once the whole window has passed: %d", rec.Code)
	}
}

// readableBody has a sentence of 26 words (counted by internal/readability), two terms of the
// default language list and one word that is not on it.
const readableBody = "## Getting help\n\nAddicts are people. " +
	"If you have been told you have a problem with substance abuse you can still ask us for help and we will " +
	"listen to you first.\n\nRelapse happens."

// TestPreviewAdvisesOnReadabilityAndLanguage answers the preview with the reading age, the
// long sentence at its rune offsets in the markdown, and the language hints with their
// suggestions; a save of the same markdown by the same editor succeeds, hints or not.
func TestPreviewAdvisesOnReadabilityAndLanguage(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	editor := map[string]string{"Authorization": hookstest.Token(t, app, hookstest.EditorEmail)}
	long := strings.Index(readableBody, "If you")
	scenarios := []tests.ApiScenario{
		{Name: "the preview carries readability and hints", Method: http.MethodPost, URL: "/api/cms/preview",
			Headers: editor, Body: jsonBody(t, map[string]any{"markdown": readableBody}), ExpectedStatus: 200,
			ExpectedContent: []string{
				`"readability":{"reading_age":`,
				`"sentences":4,"long_sentences":[{"text":"If you have been told`,
				`"start":` + strconv.Itoa(long) + `,"end":` + strconv.Itoa(len(readableBody)-len("\n\nRelapse happens.")) + `,"words":26}]`,
				`"language_hints":[{"term":"addict","text":"Addicts","suggestion":"person with a substance use disorder, or person who uses drugs","start":17,"end":24,`,
				`{"term":"substance abuse","text":"substance abuse","suggestion":"substance use",`,
			},
			NotExpectedContent: []string{`"term":"relapse"`, `"text":"Relapse"`},
			ExpectedEvents:     map[string]int{"*": 0}},
		{Name: "a save of the same markdown is not blocked", Method: http.MethodPost, URL: "/api/collections/articles/records",
			Headers: editor, Body: jsonBody(t, map[string]any{"title": "Asking for help", "author": authorID(t, app, "priya-nair"),
				"body": readableBody}), ExpectedStatus: 200,
			ExpectedContent:    []string{`"slug":"asking-for-help"`, `"status":"draft"`},
			NotExpectedContent: []string{`"readability"`, `"language_hints"`},
			ExpectedEvents:     createEvents},
	}
	for _, s := range scenarios {
		s.TestAppFactory = hookstest.Factory
		s.Test(t)
	}
}

// TestPreviewUsesTheConfiguredLanguageList checks wording against Options.LanguageHints
// instead of the default list.
func TestPreviewUsesTheConfiguredLanguageList(t *testing.T) {
	t.Parallel()
	list, err := readability.NewChecker([]readability.Term{{Term: "user", Suggestion: "person who uses drugs"}})
	if err != nil {
		t.Fatal(err)
	}
	app := hookstest.NewWithOptions(t, hooks.Options{LanguageHints: list})
	req := httptest.NewRequest(http.MethodPost, "/api/cms/preview", strings.NewReader(`{"markdown":"Users and addicts."}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", hookstest.Token(t, app, hookstest.EditorEmail))
	rec := httptest.NewRecorder()
	hookstest.Router(t, app).ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, `"language_hints":[{"term":"user","text":"Users",`) || strings.Contains(body, `"term":"addict"`) {
		t.Errorf("preview: %d %s", rec.Code, body)
	}
}
