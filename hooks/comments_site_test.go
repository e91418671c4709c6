package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/comments"
	"recoverycms/internal/siteconfig"
)

// postComment sends the article page's comment form as a browser without JavaScript does.
func (s *formSite) postComment(slug string, form url.Values, header ...string) *httptest.ResponseRecorder {
	return s.postTo("/articles/"+slug+"/comments", form, header...)
}

func (s *formSite) get(path string) string {
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != 200 {
		s.t.Fatalf("%s: %d", path, rec.Code)
	}
	return rec.Body.String()
}

// TestCommentFormWithoutJavaScript: the article page's plain form stores a pending comment
// through the records API and says it awaits moderation with the help contacts; the comment
// shows on the article page and in the article API (escaped, with its reply) only once a
// moderator approves it.
func TestCommentFormWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := newFormSite(t, hooks.Options{})
	page := "/articles/" + hookstest.PublishedSlug
	html := s.get(page)
	if !strings.Contains(html, `action="/articles/`+hookstest.PublishedSlug+`/comments"`) || !strings.Contains(html, "No comments yet.") {
		t.Fatalf("article page has no comment form")
	}
	token := s.token(page)
	body := "<b>Ninety days</b> https://example.org\nsecond line"
	form := url.Values{"form_token": {token}, "article": {"forged"}, "display_name": {""}, "body": {body}, "website": {""}, "status": {"approved"}}

	if rec := s.postComment(hookstest.PublishedSlug, form, "Sec-Fetch-Site", "cross-site"); rec.Code != 403 {
		t.Errorf("cross-site post: %d", rec.Code)
	}
	bad := url.Values{"form_token": {"1.forged"}, "body": {body}}
	if rec := s.postComment(hookstest.PublishedSlug, bad); rec.Code != 403 {
		t.Errorf("forged token: %d", rec.Code)
	}
	rec := s.postComment(hookstest.PublishedSlug, form, "Sec-Fetch-Site", "same-origin")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Your comment will appear once a moderator has read it.") ||
		!strings.Contains(rec.Body.String(), siteconfig.DefaultEmergencyText) || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("post: %d %s", rec.Code, rec.Body.String())
	}
	stored, err := s.app.FindAllRecords(comments.Collection)
	if err != nil || len(stored) != 1 || stored[0].GetString("status") != "pending" || stored[0].GetString("body") != body {
		t.Fatalf("stored %v %v", stored, err)
	}
	if strings.Contains(s.get(page), "Ninety days") || strings.Contains(s.get("/api/cms/articles/"+hookstest.PublishedSlug), "Ninety days") {
		t.Fatal("a pending comment is public")
	}

	honeypot := url.Values{"form_token": {token}, "body": {"Spam."}, "website": {"x"}}
	if rec := s.postComment(hookstest.PublishedSlug, honeypot); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Thank you for your comment") {
		t.Errorf("honeypot: %d", rec.Code)
	}
	empty := url.Values{"form_token": {token}, "body": {"  "}}
	if rec := s.postComment(hookstest.PublishedSlug, empty); rec.Code != 400 || !strings.Contains(rec.Body.String(), "Your comment was not sent") {
		t.Errorf("empty comment: %d %s", rec.Code, rec.Body.String())
	}

	c := stored[0]
	c.Set("status", "approved")
	c.Set("reply", "Well done, thank you.")
	if err := s.app.Save(c); err != nil {
		t.Fatal(err)
	}
	html = s.get(page)
	for _, want := range []string{"<strong>Anonymous</strong>", `<p class="comment-body">&lt;b&gt;Ninety days&lt;/b&gt; https://example.org` + "\nsecond line</p>",
		"Reply from the team", "Well done, thank you.", "Comments (1)"} {
		if !strings.Contains(html, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	if strings.Contains(html, `href="https://example.org"`) {
		t.Error("a link in a comment is clickable")
	}
	api := s.get("/api/cms/articles/" + hookstest.PublishedSlug)
	if !strings.Contains(api, `"comments":{"page":1,"perPage":20,"totalItems":1,"totalPages":1,"items":[{"id":"`+c.Id+`","display_name":"Anonymous"`) ||
		!strings.Contains(api, `"reply":"Well done, thank you."`) || !strings.Contains(api, `"comments_open":true`) {
		t.Errorf("article API: %s", api)
	}
}

// TestCommentFormErrorsBesideTheirFields: a comment the site cannot send comes back as the
// form on its own page, with what was written kept, each message beside its field, the
// first one focused and a fresh token; nothing is stored.
func TestCommentFormErrorsBesideTheirFields(t *testing.T) {
	t.Parallel()
	s := newFormSite(t, hooks.Options{})
	page := "/articles/" + hookstest.PublishedSlug
	token := s.token(page)
	check := func(name string, rec *httptest.ResponseRecorder, code int, want ...string) {
		t.Helper()
		html := rec.Body.String()
		if rec.Code != code {
			t.Errorf("%s: %d, want %d", name, rec.Code, code)
		}
		m := tokenField.FindStringSubmatch(html)
		if m == nil || !strings.Contains(html, "Your comment was not sent") || !strings.Contains(html, `<meta name="robots" content="noindex">`) {
			t.Errorf("%s: not the form page: %s", name, html)
		}
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("%s: page lacks %q", name, w)
			}
		}
		if n := strings.Count(html, "autofocus"); n != 1 {
			t.Errorf("%s: %d autofocus, want 1", name, n)
		}
	}
	rec := s.postComment(hookstest.PublishedSlug, url.Values{"form_token": {token}, "display_name": {"Sam & Jo"}, "body": {"  "}})
	check("blank text", rec, 400, `value="Sam &amp; Jo"`,
		`aria-describedby="comment-note comment-body-error" aria-invalid="true" autofocus`,
		`<h2 id="comment-form-title">`)
	if strings.Contains(rec.Body.String(), `id="comment-body-error"></p>`) {
		t.Error("blank text: no message beside the text")
	}
	long := strings.Repeat("a", 2001)
	rec = s.postComment(hookstest.PublishedSlug, url.Values{"form_token": {token}, "body": {long}})
	check("too long", rec, 400, ">"+long+"</textarea>", `aria-invalid="true" autofocus`)
	rec = s.postComment(hookstest.PublishedSlug, url.Values{"form_token": {"1.forged"}, "body": {"<i>kept</i>"}})
	check("stale token", rec, 403, "&lt;i&gt;kept&lt;/i&gt;</textarea>", `role="alert" tabindex="-1" autofocus>The page was open`)
	if m := tokenField.FindStringSubmatch(rec.Body.String()); m == nil || m[1] == "1.forged" {
		t.Error("stale token: no fresh token")
	}

	a, err := s.app.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	if err != nil {
		t.Fatal(err)
	}
	a.Set("comments_open", false)
	if err := s.app.Save(a); err != nil {
		t.Fatal(err)
	}
	rec = s.postComment(hookstest.PublishedSlug, url.Values{"form_token": {token}, "body": {"Closed meanwhile."}})
	check("closed", rec, 400, "Comments are closed on this article.", ">Closed meanwhile.</textarea>")
	if n, _ := s.app.CountRecords(comments.Collection); n != 0 {
		t.Errorf("%d comments stored", n)
	}

	rec = s.postComment("no-such-article", url.Values{"form_token": {token}, "body": {"Nowhere."}})
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "no longer on our site") {
		t.Errorf("missing article: %d", rec.Code)
	}

	a.Set("comments_open", true)
	if err := s.app.Save(a); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		rec = s.postComment(hookstest.PublishedSlug, url.Values{"form_token": {token}, "body": {"Comment number " + strconv.Itoa(i)}})
		if rec.Code != 200 || i == 10 {
			break
		}
	}
	check("too many", rec, 429, "Too many comments", ">Comment number ")
	if rec.Header().Get("Retry-After") == "" {
		t.Error("too many: no Retry-After")
	}
}
