package hooks_test

import (
	"bytes"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
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
