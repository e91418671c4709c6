package hooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/admission"
)

// The feeds and the sitemap are documented as XML strings: openapi3filter reads them with a
// decoder that also requires well-formed XML.
func init() {
	for _, ct := range []string{"application/rss+xml", "application/atom+xml", "application/xml"} {
		openapi3filter.RegisterBodyDecoder(ct, xmlBodyDecoder)
	}
}

func xmlBodyDecoder(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	b, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	for dec := xml.NewDecoder(bytes.NewReader(b)); ; {
		if _, err := dec.Token(); err == io.EOF {
			return string(b), nil
		} else if err != nil {
			return nil, err
		}
	}
}

// liveDoc is the OpenAPI document the app serves, with a router over it, and the documented
// (operation, status) pairs live responses have shown so far.
type liveDoc struct {
	doc    *openapi3.T
	router routers.Router
	server string
	seen   map[string]bool
}

// load reads the document the app serves.
func (d *liveDoc) load(t *testing.T, lr *liveRouter) {
	t.Helper()
	rec := lr.get("/api/cms/openapi.json")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/cms/openapi.json: %d %s", rec.Code, rec.Body)
	}
	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	must(t, err)
	must(t, doc.Validate(context.Background()))
	router, err := legacy.NewRouter(doc)
	must(t, err)
	if len(doc.Servers) != 1 || doc.Servers[0].URL != d.server {
		t.Fatalf("servers %v, want %s", doc.Servers, d.server)
	}
	d.doc, d.router, d.seen = doc, router, map[string]bool{}
}

// liveCall is one request of the live test and the status it must get.
type liveCall struct {
	method, path string
	header       []string // pairs
	status       int
	// invalid says the document itself calls the request invalid (a query parameter out of
	// its schema), so ValidateRequest must refuse it; the answer is checked all the same.
	invalid bool
}

// call sends c through the real router and checks the answer against the document.
func (d *liveDoc) call(t *testing.T, lr *liveRouter, c liveCall) *httptest.ResponseRecorder {
	t.Helper()
	rec := d.send(t, lr, c)
	d.verify(t, c, rec)
	return rec
}

// send sends c through the real router and checks its status.
func (d *liveDoc) send(t *testing.T, lr *liveRouter, c liveCall) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	lr.mux.ServeHTTP(rec, d.request(c))
	if rec.Code != c.status {
		t.Fatalf("%s %s: %d, want %d: %s", c.method, c.path, rec.Code, c.status, rec.Body)
	}
	return rec
}

// verify checks the answer rec to c against the document.
func (d *liveDoc) verify(t *testing.T, c liveCall, rec *httptest.ResponseRecorder) {
	t.Helper()
	if err := d.check(d.request(c), c.invalid, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
		t.Errorf("%s %s (%d): %v", c.method, c.path, rec.Code, err)
	}
}

// request builds c's request on the document's server, so the router can match it.
func (d *liveDoc) request(c liveCall) *http.Request {
	req := httptest.NewRequest(c.method, d.server+c.path, nil)
	for i := 0; i+1 < len(c.header); i += 2 {
		req.Header.Set(c.header[i], c.header[i+1])
	}
	return req
}

// check validates one exchange: the request (refused exactly when invalid), then the answer,
// whose status must be documented. A 304, which openapi3filter passes unseen, must be
// documented for the operation and carry an ETag and no body.
func (d *liveDoc) check(req *http.Request, invalid bool, status int, header http.Header, body []byte) error {
	route, params, err := d.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("route not documented: %w", err)
	}
	ctx := context.Background()
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	switch err := openapi3filter.ValidateRequest(ctx, in); {
	case invalid && err == nil:
		return fmt.Errorf("the document accepts a request meant to be invalid")
	case !invalid && err != nil:
		return fmt.Errorf("request: %w", err)
	}
	if status == http.StatusNotModified {
		switch {
		case route.Operation.Responses.Status(status) == nil:
			return fmt.Errorf("304 is not documented")
		case len(body) > 0 || header.Get("ETag") == "":
			return fmt.Errorf("304 with a body or without an ETag")
		}
	} else if err := openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)), Options: opts,
	}); err != nil {
		return fmt.Errorf("response: %w", err)
	}
	d.seen[route.Method+" "+route.Path+" "+strconv.Itoa(status)] = true
	return nil
}

