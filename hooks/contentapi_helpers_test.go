package hooks_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
)

// liveRouter is the app's real router (stock routes plus every OnServe route), for tests that
// make several requests against the same app and compare them.
type liveRouter struct {
	t   testing.TB
	mux http.Handler
}

func newLiveRouter(t testing.TB, app core.App) *liveRouter {
	t.Helper()
	return &liveRouter{t: t, mux: hookstest.Router(t, app)}
}

// get performs a GET with optional header pairs ("If-None-Match", `"..."`).
func (lr *liveRouter) get(path string, header ...string) *httptest.ResponseRecorder {
	return lr.do(http.MethodGet, path, header...)
}

func (lr *liveRouter) do(method, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	lr.mux.ServeHTTP(rec, req)
	return rec
}

// getJSON performs a GET, expects 200 and decodes the body into a generic value.
func (lr *liveRouter) getJSON(path string) map[string]any {
	lr.t.Helper()
	rec := lr.get(path)
	if rec.Code != http.StatusOK {
		lr.t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		lr.t.Fatalf("GET %s: %v", path, err)
	}
	return out
}

// publicEndpoints are every public GET of the content API, with a path that answers 200 on
// the fixture data.
var publicEndpoints = []string{
	"/api/cms/articles",
	"/api/cms/articles?perPage=100",
	"/api/cms/articles?topic=ketamine",
	"/api/cms/articles?author=priya-nair",
	"/api/cms/articles/how-to-beat-ketamine-addiction",
	"/api/cms/authors/priya-nair",
	"/api/cms/topics/ketamine",
	"/api/cms/search?q=ketamine",
	"/feed.xml",
	"/feed.atom",
	"/feed.json",
	"/sitemap.xml",
	"/api/cms/openapi.json",
}
