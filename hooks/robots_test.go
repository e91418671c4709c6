package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"recoverycms/hooks/hookstest"
)

// TestRobotsAndNoIndex: /robots.txt is plain text naming the sitemap and keeping crawlers out
// of the panel and previews; the panel and previews carry X-Robots-Tag: noindex.
func TestRobotsAndNoIndex(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	h := serveMux(t, app)
	rec := send(h, http.MethodGet, "/robots.txt", "", "")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("robots.txt: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{"User-agent: *\n", "Disallow: /admin/\n", "Disallow: /api/cms/preview/\n", "\nSitemap: http"} {
		if !strings.Contains(body, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, body)
		}
	}
	if !strings.Contains(body, "/sitemap.xml\n") {
		t.Errorf("robots.txt names no sitemap:\n%s", body)
	}
	for _, path := range []string{"/admin/", "/api/cms/preview/not-a-token"} {
		if got := send(h, http.MethodGet, path, "", "").Header().Get("X-Robots-Tag"); !strings.Contains(got, "noindex") {
			t.Errorf("%s: X-Robots-Tag %q, want noindex", path, got)
		}
	}
	if got := send(h, http.MethodGet, "/", "", "").Header().Get("X-Robots-Tag"); got != "" {
		t.Errorf("the public home says X-Robots-Tag %q", got)
	}
}
