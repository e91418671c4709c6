package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/comments"
)

const readerCommentsURL = "/api/collections/comments/records"

// publishedID is the id of the sample published article.
func publishedID(t testing.TB, app core.App) string {
	t.Helper()
	a, err := app.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	if err != nil {
		t.Fatal(err)
	}
	return a.Id
}

// saveComment stores a comment on article with status, through every save hook.
func saveComment(t testing.TB, app core.App, article, body, status string) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(comments.Collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("article", article)
	r.Set("body", body)
	r.Set("status", status)
	if err := app.Save(r); err != nil {
		t.Fatalf("saving comment: %v", err)
	}
	return r
}

// TestCommentCreateIsPendingWhateverIsSent: for every role, a create through the records API
// is pending with no moderation fields, no reply and flags of the server's own, and its
// answer says it awaits moderation with the help contacts.
func TestCommentCreateIsPendingWhateverIsSent(t *testing.T) {
	t.Parallel()
	article := publishedID(t, hookstest.New(t)) // the fixture apps are clones: same ids
	for _, r := range roles {
		// Staff see the server's own moderation fields; the public sees neither.
		staffOnly := []string{`"moderated_by":""`, `"flags":[]`}
		s := tests.ApiScenario{
			Name:    r.name,
			Method:  http.MethodPost,
			URL:     readerCommentsURL,
			Headers: r.headers(t),
			Body: strings.NewReader(`{"article":"` + article + `","display_name":" Sam ","body":"Ninety days clean today.",` +
				`"status":"approved","reply":"forged","moderated_by":"x","moderated_at":"2020-01-01 00:00:00.000Z",` +
				`"flags":["crisis"],"original_body":"forged"}`),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"status":"pending"`, `"reply":""`, `"moderated_at":""`,
				`"display_name":"Sam"`, `"message":"` + comments.AwaitsModeration + `"`, `"help":{"advice":"`, `"emergency":"`},
			NotExpectedContent: []string{`"website"`, `forged`},
			ExpectedEvents: map[string]int{"*": 0, "OnRecordCreateRequest": 1, "OnModelCreate": 1, "OnModelCreateExecute": 1,
				"OnModelAfterCreateSuccess": 1, "OnModelValidate": 1, "OnRecordCreate": 1, "OnRecordCreateExecute": 1,
				"OnRecordAfterCreateSuccess": 1, "OnRecordValidate": 1, "OnRecordEnrich": 1},
			TestAppFactory: hookstest.Factory,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				stored, err := app.FindFirstRecordByData(comments.Collection, "display_name", "Sam")
				if err != nil {
					t.Fatal(err)
				}
				if stored.GetString("status") != "pending" || stored.GetString("reply") != "" || stored.GetString("original_body") != "" ||
					stored.GetString("moderated_by") != "" || len(stored.GetStringSlice("flags")) != 0 || stored.GetString("article") != article {
					t.Errorf("stored %v", stored.FieldsData())
				}
			},
		}
		if r.isStaff {
			s.ExpectedContent = append(s.ExpectedContent, staffOnly...)
		} else {
			s.NotExpectedContent = append(s.NotExpectedContent, `"moderated_by"`, `"flags"`)
		}
		s.Test(t)
	}
}

// TestOnlyApprovedCommentsArePublic: guests and outsiders list and view approved comments
// only; staff see every status.
func TestOnlyApprovedCommentsArePublic(t *testing.T) {
	t.Parallel()
	factory := func(t testing.TB) *tests.TestApp {
		app := hookstest.Factory(t)
		article := publishedID(t, app)
		for id, body := range map[string]string{"cmtapproved0001": "Approved words.", "cmtpending00001": "Pending words.",
			"cmtspam00000001": "Spam words.", "cmtrejected0001": "Rejected words."} {
			r := saveComment(t, app, article, body, "pending")
			if _, err := app.DB().NewQuery("UPDATE comments SET id = {:id}, status = {:s} WHERE id = {:old}").Bind(map[string]any{
				"id": id, "s": strings.TrimRight(strings.TrimPrefix(id, "cmt"), "0123456789"), "old": r.Id}).Execute(); err != nil {
				t.Fatal(err)
			}
		}
		return app
	}
	for _, r := range roles {
		want := []string{`"totalItems":1`, `Approved words.`}
		notWant := []string{"Pending words.", "Spam words.", "Rejected words."}
		view := 404
		if r.isStaff {
			want, notWant, view = []string{`"totalItems":4`, "Pending words.", "Spam words.", "Rejected words."}, nil, 200
		}
		for _, s := range []tests.ApiScenario{{
			Name: r.name + " lists", Method: http.MethodGet, URL: readerCommentsURL, Headers: r.headers(t),
			ExpectedStatus: 200, ExpectedContent: want, NotExpectedContent: notWant,
			ExpectedEvents: map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": map[bool]int{true: 4, false: 1}[r.isStaff]},
			TestAppFactory: factory,
		}, {
			Name: r.name + " views approved", Method: http.MethodGet, URL: readerCommentsURL + "/cmtapproved0001", Headers: r.headers(t),
			ExpectedStatus: 200, ExpectedContent: []string{`"body":"Approved words."`},
			ExpectedEvents: map[string]int{"*": 0, "OnRecordViewRequest": 1, "OnRecordEnrich": 1},
			TestAppFactory: factory,
		}, {
			Name: r.name + " views pending", Method: http.MethodGet, URL: readerCommentsURL + "/cmtpending00001", Headers: r.headers(t),
			ExpectedStatus: view, ExpectedContent: []string{map[bool]string{true: `"body":"Pending words."`, false: `"data":{}`}[r.isStaff]},
			ExpectedEvents: map[string]int{"*": 0, "OnRecordViewRequest": map[bool]int{true: 1}[r.isStaff], "OnRecordEnrich": map[bool]int{true: 1}[r.isStaff]},
			TestAppFactory: factory,
		}} {
			s.Test(t)
		}
	}
}

// TestCommentHoneypotStoresNothing: a filled website field gets the same answer as a real
// comment and nothing is stored.
func TestCommentHoneypotStoresNothing(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	article := publishedID(t, c.app)
	status, out := c.call("POST", readerCommentsURL, "", map[string]any{"article": article, "body": "Buy now.", "website": "http://spam.example"})
	if status != 200 || out["status"] != "pending" || out["message"] != comments.AwaitsModeration || out["id"] == "" || out["help"] == nil {
		t.Errorf("honeypot answer %d %v", status, out)
	}
	if n, _ := c.app.CountRecords(comments.Collection); n != 0 {
		t.Errorf("honeypot stored %d comments", n)
	}
}

// TestCommentRateLimitPerNetwork: the sixth comment in ten minutes from one network is
// refused with Retry-After; staff are not limited.
func TestCommentRateLimitPerNetwork(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	article := publishedID(t, c.app)
	for i := range 6 {
		status, out := c.call("POST", readerCommentsURL, "", map[string]any{"article": article, "body": "Thanks for this."})
		if want := map[bool]int{true: 200, false: 429}[i < 5]; status != want {
			t.Fatalf("comment %d: %d %v", i+1, status, out)
		}
	}
	if status, _ := c.call("POST", readerCommentsURL, hookstest.EditorEmail, map[string]any{"article": article, "body": "Staff note."}); status != 200 {
		t.Errorf("staff limited: %d", status)
	}
	if n, _ := c.app.CountRecords(comments.Collection); n != 6 {
		t.Errorf("stored %d comments, want 6", n)
	}
}

// TestCommentOnClosedOrHiddenArticleRefused: a missing, unpublished or closed article is a
// field error on article.
func TestCommentOnClosedOrHiddenArticleRefused(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	closed, err := c.app.FindRecordById("articles", publishedID(t, c.app))
	if err != nil {
		t.Fatal(err)
	}
	closed.Set("comments_open", false)
	if err := c.app.Save(closed); err != nil {
		t.Fatal(err)
	}
	for id, code := range map[string]string{"nosucharticle00": "article_missing", c.draft.Id: "article_missing", closed.Id: "comments_closed"} {
		status, out := c.call("POST", readerCommentsURL, "", map[string]any{"article": id, "body": "Hello."})
		data, _ := out["data"].(map[string]any)
		field, _ := data["article"].(map[string]any)
		if status != 400 || field["code"] != code {
			t.Errorf("%s: %d %v, want 400 %s", id, status, out, code)
		}
	}
	if n, _ := c.app.CountRecords(comments.Collection); n != 0 {
		t.Errorf("stored %d comments", n)
	}
}

// TestCommentFlags: phone numbers, email addresses, full names and crisis phrases hold a
// comment with its flags; ordinary recovery talk does not.
func TestCommentFlags(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	article := publishedID(t, c.app)
	for body, want := range map[string]string{
		"Call me on 07700 900123 any time.":                    "pii",
		"Text +44 7700 900 123 please.":                        "pii",
		"Write to sam.jones@example.org.":                      "pii",
		"Hi, my name is Sam Jones and I relapsed.":             "pii",
		"I went with my friend Sarah Connolly last week.":      "pii",
		"Some days I want to die.":                             "crisis",
		"I can’t go on, my number is 07700 900123":             "crisis,pii",
		"Ninety days clean, 2 years 3 months since 12.05.2021": "",
		"I started going to Alcoholics Anonymous on Monday.":   "",
		"This article helped. Thank you all.":                  "",
	} {
		status, out := c.call("POST", readerCommentsURL, hookstest.EditorEmail, map[string]any{"article": article, "body": body})
		if status != 200 {
			t.Fatalf("%q: %d %v", body, status, out)
		}
		var got []string
		for _, f := range out["flags"].([]any) {
			got = append(got, f.(string))
		}
		if strings.Join(got, ",") != want {
			t.Errorf("%q flags %v, want %q", body, got, want)
		}
		prominent := out["help"].(map[string]any)["prominent"]
		if prominent != strings.Contains(want, "crisis") {
			t.Errorf("%q prominent help %v", body, prominent)
		}
	}
}

// TestCommentModeration: editors and admins moderate; the server sets moderated_by and
// moderated_at on a status change and logs it; a redacted approval keeps the original for
// staff only.
func TestCommentModeration(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	article := publishedID(t, c.app)
	held := saveComment(t, c.app, article, "My name is Sam Jones, call 07700 900123.", "pending")
	if got := held.GetStringSlice("flags"); len(got) != 1 || got[0] != "pii" {
		t.Fatalf("flags %v", got)
	}
	url := readerCommentsURL + "/" + held.Id
	for _, who := range []string{"", hookstest.OutsiderEmail, hookstest.ReviewerEmail} {
		if status, _ := c.call("PATCH", url, who, map[string]any{"status": "approved"}); status != 404 && status != 403 {
			t.Errorf("%q approves: %d", who, status)
		}
	}
	status, out := c.call("PATCH", url, hookstest.EditorEmail, map[string]any{"status": "approved",
		"body": "My name is [removed], call [removed].", "reply": "Thank you for sharing.", "moderated_by": "forged",
		"moderated_at": "2020-01-01 00:00:00.000Z", "flags": []string{}, "original_body": "forged"})
	editor, _ := c.app.FindAuthRecordByEmail("staff", hookstest.EditorEmail)
	if status != 200 || out["moderated_by"] != editor.Id || out["original_body"] != held.GetString("body") ||
		!strings.HasPrefix(out["moderated_at"].(string), "2") || strings.HasPrefix(out["moderated_at"].(string), "2020") {
		t.Fatalf("editor approves: %d %v", status, out)
	}
	stored, _ := c.app.FindRecordById(comments.Collection, held.Id)
	if stored.GetString("body") != "My name is [removed], call [removed]." || len(stored.GetStringSlice("flags")) != 1 {
		t.Errorf("stored %v", stored.FieldsData())
	}
	_, public := c.call("GET", url, "", nil)
	if public["body"] != "My name is [removed], call [removed]." || public["original_body"] != nil || public["reply"] != "Thank you for sharing." {
		t.Errorf("public sees %v", public)
	}
	events, err := c.app.FindRecordsByFilter(comments.EventsCollection, "comment = {:c}", "action", 0, 0, map[string]any{"c": held.Id})
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, e := range events {
		if e.GetString("actor") != editor.Id {
			t.Errorf("event by %q", e.GetString("actor"))
		}
		log = append(log, e.GetString("action")+":"+e.GetString("from_status")+">"+e.GetString("to_status"))
	}
	if strings.Join(log, " ") != "redact:> reply:> status:pending>approved" {
		t.Errorf("log %v", log)
	}
	if status, _ := c.call("PATCH", url, hookstest.AdminEmail, map[string]any{"status": "spam"}); status != 200 {
		t.Errorf("admin marks spam: %d", status)
	}
	if _, public := c.call("GET", url, "", nil); public["body"] != nil {
		t.Errorf("spam still public: %v", public)
	}
}

// TestModerationQueueHeldFirst: the panel's queue order (sort=flags,created) puts held
// comments first, crisis before personal details, then the rest.
func TestModerationQueueHeldFirst(t *testing.T) {
	t.Parallel()
	c := newCommentApp(t)
	article := publishedID(t, c.app)
	for _, body := range []string{"Plain and first.", "Email me at a@example.org.", "I want to die.", "Plain and last."} {
		saveComment(t, c.app, article, body, "pending")
	}
	status, out := c.call("GET", readerCommentsURL+"?filter="+url.QueryEscape(`status = "pending"`)+"&sort=flags,created", hookstest.EditorEmail, nil)
	if status != 200 {
		t.Fatalf("%d %v", status, out)
	}
	var order []string
	for _, it := range out["items"].([]any) {
		order = append(order, it.(map[string]any)["body"].(string))
	}
	if len(order) != 4 || strings.Join(order[:2], "|") != "I want to die.|Email me at a@example.org." || !strings.HasPrefix(order[2]+order[3], "Plain") {
		t.Errorf("queue order %v", order)
	}
}

// TestArticleDeleteTakesItsComments: deleting an article deletes its comments.
func TestArticleDeleteTakesItsComments(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	article, err := app.FindRecordById("articles", publishedID(t, app))
	if err != nil {
		t.Fatal(err)
	}
	saveComment(t, app, article.Id, "Going with the article.", "approved")
	if err := app.Delete(article); err != nil {
		t.Fatal(err)
	}
	if n, _ := app.CountRecords(comments.Collection); n != 0 {
		t.Errorf("%d comments left", n)
	}
}

// TestApprovedCommentsFollowTheirArticle: an approved comment is public only while its
// article is; once the article is back in draft, scheduled again or past its take-down time,
// the comment is hidden from list, filter, sort and view exactly as a pending one, and staff
// still read it.
func TestApprovedCommentsFollowTheirArticle(t *testing.T) {
	t.Parallel()
	states := map[string]string{
		"live":       "",
		"draft":      "status = 'draft'",
		"scheduled":  "published_at = '2999-01-01 00:00:00.000Z'",
		"taken down": "unpublish_at = '2001-01-01 00:00:00.000Z'",
		"in review":  "status = 'in_review'",
	}
	for state, change := range states {
		factory := func(t testing.TB) *tests.TestApp {
			app := hookstest.Factory(t)
			article := publishedID(t, app)
			r := saveComment(t, app, article, "Words on a "+state+" article.", "approved")
			if _, err := app.DB().NewQuery("UPDATE comments SET id = 'cmtfollows00001' WHERE id = {:id}").
				Bind(map[string]any{"id": r.Id}).Execute(); err != nil {
				t.Fatal(err)
			}
			if change != "" {
				if _, err := app.DB().NewQuery("UPDATE articles SET " + change + " WHERE id = {:id}").
					Bind(map[string]any{"id": article}).Execute(); err != nil {
					t.Fatal(err)
				}
			}
			return app
		}
		for _, r := range roles {
			visible := r.isStaff || change == ""
			list := map[bool]string{true: `"totalItems":1`, false: `"totalItems":0`}[visible]
			view := map[bool]int{true: 200, false: 404}[visible]
			for _, s := range []tests.ApiScenario{{
				Name: state + " " + r.name + " lists", Method: http.MethodGet, URL: readerCommentsURL, Headers: r.headers(t),
				ExpectedStatus: 200, ExpectedContent: []string{list},
				TestAppFactory: factory,
			}, {
				Name: state + " " + r.name + " filters and sorts", Method: http.MethodGet, Headers: r.headers(t),
				URL:            readerCommentsURL + "?filter=" + url.QueryEscape(`body ~ "Words" && status = "approved"`) + "&sort=-created,body",
				ExpectedStatus: 200, ExpectedContent: []string{list},
				TestAppFactory: factory,
			}, {
				Name: state + " " + r.name + " views", Method: http.MethodGet, URL: readerCommentsURL + "/cmtfollows00001", Headers: r.headers(t),
				ExpectedStatus: view, ExpectedContent: []string{map[bool]string{true: `"id":"cmtfollows00001"`, false: `"data":{}`}[visible]},
				TestAppFactory: factory,
			}} {
				if !visible {
					s.NotExpectedContent = []string{"Words on a"}
				}
				s.Test(t)
			}
		}
	}
}

// TestArticleCommentsArePaged: GET /api/cms/articles/{slug}/comments pages through every
// approved comment of a public article, newest first, never a pending one; the article's
// detail carries the first page; an approval shows on the cached pages at once; an article
// that is not public is a 404 there too.
func TestArticleCommentsArePaged(t *testing.T) {
	t.Parallel()
	s := newFormSite(t, hooks.Options{})
	article := publishedID(t, s.app)
	saveApprovedComments(t, s.app, article, 25, "Approved number %02d.")
	pending := saveComment(t, s.app, article, "Still pending.", "pending")
	type page struct {
		Page, PerPage, TotalItems, TotalPages int
		Items                                 []struct{ Body string }
	}
	read := func(path string) page {
		t.Helper()
		var p page
		if err := json.Unmarshal([]byte(s.get(path)), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	base := "/api/cms/articles/" + hookstest.PublishedSlug + "/comments"
	first := read(base)
	if first.TotalItems != 25 || first.TotalPages != 2 || len(first.Items) != 20 || first.Items[0].Body != "Approved number 24." {
		t.Fatalf("first page: %+v", first)
	}
	second := read(base + "?page=2")
	if second.Page != 2 || len(second.Items) != 5 || second.Items[4].Body != "Approved number 00." {
		t.Fatalf("second page: %+v", second)
	}
	if p := read(base + "?page=3&perPage=10"); len(p.Items) != 5 || p.Items[0].Body != "Approved number 04." || p.TotalPages != 3 {
		t.Fatalf("page 3 of 10: %+v", p)
	}
	if p := read(base + "?page=9"); len(p.Items) != 0 || p.TotalItems != 25 {
		t.Fatalf("past the end: %+v", p)
	}
	var detail struct{ Comments page }
	if err := json.Unmarshal([]byte(s.get("/api/cms/articles/"+hookstest.PublishedSlug)), &detail); err != nil ||
		detail.Comments.TotalItems != 25 || len(detail.Comments.Items) != 20 || detail.Comments.TotalPages != 2 {
		t.Fatalf("detail comments: %+v %v", detail.Comments, err)
	}
	for _, p := range []string{base, base + "?page=2"} {
		if strings.Contains(s.get(p), "Still pending.") {
			t.Fatalf("%s shows a pending comment", p)
		}
	}
	pending, err := s.app.FindRecordById(comments.Collection, pending.Id)
	if err != nil {
		t.Fatal(err)
	}
	pending.Set("status", "approved")
	if err := s.app.Save(pending); err != nil {
		t.Fatal(err)
	}
	if p := read(base + "?page=2"); p.TotalItems != 26 {
		t.Fatalf("the approval is not shown at once: %+v", p)
	}
	for path, code := range map[string]int{base + "?page=0": 400, base + "?perPage=x": 400,
		"/api/cms/articles/" + hookstest.DraftSlug + "/comments": 404, "/api/cms/articles/no-such/comments": 404} {
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != code {
			t.Errorf("%s: %d, want %d", path, rec.Code, code)
		}
	}
}

// TestPreviewOfAHiddenArticleShowsNoComments: a preview link is a bearer token that may be
// shared outside the staff; the preview of an article taken back to draft carries none of
// the comments approved while it was live (the records API hides them too).
func TestPreviewOfAHiddenArticleShowsNoComments(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	live := articleBySlug(t, app, hookstest.PublishedSlug)
	saveComment(t, app, live.Id, "Approved while the article was live.", "approved")
	live.Set("status", "draft")
	must(t, app.Save(live))
	if body := lr.get(readerCommentsURL).Body.String(); strings.Contains(body, "while the article was live") {
		t.Fatalf("records API: %s", body)
	}
	rec := lr.do(http.MethodPost, "/api/cms/articles/"+live.Id+"/preview-link", "Authorization", hookstest.Token(t, app, hookstest.EditorEmail))
	var link struct{ Token string }
	must(t, json.Unmarshal(rec.Body.Bytes(), &link))
	got := lr.get("/api/cms/preview/" + link.Token)
	if got.Code != 200 || strings.Contains(got.Body.String(), "while the article was live") ||
		!strings.Contains(got.Body.String(), `"comments":{"page":1,"perPage":20,"totalItems":0,"totalPages":0,"items":[]}`) {
		t.Errorf("preview of a draft: %d %s", got.Code, got.Body.String())
	}
}

// TestArticlePageShowsOlderCommentsPageByPage: the article page shows the 20 newest approved
// comments and links to older ones (?comments=2), which show the rest and link back; a page
// of comments past the end, or junk, is the 404 page.
func TestArticlePageShowsOlderCommentsPageByPage(t *testing.T) {
	t.Parallel()
	s := newFormSite(t, hooks.Options{})
	article := publishedID(t, s.app)
	saveApprovedComments(t, s.app, article, 23, "Reader comment %02d.")
	page := "/articles/" + hookstest.PublishedSlug
	first := s.get(page)
	if !strings.Contains(first, "Reader comment 22.") || !strings.Contains(first, "Reader comment 03.") ||
		strings.Contains(first, "Reader comment 02.") || !strings.Contains(first, `href="`+page+`?comments=2#comments" rel="next">Older comments`) ||
		strings.Contains(first, "Newer comments") {
		t.Fatal("first page of comments is wrong")
	}
	second := s.get(page + "?comments=2")
	if !strings.Contains(second, "Reader comment 02.") || !strings.Contains(second, "Reader comment 00.") ||
		strings.Contains(second, "Reader comment 03.") || !strings.Contains(second, `href="`+page+`#comments" rel="prev">Newer comments`) ||
		strings.Contains(second, "Older comments") || !strings.Contains(second, "How to beat ketamine addiction") {
		t.Fatal("second page of comments is wrong")
	}
	for _, junk := range []string{"?comments=3", "?comments=0", "?comments=x", "?comments=02"} {
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, page+junk, nil))
		if rec.Code != 404 {
			t.Errorf("%s: %d", junk, rec.Code)
		}
	}
}

// saveApprovedComments stores n approved comments on article, the ith with text format's ith
// and created i seconds into 2026, so their order is known.
func saveApprovedComments(t testing.TB, app core.App, article string, n int, format string) {
	t.Helper()
	for i := range n {
		r := saveComment(t, app, article, fmt.Sprintf(format, i), "approved")
		if _, err := app.DB().NewQuery("UPDATE comments SET created = {:c} WHERE id = {:id}").Bind(map[string]any{
			"c": fmt.Sprintf("2026-01-01 00:00:%02d.000Z", i), "id": r.Id}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
}
