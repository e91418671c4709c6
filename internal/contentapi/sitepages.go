package contentapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"recoverycms/internal/publishing"
	"recoverycms/internal/search"
)

// sitePerPage is the number of articles on a page of the reading site's lists.
const sitePerPage = 12

// htmlType is the content type of every page.
const htmlType = "text/html; charset=utf-8"

// PageRenderer renders the reading site's pages from this API's own JSON answers, so a page
// can show nothing the API would not publish. Package site implements it over package pages.
type PageRenderer interface {
	Home(e *core.RequestEvent, list, topics []byte) ([]byte, error)
	Article(e *core.RequestEvent, article []byte) ([]byte, error)
	Author(e *core.RequestEvent, author []byte) ([]byte, error)
	Topic(e *core.RequestEvent, topic []byte) ([]byte, error)
	// Search renders the search page; results is nil when q is blank.
	Search(e *core.RequestEvent, q string, results []byte) ([]byte, error)
	// Help renders the help directory page from its JSON (resources with open_now).
	Help(e *core.RequestEvent, directory []byte) ([]byte, error)
	Callback(e *core.RequestEvent) ([]byte, error)
	// NotFound is the page of every missing or unpublished path: one body for all of them.
	NotFound(e *core.RequestEvent) ([]byte, error)
	// Busy is the page answered with 503 when the admission gate refuses a miss.
	Busy(e *core.RequestEvent) ([]byte, error)
	// Variant is what a page depends on besides its path and parameters (the form token's
	// window); it is part of every page's cache key.
	Variant() string
}

// errNoPage says a page builder found nothing public to show: the answer is the 404 page.
var errNoPage = errors.New("no public page here")

// PageRoutes lists the reading site's pages, cached and invalidated like the API's answers,
// with strong ETags. A missing, unpublished or out-of-range page is the 404 page.
func (api *API) PageRoutes(pr PageRenderer) []Route {
	routes := []struct {
		pattern string
		build   builder
		params  []string
	}{
		{"/{$}", api.homePage(pr), []string{"page"}},
		{"/articles/{slug}", api.articlePage(pr), []string{"comments"}},
		{"/authors/{slug}", api.profilePage(pr, "authors", articleFilter.forAuthor, api.authorJSON, pr.Author), []string{"page"}},
		{"/topics/{slug}", api.profilePage(pr, "topics", articleFilter.forTopic, api.topicJSON, pr.Topic), []string{"page"}},
		{"/search", api.searchPage(pr), []string{"q", "page"}},
		{"/callback", func(e *core.RequestEvent) (string, []byte, error) { return htmlPage(pr.Callback(e)) }, nil},
	}
	out := make([]Route, len(routes))
	for i, r := range routes {
		out[i] = Route{Pattern: r.pattern, Handler: api.cachedPage(pr, r.build, r.params...), params: r.params}
	}
	// The help page says what is open now: it is cached for its minute only.
	help := api.cachedPageAs(pr, api.helpPage(pr), func(e *core.RequestEvent) string {
		return cacheKey(e.Request.URL, helpParams) + "#" + pr.Variant() + "@" + minuteKey(api.now())
	})
	return append(out, Route{Pattern: "/help", Handler: help, params: helpParams})
}

// cachedPage is cached for pages: the key carries pr's variant, a builder's errNoPage (or a
// 404 from below) is the 404 page, uncached, and a refused miss is the busy page.
func (api *API) cachedPage(pr PageRenderer, build builder, params ...string) func(*core.RequestEvent) error {
	return api.cachedPageAs(pr, build, func(e *core.RequestEvent) string { return cacheKey(e.Request.URL, params) + "#" + pr.Variant() })
}

// cachedPageAs is cachedPage with the cache key made by keyOf.
func (api *API) cachedPageAs(pr PageRenderer, build builder, keyOf func(*core.RequestEvent) string) func(*core.RequestEvent) error {
	serve := api.cachedAs(build, func(e *core.RequestEvent) error { return writePage(e, http.StatusServiceUnavailable, pr.Busy) }, keyOf)
	return func(e *core.RequestEvent) error {
		err := serve(e)
		var apiErr *router.ApiError
		if errors.Is(err, errNoPage) || (errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound) {
			return NotFoundPage(e, pr)
		}
		return err
	}
}

// NotFoundPage answers 404 with pr's not-found page, never cached by anyone.
func NotFoundPage(e *core.RequestEvent, pr PageRenderer) error {
	return writePage(e, http.StatusNotFound, pr.NotFound)
}

func writePage(e *core.RequestEvent, status int, render func(*core.RequestEvent) ([]byte, error)) error {
	body, err := render(e)
	if err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.Blob(status, htmlType, body)
}

func htmlPage(body []byte, err error) (string, []byte, error) {
	if err != nil {
		return "", nil, err
	}
	return htmlType, body, nil
}

