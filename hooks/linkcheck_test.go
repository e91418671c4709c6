package hooks_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/linkcheck"
)

const (
	brokenLinksURL = "/api/cms/editorial/broken-links"
	linkCheckURL   = "/api/cms/editorial/link-check"
)

// linkApp is a test app whose only articles are the ones a test writes (the sample links
// to real sites, and no test leaves the machine), with its router and clock.
type linkApp struct {
	t      *testing.T
	app    *tests.TestApp
	mux    http.Handler
	clk    *clock
	author string
	admin  string
}

func newLinkApp(t *testing.T, cfg linkcheck.Config) *linkApp {
	clk := &clock{now: time.Now().UTC().Truncate(time.Millisecond)}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now, LinkCheck: cfg})
	removeArticles(t, app)
	return &linkApp{t: t, app: app, mux: serveMux(t, app), clk: clk, author: authorID(t, app, "priya-nair"),
		admin: hookstest.Token(t, app, hookstest.AdminEmail)}
}

// removeArticles deletes every article of app, the sample's among them.
func removeArticles(t testing.TB, app core.App) {
	records, err := app.FindAllRecords("articles")
	must(t, err)
	for _, r := range records {
		must(t, app.Delete(r))
	}
}

// localLinks allows the test servers on 127.0.0.1 and keeps the waits short.
var localLinks = linkcheck.Config{AllowPrivate: true, Timeout: 2 * time.Second, HostInterval: time.Millisecond}

func (l *linkApp) article(status, title, body string) *core.Record {
	l.t.Helper()
	r, err := hookstest.CreateArticle(l.app, l.author, map[string]any{"title": title, "status": status, "body": body})
	must(l.t, err)
	return r
}

// run checks the links now, as an admin through the route, and returns the summary.
func (l *linkApp) run() map[string]any {
	l.t.Helper()
	status, answer := sendJSONAs(l.mux, http.MethodPost, linkCheckURL, l.admin, nil)
	if status != http.StatusOK {
		l.t.Fatalf("link check: %d %v", status, answer)
	}
	return answer
}

// row is the stored result of url in article.
func (l *linkApp) row(article *core.Record, url string) *core.Record {
	l.t.Helper()
	r, err := l.app.FindFirstRecordByFilter(linkcheck.Collection, "article = {:a} && url = {:u}",
		map[string]any{"a": article.Id, "u": url})
	if err != nil {
		l.t.Fatalf("no result for %s: %v", url, err)
	}
	return r
}

