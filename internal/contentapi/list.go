package contentapi

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/publishing"
)

// jsonBody marshals v as a JSON response body. <, > and & inside strings are written as
// \u003c, \u003e and \u0026 (as the stock records API does), so a front end that pastes the
// bytes of jsonld into a <script> element cannot have it closed by a title.
func jsonBody(v any) (string, []byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		return "", nil, err
	}
	return "application/json", bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// listPublishedArticles answers GET /api/cms/articles?page=&perPage=&topic=&author=: published
// articles, newest first. An unknown topic or author slug gives an empty page.
func (api *API) listPublishedArticles(e *core.RequestEvent) (string, []byte, error) {
	page, perPage, err := pageParams(e)
	if err != nil {
		return "", nil, err
	}
	q := e.Request.URL.Query()
	var f articleFilter
	found := true
	if s := q.Get("topic"); s != "" {
		f.topicID, found = idBySlug(e.App, "topics", s)
	}
	if s := q.Get("author"); s != "" && found {
		f.authorID, found = idBySlug(e.App, "authors", s)
	}
	if !found {
		return jsonBody(articlePage{Page: page, PerPage: perPage, Items: []articleItem{}})
	}
	result, err := api.listPublished(e.App, f, page, perPage)
	if err != nil {
		return "", nil, err
	}
	return jsonBody(result)
}

// idBySlug returns the id of the record of collection with slug, and whether it exists.
func idBySlug(app core.App, collection, slug string) (string, bool) {
	r, err := app.FindFirstRecordByData(collection, "slug", slug)
	if err != nil {
		return "", false
	}
	return r.Id, true
}

// showPublishedArticle answers GET /api/cms/articles/{slug}: one published, due article.
func (api *API) showPublishedArticle(e *core.RequestEvent) (string, []byte, error) {
	r, err := e.App.FindFirstRecordByData("articles", "slug", e.Request.PathValue("slug"))
	if err != nil || !publishing.IsPublic(r, api.now()) {
		if err == nil || errors.Is(err, sql.ErrNoRows) {
			err = errors.New("article not public")
		}
		return "", nil, e.NotFoundError("Missing or unpublished article.", err)
	}
	d, err := api.serializeArticleDetail(e.App, r)
	if err != nil {
		return "", nil, err
	}
	return jsonBody(d)
}
