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
// router alone (the whole middleware chain). Fixture data only, so it starts in a second.
func BenchmarkCacheHit(b *testing.B) {
	app := hookstest.New(b)
	s := newServed(b, app)
	// The list's cache key reads query parameters; the feed's is the bare path.
	for _, path := range []string{"/api/cms/articles", "/feed.xml"} {
		rec := serveVia(s.handler, http.MethodGet, path)
		body, contentType := rec.Body.Bytes(), rec.Header().Get("Content-Type")
		bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Write(body)
		})
		for _, c := range []struct {
			name string
			h    http.Handler
		}{{"bare", bare}, {"fastpath", s.handler}, {"router", s.router}} {
			b.Run(path+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				req := httptest.NewRequest(http.MethodGet, path, nil)
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