// countingServer answers by path (/gone is 404, anything else 200) and counts requests per path.
func countingServer(t *testing.T) (*httptest.Server, *sync.Map) {
	var hits sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := hits.LoadOrStore(r.URL.Path, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		if r.URL.Path == "/gone" {
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func hitCount(hits *sync.Map, path string) int32 {
	n, ok := hits.Load(path)
	if !ok {
		return 0
	}
	return n.(*atomic.Int32).Load()
}

func TestLinkCheckStoresResultsOfPublishedArticles(t *testing.T) {
	t.Parallel()
	l := newLinkApp(t, localLinks)
	srv, hits := countingServer(t)
	first := l.article("published", "Finding support", fmt.Sprintf(
		"[ok](%[1]s/ok) and [gone](%[1]s/gone), [call us](tel:+448001234567), [typo](tel:12), [ok again](%[1]s/ok#top).", srv.URL))
	second := l.article("published", "More support", fmt.Sprintf("[ok](%s/ok) [999](tel:999)", srv.URL))
	l.article("draft", "Unfinished", fmt.Sprintf("[draft only](%s/draft)", srv.URL))

	sum := l.run()
	want := map[string]any{"articles": 2.0, "links": 6.0, "checked": 5.0, "broken": 2.0, "removed": 0.0}
	if fmt.Sprint(sum) != fmt.Sprint(want) {
		t.Fatalf("summary %v, want %v", sum, want)
	}
	if n := hitCount(hits, "/ok"); n != 1 {
		t.Errorf("/ok was requested %d times; one check per run however many articles hold it", n)
	}
	if n := hitCount(hits, "/draft"); n != 0 {
		t.Errorf("a draft's link was requested %d times", n)
	}
	if n, _ := l.app.CountRecords(linkcheck.Collection); n != 6 {
		t.Errorf("%d rows stored", n)
	}

	gone := l.row(first, srv.URL+"/gone")
	if gone.GetInt("status") != 404 || gone.GetBool("ok") || gone.GetString("error") != "The server answered 404 Not Found." ||
		!gone.GetDateTime("failing_since").Time().Equal(l.clk.Now()) {
		t.Errorf("404 row: %v", gone.PublicExport())
	}
	if ok := l.row(second, srv.URL+"/ok"); !ok.GetBool("ok") || ok.GetInt("status") != 200 || !ok.GetDateTime("failing_since").IsZero() {
		t.Errorf("ok row: %v", ok.PublicExport())
	}
	if tel := l.row(first, "tel:12"); tel.GetBool("ok") || !strings.Contains(tel.GetString("error"), "not a valid number") {
		t.Errorf("invalid tel: row: %v", tel.PublicExport())
	}
	if tel := l.row(first, "tel:+448001234567"); !tel.GetBool("ok") || tel.GetInt("status") != 0 {
		t.Errorf("valid tel: row: %v", tel.PublicExport())
	}

	editor := hookstest.Token(t, l.app, hookstest.EditorEmail)
	status, text := sendText(l.mux, http.MethodGet, brokenLinksURL, editor, "")
	if status != 200 || !strings.Contains(text, `"count":2`) ||
		!strings.Contains(text, `"title":"Finding support","slug":"finding-support","url":"`+srv.URL+`/gone","status":404,"error":"The server answered 404 Not Found."`) {
		t.Fatalf("broken links: %d %s", status, text)
	}
	if status, text := sendText(l.mux, http.MethodGet, brokenLinksURL+"?article="+second.Id, editor, ""); status != 200 ||
		!strings.Contains(text, `"items":[]`) {
		t.Fatalf("broken links of a healthy article: %d %s", status, text)
	}
}

func TestLinkFailingSinceLastsUntilTheLinkWorks(t *testing.T) {
	t.Parallel()
	l := newLinkApp(t, localLinks)
	var down atomic.Bool
	down.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	link := srv.URL + "/help"
	a := l.article("published", "Flaky link", "[help]("+link+")")

	firstFailure := l.clk.Now()
	l.run()
	l.clk.Set(firstFailure.Add(24 * time.Hour))
	l.run()
	r := l.row(a, link)
	if r.GetBool("ok") || !r.GetDateTime("failing_since").Time().Equal(firstFailure) || !r.GetDateTime("checked_at").Time().Equal(l.clk.Now()) {
		t.Fatalf("after two failures: %v", r.PublicExport())
	}

	down.Store(false)
	l.clk.Set(firstFailure.Add(48 * time.Hour))
	l.run()
	if r := l.row(a, link); !r.GetBool("ok") || r.GetInt("status") != 200 || !r.GetDateTime("failing_since").IsZero() || r.GetString("error") != "" {
		t.Fatalf("after recovery: %v", r.PublicExport())
	}

	// A link taken out of the article goes at the next run; an article's rows go with it.
	a.Set("body", "No links now.")
	must(t, l.app.Save(a))
	if sum := l.run(); sum["removed"] != 1.0 || sum["links"] != 0.0 {
		t.Fatalf("after the edit: %v", sum)
	}
	a.Set("body", "[help]("+link+")")
	must(t, l.app.Save(a))
	l.run()
	must(t, l.app.Delete(a))
	if n, _ := l.app.CountRecords(linkcheck.Collection); n != 0 {
		t.Fatalf("%d rows left after the article was deleted", n)
	}
}

func TestLinkCheckRefusesPrivateAddressesByDefault(t *testing.T) {
	t.Parallel()
	l := newLinkApp(t, linkcheck.Config{})
	srv, hits := countingServer(t)
	a := l.article("published", "Local link", "[here]("+srv.URL+"/local)")
	if sum := l.run(); sum["broken"] != 1.0 {
		t.Fatalf("summary %v", sum)
	}
	r := l.row(a, srv.URL+"/local")
	if r.GetBool("ok") || r.GetInt("status") != 0 || !strings.Contains(r.GetString("error"), "private or special-purpose address") {
		t.Fatalf("row: %v", r.PublicExport())
	}
	if n := hitCount(hits, "/local"); n != 0 {
		t.Fatalf("the local server was reached %d times", n)
	}
}

// TestLinkCheckRoutesByRole: staff list broken links, admins (and superusers) run a check, and
// nobody writes link_checks through the records API.
func TestLinkCheckRoutesByRole(t *testing.T) {
	t.Parallel()
	// A fresh app per scenario (serving twice on one app registers routes twice), without
	// the sample's articles, whose links would leave the machine.
	factory := func(t testing.TB) *tests.TestApp {
		app := hookstest.NewUnmanaged(t)
		removeArticles(t, app)
		return app
	}
	none := map[string]int{"*": 0}
	for _, r := range roles {
		headers := r.headers(t)
		deny := pick(r.email == "", 401, 403)
		admin := r.email == hookstest.AdminEmail || r.email == hookstest.SuperuserEmail
		scenarios := []tests.ApiScenario{{
			Name:            r.name + " lists broken links",
			Method:          http.MethodGet,
			URL:             brokenLinksURL,
			Headers:         headers,
			ExpectedStatus:  pick(r.isStaff, 200, deny),
			ExpectedContent: []string{pick(r.isStaff, `"count":0`, `"data":{}`)},
			ExpectedEvents:  none,
		}, {
			Name:            r.name + " runs a link check",
			Method:          http.MethodPost,
			URL:             linkCheckURL,
			Headers:         headers,
			ExpectedStatus:  pick(admin, 200, pick(r.isStaff, 403, deny)),
			ExpectedContent: []string{pick(admin, `"checked":0`, `"data":{}`)},
			ExpectedEvents:  none,
		}, {
			Name:            r.name + " writes a link check result",
			Method:          http.MethodPost,
			URL:             "/api/collections/link_checks/records",
			Headers:         headers,
			Body:            strings.NewReader(`{"url":"https://example.org/","article":"x","ok":true}`),
			ExpectedStatus:  403,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  pick(r.email == hookstest.SuperuserEmail, map[string]int{"*": 0, "OnRecordCreateRequest": 1}, none),
		}}
		for _, s := range scenarios {
			s.TestAppFactory = factory
			s.Test(t)
		}
	}
}
