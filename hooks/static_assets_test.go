package hooks_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/site"
)

var hashedRef = regexp.MustCompile(`"(/(?:assets|admin)/[a-z]+\.[0-9a-f]{10}\.(?:js|css))"`)

// Every script and stylesheet the site and the panel load, followed through their imports,
// is referenced by its content-hashed URL and served with immutable caching; nothing still
// refers to an un-hashed name, whose URL keeps working with revalidation. Pages keep their
// The panel's page keeps its ETag and no Cache-Control of its own (a cache in front decides,
// deploy/nginx); the site's pages are rendered and cached like the API's answers.
func TestStaticAssetsHaveHashedImmutableURLs(t *testing.T) {
	t.Parallel()
	mux := hookstest.Router(t, hookstest.New(t))
	get := func(p string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec
	}
	seen := map[string]bool{}
	queue := []string{"/", "/admin/"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		rec := get(p)
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d", p, rec.Code)
		}
		body := rec.Body.String()
		if strings.Contains(body, `.js"`) || strings.Contains(body, `.css"`) {
			for _, m := range regexp.MustCompile(`"/(?:assets|admin)/[a-z]+\.(?:js|css)"`).FindAllString(body, -1) {
				t.Errorf("GET %s still refers to the un-hashed %s", p, m)
			}
		}
		switch p {
		case "/":
			// A page rendered on the server is cached like the API's answers.
			if cc := rec.Header().Get("Cache-Control"); !strings.HasPrefix(cc, "public, max-age=") || rec.Header().Get("ETag") == "" {
				t.Errorf("GET %s: Cache-Control %q, ETag %q", p, cc, rec.Header().Get("ETag"))
			}
		case "/admin/":
			if cc := rec.Header().Get("Cache-Control"); cc != "" || rec.Header().Get("ETag") == "" {
				t.Errorf("GET %s: Cache-Control %q, ETag %q", p, cc, rec.Header().Get("ETag"))
			}
		default:
			if cc := rec.Header().Get("Cache-Control"); cc != site.ImmutableCacheControl {
				t.Errorf("GET %s: Cache-Control %q", p, cc)
			}
		}
		for _, m := range hashedRef.FindAllStringSubmatch(body, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				queue = append(queue, m[1])
			}
		}
	}
	for _, want := range []string{"site", "status", "search", "callback", "dom", "errors", "api", "panel", "nav", "editor"} {
		if !slices.ContainsFunc(slices.Collect(func(yield func(string) bool) {
			for k := range seen {
				if !yield(k) {
					return
				}
			}
		}), func(u string) bool { return strings.Contains(u, "/"+want+".") }) {
			t.Errorf("no hashed URL for %s.* was reached from the pages (%d reached)", want, len(seen))
		}
	}

	// The hashed and the un-hashed URL of one module serve the same bytes, with their own caching.
	home := get("/").Body.String()
	hashedJS := regexp.MustCompile(`src="(/assets/site\.[0-9a-f]{10}\.js)"`).FindStringSubmatch(home)
	if hashedJS == nil {
		t.Fatalf("home page has no hashed site.js: %s", home)
	}
	hashed, plain := get(hashedJS[1]), get("/assets/site.js")
	if hashed.Body.String() != plain.Body.String() || !strings.HasPrefix(hashed.Header().Get("Content-Type"), "text/javascript") {
		t.Errorf("hashed and plain site.js differ, or Content-Type %q", hashed.Header().Get("Content-Type"))
	}
	if cc := plain.Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("un-hashed site.js: Cache-Control %q", cc)
	}
	if again := get("/assets/site.js", "If-None-Match", plain.Header().Get("ETag")); again.Code != http.StatusNotModified {
		t.Errorf("un-hashed site.js with its ETag: %d", again.Code)
	}

	// Compressed once at start-up, decoded to the same bytes, a 304 per representation.
	hashedCSS := regexp.MustCompile(`href="(/assets/site\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(home)
	if hashedCSS == nil {
		t.Fatalf("home page has no hashed site.css: %s", home)
	}
	hashed = get(hashedCSS[1])
	for _, c := range []struct{ accept, encoding string }{{"gzip", "gzip"}, {"br, gzip", "br"}} {
		rec := get(hashedCSS[1], "Accept-Encoding", c.accept)
		if rec.Header().Get("Content-Encoding") != c.encoding || !slices.Contains(rec.Header().Values("Vary"), "Accept-Encoding") ||
			rec.Header().Get("ETag") == hashed.Header().Get("ETag") {
			t.Errorf("site.css (%s): Content-Encoding %q, Vary %q, ETag %q", c.accept, rec.Header().Get("Content-Encoding"),
				rec.Header().Values("Vary"), rec.Header().Get("ETag"))
		}
		if got := decode(t, c.encoding, rec.Body.Bytes()); !bytes.Equal(got, hashed.Body.Bytes()) {
			t.Errorf("site.css (%s) does not decode to the plain bytes", c.accept)
		}
		if nm := get(hashedCSS[1], "Accept-Encoding", c.accept, "If-None-Match", rec.Header().Get("ETag")); nm.Code != http.StatusNotModified {
			t.Errorf("site.css (%s) with its ETag: %d", c.accept, nm.Code)
		}
		if nm := get(hashedCSS[1], "If-None-Match", rec.Header().Get("ETag")); nm.Code != 200 {
			t.Errorf("site.css without %s but with that ETag: %d", c.accept, nm.Code)
		}
	}
}
