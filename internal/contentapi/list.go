package contentapi

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"

	validation "github.com/pocketbase/ozzo-validation/v4"
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

// listPublishedArticles answers GET /api/cms/articles?page=&perPage=&topic=&author=&after=:
// published articles, newest first; after (the next cursor of a previous page) continues there. An unknown topic or author slug gives an empty page.
func (api *API) listPublishedArticles(e *core.RequestEvent) (string, []byte, error) {
	page, perPage, err := pageParams(e)
	if err != nil {
		return "", nil, err
	}
	q := e.Request.URL.Query()
	var cursor *listKey
	if s := q.Get("after"); s != "" {
		k, err := decodeCursor(s)
		if err != nil {
			return "", nil, e.BadRequestError("Invalid pagination parameters.", validation.Errors{
				"after": validation.NewError("after_invalid", "Use the next value of a previous page."),
			})
		}
		cursor = &k
	}
	var f articleFilter
	found := true
	if s := q.Get("topic"); s != "" {
		if f.topicID, found, err = idBySlug(e.App, "topics", s); err != nil {
			return "", nil, err
		}
	}
	if s := q.Get("author"); s != "" && found {
		if f.authorID, found, err = idBySlug(e.App, "authors", s); err != nil {
			return "", nil, err
		}
	}
	if !found {
		return jsonBody(articlePage{Page: page, PerPage: perPage, Items: []articleItem{}})
	}
	result, err := api.listPage(e.App, f, page, perPage, cursor)
	if err != nil {
		return "", nil, err
	}
	return jsonBody(result)
}

// publicArticle is the article named by the {slug} path value if the public may read it now,
// else the one 404 for missing, draft, scheduled and taken-down articles alike.
func (api *API) publicArticle(e *core.RequestEvent) (*core.Record, error) {
	r, err := e.App.FindFirstRecordByData(publishing.Articles, "slug", e.Request.PathValue("slug"))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err // ours, not the visitor's: a 5xx
	}
	if err != nil || !publishing.IsPublic(r, api.now()) {
		return nil, e.NotFoundError("Missing or unpublished article.", errors.New("article not public"))
	}
	return r, nil
}

// idBySlug returns the id of the record of collection with slug, and whether it exists; err
// is a failure to look, never "not found".
func idBySlug(app core.App, collection, slug string) (id string, found bool, err error) {
	r, err := app.FindFirstRecordByData(collection, "slug", slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return r.Id, true, nil
}

// showPublishedArticle answers GET /api/cms/articles/{slug}: one published, due article.
func (api *API) showPublishedArticle(e *core.RequestEvent) (string, []byte, error) {
	r, err := api.publicArticle(e)
	if err != nil {
		return "", nil, err
	}
	d, err := api.serializeArticleDetail(e.App, r)
	if err != nil {
		return "", nil, err
	}
	return jsonBody(d)
}