// unseen lists the documented (operation, status) pairs no live response has shown.
func (d *liveDoc) unseen() []string {
	var out []string
	for path, item := range d.doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status := range op.Responses.Map() {
				if key := method + " " + path + " " + status; !d.seen[key] {
					out = append(out, key)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// cachedCalls are anonymous GETs of every cached route; each answers 200 on the fixtures.
var cachedCalls = []string{
	"/api/cms/articles?perPage=2", "/api/cms/articles/" + hookstest.PublishedSlug, "/api/cms/authors/priya-nair",
	"/api/cms/articles/" + hookstest.PublishedSlug + "/comments?perPage=5",
	"/api/cms/topics/ketamine", "/api/cms/search?q=ketamine", "/api/cms/openapi.json",
	"/feed.xml", "/feed.atom", "/feed.json", "/sitemap.xml", "/api/cms/resources?country=GB&open_now=true",
}

// TestEveryLiveResponseMatchesTheOpenAPIDocument sends every documented route each answer it
// documents (successes, 304s, bad queries, missing records, previews valid and not, preview
// links by role, the busy pool's 503, a restore's 503 and the rate limit's 429) and validates
// request and answer against the served document with openapi3filter; every documented
// status must be seen. Answers that are wrong on purpose must be refused.
func TestEveryLiveResponseMatchesTheOpenAPIDocument(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now()}
	gate := admission.New(admission.Options{Workers: 1, Queue: -1, RefuseDelay: -1})
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now, Admission: gate})
	lr := newLiveRouter(t, app)
	// The document is served from the cache too, so the busy pool's answers are checked
	// once it is loaded.
	d := &liveDoc{server: "http://localhost:8090"}
	get := func(path string, status int, header ...string) *httptest.ResponseRecorder {
		t.Helper()
		return d.call(t, lr, liveCall{method: http.MethodGet, path: path, status: status, header: header})
	}

	// Misses while the pool is full: 503 with Retry-After, before anything is cached.
	release := occupy(t, gate, "203.0.113.0/24")
	busy := map[string]*httptest.ResponseRecorder{}
	for _, p := range cachedCalls {
		busy[p] = d.send(t, lr, liveCall{method: http.MethodGet, path: p, status: http.StatusServiceUnavailable})
	}
	release()
	for i := 0; lr.get("/api/cms/search?q=free").Code == http.StatusServiceUnavailable; i++ {
		if i == 200 {
			t.Fatal("the pool stays busy after its worker was released")
		}
		time.Sleep(10 * time.Millisecond) // the released worker returns to the pool
	}
	d.load(t, lr)
	for p, rec := range busy {
		d.verify(t, liveCall{method: http.MethodGet, path: p, status: http.StatusServiceUnavailable}, rec)
	}

	// Every cached route: 200, then 304 for its ETag.
	bodies := map[string][]byte{}
	for _, p := range cachedCalls {
		rec := get(p, http.StatusOK)
		bodies[p] = rec.Body.Bytes()
		get(p, http.StatusNotModified, "If-None-Match", rec.Header().Get("ETag"))
	}
	// Bad queries and missing records.
	for _, c := range []liveCall{
		{path: "/api/cms/articles?page=0", invalid: true},
		{path: "/api/cms/articles?after=not-a-cursor"},
		{path: "/api/cms/authors/priya-nair?page=0", invalid: true},
		{path: "/api/cms/authors/priya-nair?perPage=lots", invalid: true},
		{path: "/api/cms/topics/ketamine?page=x", invalid: true},
		{path: "/api/cms/topics/ketamine?perPage=0", invalid: true},
		{path: "/api/cms/articles/" + hookstest.PublishedSlug + "/comments?page=0", invalid: true},
		{path: "/api/cms/search", invalid: true},
		{path: "/api/cms/resources?country=UK"},
		{path: "/api/cms/resources?kind=hotline", invalid: true},
		{path: "/api/cms/resources?open_now=yes", invalid: true},
	} {
		c.method, c.status = http.MethodGet, http.StatusBadRequest
		rec := d.call(t, lr, c)
		if !strings.Contains(rec.Body.String(), `_invalid"`) && !strings.Contains(rec.Body.String(), `"q_required"`) {
			t.Errorf("%s: no field code: %s", c.path, rec.Body)
		}
	}
	for _, p := range []string{"/api/cms/articles/no-such-article", "/api/cms/articles/" + hookstest.DraftSlug,
		"/api/cms/articles/" + hookstest.DraftSlug + "/comments",
		"/api/cms/authors/no-such-author", "/api/cms/topics/no-such-topic"} {
		get(p, http.StatusNotFound)
	}

	// Preview links by role, and the previews they give.
	draft := articleBySlug(t, app, hookstest.DraftSlug)
	linkPath := func(id string) string { return "/api/cms/articles/" + id + "/preview-link" }
	editor := []string{"Authorization", hookstest.Token(t, app, hookstest.EditorEmail)}
	post := func(path string, status int, header ...string) *httptest.ResponseRecorder {
		t.Helper()
		return d.call(t, lr, liveCall{method: http.MethodPost, path: path, status: status, header: header})
	}
	post(linkPath(draft.Id), http.StatusUnauthorized)
	post(linkPath(draft.Id), http.StatusForbidden, "Authorization", hookstest.Token(t, app, hookstest.ReviewerEmail))
	post(linkPath("nosuchid"), http.StatusNotFound, editor...)
	token := func(id string) string {
		t.Helper()
		var link struct{ Token string }
		must(t, json.Unmarshal(post(linkPath(id), http.StatusOK, editor...).Body.Bytes(), &link))
		return link.Token
	}
	draftToken := token(draft.Id)
	preview := get("/api/cms/preview/"+draftToken, http.StatusOK)
	if !strings.Contains(preview.Body.String(), `"published_at":""`) {
		t.Fatalf("the draft preview is not the never-published case: %s", preview.Body)
	}
	get("/api/cms/preview/"+token(articleBySlug(t, app, hookstest.PublishedSlug).Id), http.StatusOK)
	get("/api/cms/preview/not-a-token", http.StatusUnauthorized)
	gone, err := hookstest.CreateArticle(app, authorID(t, app, "priya-nair"), map[string]any{
		"title": "Soon deleted", "status": "draft", "body": "Text."})
	must(t, err)
	goneToken := token(gone.Id)
	must(t, app.Delete(gone))
	get("/api/cms/preview/"+goneToken, http.StatusNotFound)
	clk.Set(clk.Now().Add(2 * time.Hour)) // past the default one-hour lifetime
	get("/api/cms/preview/"+draftToken, http.StatusUnauthorized)

	// A fault of ours that is not storage (tables gone from under the app): every cached
	// route built from the database answers 500 with Retry-After, never a 400.
	rename := func(from, to string) {
		t.Helper()
		_, err := app.DB().NewQuery("ALTER TABLE " + from + " RENAME TO " + to).Execute()
		must(t, err)
	}
	rename("articles", "articles_away")
	rename("resources", "resources_away")
	hooks.InvalidateContentCache(app)
	for _, p := range cachedCalls {
		if p != "/api/cms/openapi.json" { // a static document: nothing of ours to fail
			get(p, http.StatusInternalServerError)
		}
	}
	rename("articles_away", "articles")
	rename("resources_away", "resources")
	hooks.InvalidateContentCache(app)
	get("/api/cms/articles?perPage=2", http.StatusOK)

	// A write during a backup restore: 503 with Retry-After.
	must(t, app.OnBackupRestore().Trigger(&core.BackupEvent{App: app, Context: context.Background()},
		func(*core.BackupEvent) error {
			post(linkPath(draft.Id), http.StatusServiceUnavailable, editor...)
			return nil
		}))

	// The rate limit, once enabled, answers every route 429 after the first request.
	settings := app.Settings()
	settings.RateLimits.Enabled = true
	settings.RateLimits.Rules = []core.RateLimitRule{{Label: "/", MaxRequests: 1, Duration: 3600}}
	must(t, app.Save(settings))
	lr.get("/api/cms/articles")
	for _, p := range append(cachedCalls, "/api/cms/preview/"+draftToken) {
		get(p, http.StatusTooManyRequests)
	}
	post(linkPath(draft.Id), http.StatusTooManyRequests, editor...)

	// Only a storage fault makes the preview answer 503: not reproduced here (see
	// storage_fault_test.go for the middleware that answers it on every route).
	if got := d.unseen(); !slices.Equal(got, []string{"GET /api/cms/preview/{token} 503"}) {
		t.Errorf("documented answers no live response showed: %v", got)
	}

	// The checks refuse what is wrong.
	article := "/api/cms/articles/" + hookstest.PublishedSlug
	resources := "/api/cms/resources?country=GB&open_now=true"
	if !strings.Contains(string(bodies[resources]), `"phone":"116123"`) {
		t.Fatal("the directory answer lacks Samaritans")
	}
	tampered := strings.Replace(string(bodies[article]), `"published_at":"20`, `"published_at":"yesterday`, 1)
	if tampered == string(bodies[article]) {
		t.Fatal("the article has no publication date to tamper with")
	}
	for _, w := range []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
	}{
		{"a published article without a publication date", "GET", article, 200, jsonHeader(), preview.Body.String()},
		{"a date that is not one", "GET", article, 200, jsonHeader(), tampered},
		{"a 200 without an ETag", "GET", "/api/cms/openapi.json", 200, http.Header{"Content-Type": {"application/json"}}, string(bodies["/api/cms/openapi.json"])},
		{"an error without its message", "GET", "/api/cms/articles/no-such-article", 404, jsonHeader(), `{"status":404,"data":{}}`},
		{"a 503 without Retry-After", "GET", "/feed.xml", 503, jsonHeader(), `{"status":503,"message":"Busy.","data":{}}`},
		{"an undocumented status", "GET", "/feed.xml", http.StatusTeapot, jsonHeader(), `{}`},
		{"a 304 where none is documented", "GET", "/api/cms/preview/" + draftToken, 304, http.Header{"ETag": {`"x"`}}, ``},
		{"a 400 where none is documented", "GET", article, 400, jsonHeader(), `{"status":400,"message":"No.","data":{}}`},
		{"a directory item without open_now", "GET", resources, 200, jsonHeader(), strings.ReplaceAll(string(bodies[resources]), `"open_now":true,`, "")},
		{"a phone number in neither E.164 nor short form", "GET", resources, 200, jsonHeader(), strings.Replace(string(bodies[resources]), `"phone":"116123"`, `"phone":"116 123"`, 1)},
	} {
		req := d.request(liveCall{method: w.method, path: w.path})
		if err := d.check(req, false, w.status, w.header, []byte(w.body)); err == nil {
			t.Errorf("%s passed validation", w.name)
		}
	}
}

// jsonHeader is the header of a JSON answer with an ETag, as every cached 200 has.
func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}, "Etag": {`"abc"`}}
}
