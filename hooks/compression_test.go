package hooks_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/compress"
	"recoverycms/internal/contentcache"
)

// decode undoes a response's Content-Encoding.
func decode(t *testing.T, encoding string, body []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch encoding {
	case "gzip":
		zr, err := gzip.NewReader(r)
		must(t, err)
		r = zr
	case "br":
		r = brotli.NewReader(r)
	case "":
	default:
		t.Fatalf("unexpected Content-Encoding %q", encoding)
	}
	out, err := io.ReadAll(r)
	must(t, err)
	return out
}

// compressedPaths are cached endpoints whose fixture bodies are large enough to compress.
var compressedPaths = []string{"/api/cms/openapi.json", "/api/cms/articles/" + hookstest.PublishedSlug, "/api/cms/articles", "/feed.xml"}

func TestCachedAnswersAreCompressed(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	for _, p := range compressedPaths {
		plain, _ := s.get(p)
		if plain.Code != 200 || plain.Body.Len() < compress.MinSize || plain.Header().Get("Content-Encoding") != "" {
			t.Fatalf("GET %s: %d, %d bytes, Content-Encoding %q", p, plain.Code, plain.Body.Len(), plain.Header().Get("Content-Encoding"))
		}
		tag := strings.TrimSuffix(plain.Header().Get("ETag"), `"`)
		for _, c := range []struct{ accept, encoding, etag string }{
			{"gzip", "gzip", tag + `-gz"`},
			{"gzip, deflate, br", "br", tag + `-br"`},
			{"br;q=0.1, gzip", "gzip", tag + `-gz"`},
			{"gzip;q=0, identity", "", tag + `"`},
		} {
			for name, h := range map[string]http.Handler{"fast path": s.handler, "router": s.router} {
				rec := serveVia(h, http.MethodGet, p, "Accept-Encoding", c.accept)
				if rec.Code != 200 || rec.Header().Get("Content-Encoding") != c.encoding || rec.Header().Get("ETag") != c.etag {
					t.Errorf("%s GET %s (%s): %d, Content-Encoding %q, ETag %q, want %q %q", name, p, c.accept, rec.Code,
						rec.Header().Get("Content-Encoding"), rec.Header().Get("ETag"), c.encoding, c.etag)
				}
				if !slices.Contains(rec.Header().Values("Vary"), "Accept-Encoding") {
					t.Errorf("%s GET %s (%s): Vary %q", name, p, c.accept, rec.Header().Values("Vary"))
				}
				if got := decode(t, rec.Header().Get("Content-Encoding"), rec.Body.Bytes()); !bytes.Equal(got, plain.Body.Bytes()) {
					t.Errorf("%s GET %s (%s): decodes to %d bytes, not the %d of the plain answer", name, p, c.accept, len(got), plain.Body.Len())
				}
				if c.encoding != "" && rec.Body.Len() >= plain.Body.Len() {
					t.Errorf("%s GET %s (%s): %d bytes compressed, %d plain", name, p, c.accept, rec.Body.Len(), plain.Body.Len())
				}
				// 304 for this representation's own ETag only, with Vary.
				same := serveVia(h, http.MethodGet, p, "Accept-Encoding", c.accept, "If-None-Match", c.etag)
				if same.Code != http.StatusNotModified || same.Body.Len() != 0 || same.Header().Get("ETag") != c.etag ||
					!slices.Contains(same.Header().Values("Vary"), "Accept-Encoding") {
					t.Errorf("%s GET %s (%s) with its ETag: %d, ETag %q, Vary %q", name, p, c.accept, same.Code,
						same.Header().Get("ETag"), same.Header().Values("Vary"))
				}
				for _, other := range []string{tag + `"`, tag + `-gz"`, tag + `-br"`} {
					if other == c.etag {
						continue
					}
					if rec := serveVia(h, http.MethodGet, p, "Accept-Encoding", c.accept, "If-None-Match", other); rec.Code != 200 {
						t.Errorf("%s GET %s (%s) with another representation's ETag %s: %d", name, p, c.accept, other, rec.Code)
					}
				}
			}
		}
	}
}

func TestCachedAnswersAreCompressedOncePerEntry(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	const p = "/api/cms/openapi.json"
	for range 20 {
		for _, accept := range []string{"", "gzip", "br", "gzip, br"} {
			serveVia(s.handler, http.MethodGet, p, "Accept-Encoding", accept)
			serveVia(s.router, http.MethodGet, p, "Accept-Encoding", accept)
		}
	}
	entry, _, ok := hooks.ContentCacheOf(app).Get(p)
	if !ok || entry.Compressions() != 2 {
		t.Fatalf("cached %v; %d compressions for 160 requests, want 2 (gzip and brotli once each)", ok, entryCompressions(entry))
	}
	hooks.InvalidateContentCache(app)
	serveVia(s.handler, http.MethodGet, p, "Accept-Encoding", "gzip")
	serveVia(s.handler, http.MethodGet, p, "Accept-Encoding", "gzip")
	if entry, _, _ := hooks.ContentCacheOf(app).Get(p); entryCompressions(entry) != 1 {
		t.Errorf("new entry after invalidation: %d compressions, want 1", entryCompressions(entry))
	}
}

func entryCompressions(e *contentcache.Entry) int {
	if e == nil {
		return -1
	}
	return e.Compressions()
}

// TestCachedAnswersSayTheirLength checks over a real connection that cached answers carry
// the Content-Length of the bytes sent, for GET and HEAD, instead of chunked framing: every
// plain answer, and every compressed one net/http buffers whole (a larger compressed one may
// be chunked; see netHTTPBuffered in internal/contentapi).
func TestCachedAnswersSayTheirLength(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, p := range append([]string{"/", "/sitemap.xml"}, compressedPaths...) {
		for _, accept := range []string{"", "gzip", "br"} {
			for _, method := range []string{http.MethodGet, http.MethodGet, http.MethodHead} { // miss, then hits
				req, err := http.NewRequest(method, srv.URL+p, nil)
				must(t, err)
				req.Header.Set("Accept-Encoding", accept)
				req.Header.Set("Origin", "https://front.example.org")
				resp, err := client.Do(req)
				must(t, err)
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				must(t, err)
				if resp.Header.Get("Content-Encoding") != "" && len(sentBody(t, s, p, accept)) > 2048 {
					continue
				}
				if resp.StatusCode != 200 || len(resp.TransferEncoding) != 0 {
					t.Errorf("%s %s (%q): %d, Transfer-Encoding %q", method, p, accept, resp.StatusCode, resp.TransferEncoding)
					continue
				}
				want := int64(len(body))
				if method == http.MethodHead {
					want = int64(len(sentBody(t, s, p, accept)))
				}
				if resp.ContentLength != want || resp.Header.Get("Content-Length") != strconv.FormatInt(want, 10) {
					t.Errorf("%s %s (%q): Content-Length %q for %d bytes", method, p, accept, resp.Header.Get("Content-Length"), want)
				}
			}
		}
	}
}

// sentBody returns the body a GET of p with Accept-Encoding accept answers, as sent.
func sentBody(t *testing.T, s *served, p, accept string) []byte {
	t.Helper()
	return serveVia(s.handler, http.MethodGet, p, "Accept-Encoding", accept).Body.Bytes()
}
