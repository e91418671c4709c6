package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

// TestStaffAccounts checks that nobody can sign themselves up as staff or raise their own role.
func TestStaffAccounts(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	editor, err := app.FindAuthRecordByEmail("staff", hookstest.EditorEmail)
	if err != nil {
		t.Fatal(err)
	}
	editorAuth := map[string]string{"Authorization": hookstest.Token(t, app, hookstest.EditorEmail)}
	adminAuth := map[string]string{"Authorization": hookstest.Token(t, app, hookstest.AdminEmail)}
	signup := `{"email":"new@example.org","password":"long-enough-pass","passwordConfirm":"long-enough-pass","name":"New","role":"admin"}`

	scenarios := []tests.ApiScenario{
		{
			Name:            "anonymous sign-up as staff is refused",
			Method:          http.MethodPost,
			URL:             "/api/collections/staff/records",
			Body:            strings.NewReader(signup),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"*": 0},
			TestAppFactory:  hookstest.Factory,
		},
		{
			Name:            "an editor cannot create staff",
			Method:          http.MethodPost,
			URL:             "/api/collections/staff/records",
			Headers:         editorAuth,
			Body:            strings.NewReader(signup),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"*": 0},
			TestAppFactory:  hookstest.Factory,
		},
		{
			Name:            "an admin creates staff",
			Method:          http.MethodPost,
			URL:             "/api/collections/staff/records",
			Headers:         adminAuth,
			Body:            strings.NewReader(signup),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"role":"admin"`, `"email":"new@example.org"`},
			ExpectedEvents:  map[string]int{"OnRecordCreateRequest": 1, "OnRecordAfterCreateSuccess": 1},
			TestAppFactory:  hookstest.Factory,
		},
		{
			Name:            "an editor cannot raise their own role",
			Method:          http.MethodPatch,
			URL:             "/api/collections/staff/records/" + editor.Id,
			Headers:         editorAuth,
			Body:            strings.NewReader(`{"role":"admin"}`),
			ExpectedStatus:  404,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"*": 0},
			TestAppFactory:  hookstest.Factory,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				r, _ := app.FindAuthRecordByEmail("staff", hookstest.EditorEmail)
				if r.GetString("role") != "editor" {
					t.Fatalf("role changed to %q", r.GetString("role"))
				}
			},
		},
		{
			Name:            "an editor renames themselves",
			Method:          http.MethodPatch,
			URL:             "/api/collections/staff/records/" + editor.Id,
			Headers:         editorAuth,
			Body:            strings.NewReader(`{"name":"Edie E."}`),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"name":"Edie E."`, `"role":"editor"`},
			ExpectedEvents:  map[string]int{"OnRecordUpdateRequest": 1, "OnRecordAfterUpdateSuccess": 1},
			TestAppFactory:  hookstest.Factory,
		},
		{
			Name:            "the public cannot list staff",
			Method:          http.MethodGet,
			URL:             "/api/collections/staff/records",
			ExpectedStatus:  200,
			ExpectedContent: []string{`"totalItems":0`},
			ExpectedEvents:  map[string]int{"*": 0, "OnRecordsListRequest": 1},
			TestAppFactory:  hookstest.Factory,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestAuthorsAndTopics checks public reading, editor writing and the derived author fields.
func TestAuthorsAndTopics(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	editorAuth := map[string]string{"Authorization": hookstest.Token(t, app, hookstest.EditorEmail)}
	reviewerAuth := map[string]string{"Authorization": hookstest.Token(t, app, hookstest.ReviewerEmail)}

	scenarios := []tests.ApiScenario{
		{
			Name:            "anyone lists authors with rendered bios",
			Method:          http.MethodGet,
			URL:             "/api/collections/authors/records?sort=slug",
			ExpectedStatus:  200,
			ExpectedContent: []string{`"totalItems":3`, `"bio_html":"\u003cp\u003eDr Okafor`},
			ExpectedEvents:  map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 3},
			TestAppFactory:  hookstest.Factory,
		},
		{
			Name:    "an editor creates an author; slug and bio_html are derived, forged html ignored",
			Method:  http.MethodPost,
			URL:     "/api/collections/authors/records",
			Headers: editorAuth,
			Body: strings.NewReader(`{"name":"Siân Ó Briain","credentials":"Peer mentor",` +
				`"bio":"Works with **families**. <script>alert(1)</script>","bio_html":"<b>forged</b>"}`),
			ExpectedStatus: 200,
			ExpectedContent: []string{
				`"slug":"sian-o-briain"`,
				`"bio_html":"\u003cp\u003eWorks with \u003cstrong\u003efamilies\u003c/strong\u003e.`,
			},
			NotExpectedContent: []string{`forged`, `"bio_html":"\u003cscript`},
			ExpectedEvents:     createEvents,
			TestAppFactory:     hookstest.Factory,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				r, err := app.FindFirstRecordByData("authors", "slug", "sian-o-briain")
				if err != nil || strings.Contains(r.GetString("bio_html"), "script") {
					t.Fatalf("stored bio_html: %v %q", err, r.GetString("bio_html"))
				}
			},
		},
		{
			Name:            "a reviewer cannot create a topic",
			Method:          http.MethodPost,
			URL:             "/api/collections/topics/records",
			Headers:         reviewerAuth,
			Body:            strings.NewReader(`{"name":"Alcohol"}`),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"*": 0},
			TestAppFactory:  hookstest.Factory,
		},
		{
			Name:            "an editor creates a topic with a derived slug",
			Method:          http.MethodPost,
			URL:             "/api/collections/topics/records",
			Headers:         editorAuth,
			Body:            strings.NewReader(`{"name":"Alcohol & Sleep"}`),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"slug":"alcohol-and-sleep"`},
			ExpectedEvents:  createEvents,
			TestAppFactory:  hookstest.Factory,
		},
		{
			Name:            "a topic slug that is taken is refused",
			Method:          http.MethodPost,
			URL:             "/api/collections/topics/records",
			Headers:         editorAuth,
			Body:            strings.NewReader(`{"name":"Ketamine again","slug":"ketamine"}`),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"slug":{"code":"slug_taken"`},
			ExpectedEvents:  refusedCreateEvents,
			TestAppFactory:  hookstest.Factory,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestPublicSignUpAndPasswordGuessingAreLimited checks the stock users collection takes no
// sign-ups and staff sign-in is rate limited.
func TestPublicSignUpAndPasswordGuessingAreLimited(t *testing.T) {
	t.Parallel()
	signup := tests.ApiScenario{
		Name:            "anonymous sign-up to the stock users collection is refused",
		Method:          http.MethodPost,
		URL:             "/api/collections/users/records",
		Body:            strings.NewReader(`{"email":"x@example.org","password":"long-enough-pass","passwordConfirm":"long-enough-pass"}`),
		ExpectedStatus:  403,
		ExpectedContent: []string{`"data":{}`},
		ExpectedEvents:  map[string]int{"*": 0},
		TestAppFactory:  hookstest.Factory,
	}
	signup.Test(t)

	app := hookstest.New(t)
	mux := serveMux(t, app)
	var last int
	for i := 0; i < 11; i++ {
		req := httptest.NewRequest(http.MethodPost, "/api/collections/staff/auth-with-password",
			strings.NewReader(`{"identity":"`+hookstest.EditorEmail+`","password":"wrong-guess"}`))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		last = rec.Code
		if i < 10 && rec.Code != http.StatusBadRequest {
			t.Fatalf("attempt %d: status %d, want 400 for a wrong password", i+1, rec.Code)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("11th wrong password: status %d, want 429", last)
	}
}
