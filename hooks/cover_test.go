package hooks_test

import (
	"bytes"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

// multipartCover builds an article update carrying a real PNG cover and the given alt text.
func multipartCover(t testing.TB, alt string) (*bytes.Buffer, string) {
	t.Helper()
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if err := w.WriteField("cover_alt", alt); err != nil {
		t.Fatal(err)
	}
	part, err := w.CreateFormFile("cover", "cover.png")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(img.Bytes())
	w.Close()
	return &body, w.FormDataContentType()
}

func TestArticleCoverUploadNeedsAltText(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	id := articleBySlug(t, app, hookstest.PublishedSlug).Id

	noAlt, noAltType := multipartCover(t, "")
	withAlt, withAltType := multipartCover(t, "A person talking with a counsellor")
	scenarios := []tests.ApiScenario{
		{
			Name:            "a cover without alt text is refused with a field error",
			Method:          http.MethodPatch,
			URL:             "/api/collections/articles/records/" + id,
			Headers:         map[string]string{"Authorization": editor, "Content-Type": noAltType},
			Body:            noAlt,
			ExpectedStatus:  400,
			ExpectedContent: []string{`"cover_alt":{"code":"cover_alt_required"`},
			ExpectedEvents: map[string]int{
				"*": 0, "OnRecordUpdateRequest": 1, "OnModelUpdate": 1, "OnRecordUpdate": 1,
				"OnModelAfterUpdateError": 1, "OnRecordAfterUpdateError": 1,
			},
			TestAppFactory: hookstest.Factory,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if got := articleBySlug(t, app, hookstest.PublishedSlug).GetString("cover"); got != "" {
					t.Fatalf("cover stored anyway: %q", got)
				}
			},
		},
		{
			Name:            "a cover with alt text is stored",
			Method:          http.MethodPatch,
			URL:             "/api/collections/articles/records/" + id,
			Headers:         map[string]string{"Authorization": editor, "Content-Type": withAltType},
			Body:            withAlt,
			ExpectedStatus:  200,
			ExpectedContent: []string{`"cover_alt":"A person talking with a counsellor"`, `"cover":"cover_`},
			ExpectedEvents:  map[string]int{"OnRecordUpdateRequest": 1, "OnRecordAfterUpdateSuccess": 1},
			TestAppFactory:  hookstest.Factory,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestCoversOfHiddenArticlesAre404 uploads a cover to a draft and to a published article and
// fetches each (and a thumb) as every role: the draft's only for staff, with a header or a
// file token; the published one for anyone, cacheable.
func TestCoversOfHiddenArticlesAre404(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	mux := hookstest.Router(t, app)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	upload := func(slug string) string {
		body, ct := multipartCover(t, "A calm room")
		r := articleBySlug(t, app, slug)
		req := httptest.NewRequest(http.MethodPatch, "/api/collections/articles/records/"+r.Id, body)
		req.Header.Set("Authorization", editor)
		req.Header.Set("Content-Type", ct)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("upload to %s: %d %s", slug, rec.Code, rec.Body.String())
		}
		r = articleBySlug(t, app, slug)
		return "/api/files/articles/" + r.Id + "/" + r.GetString("cover")
	}
	draft, scheduled, published := upload(hookstest.DraftSlug), upload(hookstest.ScheduledSlug), upload(hookstest.PublishedSlug)

	get := func(path string, header ...string) int {
		token := ""
		if len(header) == 2 {
			token = header[1] // only Authorization is sent
		}
		return send(mux, http.MethodGet, path, token, "").Code
	}
	editorRecord, err := app.FindAuthRecordByEmail("staff", hookstest.EditorEmail)
	if err != nil {
		t.Fatal(err)
	}
	fileToken, err := editorRecord.NewFileToken()
	if err != nil {
		t.Fatal(err)
	}
	outsider := hookstest.Token(t, app, hookstest.OutsiderEmail)
	for _, hidden := range []string{draft, scheduled} {
		for _, path := range []string{hidden, hidden + "?thumb=400x225"} {
			if code := get(path); code != http.StatusNotFound {
				t.Errorf("guest GET %s = %d, want 404", path, code)
			}
			if code := get(path, "Authorization", outsider); code != http.StatusNotFound {
				t.Errorf("users-collection outsider GET %s = %d, want 404", path, code)
			}
			if code := get(path + sep(path) + "token=forged"); code != http.StatusNotFound {
				t.Errorf("forged token GET %s = %d, want 404", path, code)
			}
			for _, email := range []string{hookstest.EditorEmail, hookstest.ReviewerEmail, hookstest.AdminEmail, hookstest.SuperuserEmail} {
				if code := get(path, "Authorization", hookstest.Token(t, app, email)); code != http.StatusOK {
					t.Errorf("%s GET %s = %d, want 200", email, path, code)
				}
			}
			if code := get(path + sep(path) + "token=" + fileToken); code != http.StatusOK {
				t.Errorf("staff file token GET %s = %d, want 200", path, code)
			}
		}
	}
	rec := send(mux, http.MethodGet, published, "", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "max-age") {
		t.Errorf("published cover: %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	if code := get(published + "?thumb=400x225"); code != http.StatusOK {
		t.Errorf("published thumb: %d", code)
	}
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}
