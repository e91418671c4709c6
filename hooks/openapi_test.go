package hooks_test

import (
	"context"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"recoverycms/hooks/hookstest"
)

func TestOpenAPIDocumentIsValid31(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	body := lr.get("/api/cms/openapi.json").Body.Bytes()
	doc, err := openapi3.NewLoader().LoadFromData(body)
	if err != nil {
		t.Fatalf("loading: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("version %s is not 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("validating: %v", err)
	}
	// The validator does reject a broken document.
	broken, err := openapi3.NewLoader().LoadFromData([]byte(strings.Replace(string(body), `"info":`, `"x-info":`, 1)))
	if err == nil && broken.Validate(context.Background()) == nil {
		t.Fatal("a document without info passed validation")
	}
	// Every route in routes.go is documented.
	for _, p := range []string{"/api/cms/articles", "/api/cms/articles/{slug}", "/api/cms/authors/{slug}",
		"/api/cms/topics/{slug}", "/api/cms/search", "/api/cms/openapi.json", "/api/cms/articles/{id}/preview-link",
		"/api/cms/preview/{token}", "/feed.xml", "/feed.atom", "/feed.json", "/sitemap.xml"} {
		if doc.Paths.Find(p) == nil {
			t.Errorf("%s is not documented", p)
		}
	}
	if len(doc.Servers) != 1 || !strings.HasPrefix(doc.Servers[0].URL, "http") {
		t.Errorf("servers: %v", doc.Servers)
	}
}
