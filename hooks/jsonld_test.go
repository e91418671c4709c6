package hooks_test

import (
	"bytes"
	"image"
	"image/png"
	"regexp"
	"testing"

	"github.com/pocketbase/pocketbase/tools/filesystem"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/contentapi"
)

// TestJSONLDImagePublisherAndReviewDate: an article's JSON-LD always has an absolute image
// (its cover, else the site's share image), the site as its publisher under the site name,
// and a lastReviewed that is a schema.org Date.
func TestJSONLDImagePublisherAndReviewDate(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	const site = "http://localhost:8090"
	lr := newLiveRouter(t, app)
	ld := jsonLDOf(t, lr, hookstest.PublishedSlug)
	if ld["image"] != site+contentapi.DefaultShareImagePath || contentapi.DefaultShareImagePath != "/assets/share.png" {
		t.Errorf("image of an article without a cover: %v", ld["image"])
	}
	publisher, _ := ld["publisher"].(map[string]any)
	if publisher["@type"] != "Organization" || publisher["name"] != "Recovery Library" || publisher["url"] != site {
		t.Errorf("publisher: %v", ld["publisher"])
	}
	if ld["@type"] != "MedicalWebPage" {
		t.Fatalf("the reviewed fixture is a %v", ld["@type"])
	}
	if s, _ := ld["lastReviewed"].(string); !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(s) {
		t.Errorf("lastReviewed %q is not a date", s)
	}

	var img bytes.Buffer
	must(t, png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 8, 8))))
	cover, err := filesystem.NewFileFromBytes(img.Bytes(), "cover.png")
	must(t, err)
	article := articleBySlug(t, app, hookstest.PublishedSlug)
	article.Set("cover", cover)
	article.Set("cover_alt", "A counsellor's office")
	must(t, app.Save(article))
	article = articleBySlug(t, app, hookstest.PublishedSlug)
	want := site + "/api/files/" + article.Collection().Id + "/" + article.Id + "/" + article.GetString("cover")
	if got := jsonLDOf(t, lr, hookstest.PublishedSlug)["image"]; got != want {
		t.Errorf("image of an article with a cover: %v, want %s", got, want)
	}
}

func jsonLDOf(t *testing.T, lr *liveRouter, slug string) map[string]any {
	t.Helper()
	ld, ok := lr.getJSON("/api/cms/articles/" + slug)["jsonld"].(map[string]any)
	if !ok {
		t.Fatalf("%s has no jsonld", slug)
	}
	return ld
}