// sitePage reads a list page's ?page= strictly: absent is 1, anything but a whole number
// from 1 is no page (404), so junk values cannot fill the cache.
func sitePage(e *core.RequestEvent) (int, error) { return siteNumber(e, "page") }

// siteNumber reads the page number param as sitePage reads ?page=.
func siteNumber(e *core.RequestEvent, param string) (int, error) {
	v := e.Request.URL.Query().Get(param)
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPage || strconv.Itoa(n) != v {
		return 0, errNoPage
	}
	return n, nil
}

// beyondEnd says page n of a list of total pages does not exist (page 1 always does).
func beyondEnd(n int, p *articlePage) bool { return n > 1 && n > p.TotalPages }

func (f articleFilter) forAuthor(id string) articleFilter { f.authorID = id; return f }
func (f articleFilter) forTopic(id string) articleFilter  { f.topicID = id; return f }

// homePage builds page n of the latest articles with the list of topics.
func (api *API) homePage(pr PageRenderer) builder {
	return func(e *core.RequestEvent) (string, []byte, error) {
		n, err := sitePage(e)
		if err != nil {
			return "", nil, err
		}
		list, err := api.listPublished(e.App, articleFilter{}, n, sitePerPage)
		if err != nil {
			return "", nil, err
		}
		if beyondEnd(n, list) {
			return "", nil, errNoPage
		}
		var topics []topicRef
		if err := e.App.DB().Select("name", "slug").From("topics").OrderBy("name ASC").All(&topics); err != nil {
			return "", nil, err
		}
		_, listJSON, err := jsonBody(list)
		if err != nil {
			return "", nil, err
		}
		_, topicsJSON, err := jsonBody(topics)
		if err != nil {
			return "", nil, err
		}
		return htmlPage(pr.Home(e, listJSON, topicsJSON))
	}
}

// articlePage builds the page of a published, due article.
func (api *API) articlePage(pr PageRenderer) builder {
	return func(e *core.RequestEvent) (string, []byte, error) {
		r, err := e.App.FindFirstRecordByData("articles", "slug", e.Request.PathValue("slug"))
		if err != nil || !publishing.IsPublic(r, api.now()) {
			return "", nil, errNoPage
		}
		n, err := siteNumber(e, "comments")
		if err != nil {
			return "", nil, err
		}
		d, err := api.serializeArticleDetail(e.App, r)
		if err != nil {
			return "", nil, err
		}
		// ?comments=N shows the Nth page of comments (older ones) under the same article.
		if n > 1 {
			if d.Comments, err = articleComments(e.App, r, n, commentsPerPage); err != nil {
				return "", nil, err
			}
			if n > d.Comments.TotalPages {
				return "", nil, errNoPage
			}
		}
		_, body, err := jsonBody(d)
		if err != nil {
			return "", nil, err
		}
		return htmlPage(pr.Article(e, body))
	}
}

// profilePage builds page n of an author's or topic's articles; toJSON is the API's answer
// for the record and its articles, render the page.
func (api *API) profilePage(pr PageRenderer, collection string, narrow func(articleFilter, string) articleFilter,
	toJSON func(e *core.RequestEvent, r *core.Record, list *articlePage) ([]byte, error),
	render func(*core.RequestEvent, []byte) ([]byte, error)) builder {
	return func(e *core.RequestEvent) (string, []byte, error) {
		n, err := sitePage(e)
		if err != nil {
			return "", nil, err
		}
		r, err := e.App.FindFirstRecordByData(collection, "slug", e.Request.PathValue("slug"))
		if err != nil {
			return "", nil, errNoPage
		}
		list, err := api.listPublished(e.App, narrow(articleFilter{}, r.Id), n, sitePerPage)
		if err != nil {
			return "", nil, err
		}
		if beyondEnd(n, list) {
			return "", nil, errNoPage
		}
		body, err := toJSON(e, r, list)
		if err != nil {
			return "", nil, err
		}
		return htmlPage(render(e, body))
	}
}

// searchPage builds the search page: the form alone for a blank q, else page n of the hits.
func (api *API) searchPage(pr PageRenderer) builder {
	return func(e *core.RequestEvent) (string, []byte, error) {
		q := strings.TrimSpace(e.Request.URL.Query().Get("q"))
		if q == "" {
			return htmlPage(pr.Search(e, "", nil))
		}
		if r := []rune(q); len(r) > maxQueryRunes {
			q = string(r[:maxQueryRunes]) // the page searches what fits, as the API's limit says
		}
		n, err := sitePage(e)
		if err != nil {
			return "", nil, err
		}
		result := &articlePage{Page: n, PerPage: sitePerPage, Items: []articleItem{}}
		if match := search.Query(q); match != "" {
			if result, err = api.search(e.App, match, n, sitePerPage); err != nil {
				return "", nil, err
			}
		}
		if beyondEnd(n, result) {
			return "", nil, errNoPage
		}
		_, body, err := jsonBody(result)
		if err != nil {
			return "", nil, err
		}
		return htmlPage(pr.Search(e, q, body))
	}
}
