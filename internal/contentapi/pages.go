package contentapi

import (
	"database/sql"
	"errors"
	"github.com/pocketbase/pocketbase/core"
)

// authorPage is GET /api/cms/authors/{slug}: the author and their published articles.
type authorPage struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Slug        string       `json:"slug"`
	URL         string       `json:"url"`
	Credentials string       `json:"credentials"`
	BioHTML     string       `json:"bio_html"`
	Avatar      *imageRef    `json:"avatar"`
	Updated     string       `json:"updated"`
	Articles    *articlePage `json:"articles"`
}

// topicPage is GET /api/cms/topics/{slug}: the topic and its published articles.
type topicPage struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Slug        string       `json:"slug"`
	URL         string       `json:"url"`
	Description string       `json:"description"`
	Updated     string       `json:"updated"`
	Articles    *articlePage `json:"articles"`
}

// showAuthorPage answers GET /api/cms/authors/{slug}?page=&perPage=.
func (api *API) showAuthorPage(e *core.RequestEvent) (string, []byte, error) {
	r, articles, err := api.pageOf(e, "authors", "Missing author.", func(id string) articleFilter { return articleFilter{authorID: id} })
	if err != nil {
		return "", nil, err
	}
	body, err := api.authorJSON(e, r, articles)
	return "application/json", body, err
}

// authorJSON is the API's answer for author r with a page of their articles.
func (api *API) authorJSON(e *core.RequestEvent, r *core.Record, articles *articlePage) ([]byte, error) {
	_, body, err := jsonBody(authorPage{
		ID: r.Id, Name: r.GetString("name"), Slug: r.GetString("slug"), URL: api.urls(e.App).Author(r.GetString("slug")),
		Credentials: r.GetString("credentials"), BioHTML: r.GetString("bio_html"),
		Avatar: api.image(e.App, r, "avatar", r.GetString("name")), Updated: apiTime(r.GetDateTime("updated")),
		Articles: articles,
	})
	return body, err
}

// showTopicPage answers GET /api/cms/topics/{slug}?page=&perPage=.
func (api *API) showTopicPage(e *core.RequestEvent) (string, []byte, error) {
	r, articles, err := api.pageOf(e, "topics", "Missing topic.", func(id string) articleFilter { return articleFilter{topicID: id} })
	if err != nil {
		return "", nil, err
	}
	body, err := api.topicJSON(e, r, articles)
	return "application/json", body, err
}

// topicJSON is the API's answer for topic r with a page of its articles.
func (api *API) topicJSON(e *core.RequestEvent, r *core.Record, articles *articlePage) ([]byte, error) {
	_, body, err := jsonBody(topicPage{
		ID: r.Id, Name: r.GetString("name"), Slug: r.GetString("slug"), URL: api.urls(e.App).Topic(r.GetString("slug")),
		Description: r.GetString("description"), Updated: apiTime(r.GetDateTime("updated")), Articles: articles,
	})
	return body, err
}

// pageOf reads the record of collection named by the {slug} path value and the requested page
// of its published articles (filter narrows the list to it); missing is the 404 message.
func (api *API) pageOf(e *core.RequestEvent, collection, missing string, filter func(id string) articleFilter) (*core.Record, *articlePage, error) {
	page, perPage, err := pageParams(e)
	if err != nil {
		return nil, nil, err
	}
	r, err := e.App.FindFirstRecordByData(collection, "slug", e.Request.PathValue("slug"))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, e.NotFoundError(missing, err)
	}
	if err != nil {
		return nil, nil, err
	}
	articles, err := api.listPublished(e.App, filter(r.Id), page, perPage)
	if err != nil {
		return nil, nil, err
	}
	return r, articles, nil
}
