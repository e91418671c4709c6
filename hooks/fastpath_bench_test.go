package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"recoverycms/hooks/hookstest"
)

// BenchmarkCacheHit measures one cached GET in process, with no network:
// "bare" is a handler writing the same bytes from memory (bench/load.sh's baseline), "fastpath"
// is the server handler OnServe builds (the fast path answers), "router" is PocketBase's
// router alone (the whole middleware chain). Each runs with no request headers, with a
// cross-origin Origin ("origin") and with Origin and Accept-Encoding: gzip ("origin+gzip";
// the bare handler then writes the same gzip bytes). Fixture data only, so it starts in a second.
func BenchmarkCacheHit(b *testing.B) {
	app := hookstest.New(b)
	s := newServed(b, app)
	variants := []struct {
		name   string
		header []string
	}{
		{"", nil},
		{"origin/", []string{"Origin", "https://front.example.org"}},
		{"origin+gzip/", []string{"Origin", "https://front.example.org", "Accept-Encoding", "gzip"}},
	}
	// The list's cache key reads query parameters; the feed's is the bare path; the article's
	// route has a wildcard.
	for _, path := range []string{"/api/cms/articles", "/feed.xml", "/api/cms/articles/" + hookstest.PublishedSlug} {
		for _, v := range variants {
			benchmarkCacheHit(b, s, path, v.name, v.header)
		}
	}
}

func benchmarkCacheHit(b *testing.B, s *served, path, variant string, header []string) {
	{
		rec := serveVia(s.handler, http.MethodGet, path, header...)
		body, contentType, coding := rec.Body.Bytes(), rec.Header().Get("Content-Type"), rec.Header().Get("Content-Encoding")
		bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			if coding != "" {
				w.Header().Set("Content-Encoding", coding)
			}
			w.Write(body)
		})
		for _, c := range []struct {
			name string
			h    http.Handler
		}{{"bare", bare}, {"fastpath", s.handler}, {"router", s.router}} {
			b.Run(path+"/"+variant+c.name, func(b *testing.B) {
				b.ReportAllocs()
				req := httptest.NewRequest(http.MethodGet, path, nil)
				for i := 0; i+1 < len(header); i += 2 {
					req.Header.Set(header[i], header[i+1])
				}
				w := &nullWriter{}
				for b.Loop() {
					w.h, w.status = http.Header{}, 0 // a server gives each request a fresh header map
					req.Body = http.NoBody           // the router wraps the body it is given
					c.h.ServeHTTP(w, req)
					if w.status != http.StatusOK {
						b.Fatalf("status %d", w.status)
					}
				}
			})
		}
	}
}

// nullWriter is a ResponseWriter that keeps only the status and headers.
type nullWriter struct {
	h      http.Header
	status int
}

func (w *nullWriter) Header() http.Header { return w.h }
func (w *nullWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}
func (w *nullWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}
