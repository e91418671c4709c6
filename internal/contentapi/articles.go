package contentapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/frontend"
	"recoverycms/internal/publishing"
	"recoverycms/internal/review"
)

// listColumns are the article columns the public list reads: never body or body_html.
var listColumns = []string{
	"articles.id", "articles.slug", "articles.title", "articles.summary", "articles.published_at",
	"articles.updated", "articles.reading_minutes", "articles.cover", "articles.cover_alt",
	"articles.author", "articles.topics",
}

// Page bounds of every paginated public endpoint.
const (
	defaultPerPage = 20
	maxPerPage     = 100
)

// articleItem is the list shape of a published article.
type articleItem struct {
	ID             string     `json:"id"`
	Slug           string     `json:"slug"`
	Title          string     `json:"title"`
	Summary        string     `json:"summary"`
	URL            string     `json:"url"`
	PublishedAt    string     `json:"published_at"`
	Updated        string     `json:"updated"`
	ReadingMinutes int        `json:"reading_minutes"`
	Cover          *imageRef  `json:"cover"`
	Author         *personRef `json:"author"`
	Topics         []topicRef `json:"topics"`
	Snippet        *string    `json:"snippet,omitempty"`
}

// imageRef is an uploaded image as absolute URLs: the original and each thumb size.
type imageRef struct {
	URL    string            `json:"url"`
	Alt    string            `json:"alt,omitempty"`
	Thumbs map[string]string `json:"thumbs"`
}

// personRef is an author as embedded in articles.
type personRef struct {
	Name        string    `json:"name"`
	Slug        string    `json:"slug"`
	Credentials string    `json:"credentials,omitempty"`
	URL         string    `json:"url"`
	Avatar      *imageRef `json:"avatar,omitempty"`
}

// topicRef is a topic as embedded in articles.
type topicRef struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

// articlePage is one page of a paginated article list.
type articlePage struct {
	Page       int           `json:"page"`
	PerPage    int           `json:"perPage"`
	TotalItems int           `json:"totalItems"`
	TotalPages int           `json:"totalPages"`
	Items      []articleItem `json:"items"`
	// Next is the ?after= cursor of the following page, absent on the last one.
	Next string `json:"next,omitempty"`
}

// apiTime turns a stored date into RFC 3339 for clients; empty stays empty.
func apiTime(d types.DateTime) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// articleFilter narrows a published list to one author or one topic (by record id).
type articleFilter struct {
	authorID string
	topicID  string
}

func (f articleFilter) exps(now time.Time) []dbx.Expression {
	exps := []dbx.Expression{publishing.PublicExp(now)}
	if f.authorID != "" {
		exps = append(exps, dbx.NewExp("articles.author = {:author}", dbx.Params{"author": f.authorID}))
	}
	if f.topicID != "" {
		exps = append(exps, dbx.NewExp("EXISTS (SELECT 1 FROM json_each(articles.topics) jt WHERE jt.value = {:topic})",
			dbx.Params{"topic": f.topicID}))
	}
	return exps
}

// listPublished reads one page of published articles, newest first, without their bodies.
func (api *API) listPublished(app core.App, f articleFilter, page, perPage int) (*articlePage, error) {
	return api.listPage(app, f, page, perPage, nil)
}

// listPage reads the page of published articles matching f that starts after cursor, or, when
// cursor is nil, page number page. The total and the key before the page come from the list
// order of the content version (keysOf), the rows from one keyset query.
func (api *API) listPage(app core.App, f articleFilter, page, perPage int, cursor *listKey) (*articlePage, error) {
	now := api.now()
	keys, err := api.keysOf(app, f, now)
	if err != nil {
		return nil, err
	}
	total := len(keys)
	start := (page - 1) * perPage
	if cursor != nil {
		start = after(keys, *cursor)
		page = start/perPage + 1
	} else if start > 0 && start <= total {
		cursor = &keys[start-1]
	}
	records := []*core.Record{}
	if start < total {
		if err := publishedListQuery(app, f, now, cursor, perPage).All(&records); err != nil {
			return nil, err
		}
	}
	items, err := api.articleItems(app, records)
	if err != nil {
		return nil, err
	}
	result := &articlePage{Page: page, PerPage: perPage, TotalItems: total,
		TotalPages: (total + perPage - 1) / perPage, Items: items}
	if n := len(records); n > 0 && start+n < total {
		last := records[n-1]
		result.Next = encodeCursor(listKey{PublishedAt: last.GetDateTime("published_at").String(), ID: last.Id})
	}
	return result, nil
}

// publishedListQuery selects perPage published articles after cursor (from the newest when
// nil), newest first. It seeks the (status, published_at, id) index to the cursor and reads
// the page from it: no OFFSET, no body, no table scan.
func publishedListQuery(app core.App, f articleFilter, now time.Time, cursor *listKey, perPage int) *dbx.SelectQuery {
	exps := f.exps(now)
	if cursor != nil {
		exps = append(exps, dbx.NewExp("(articles.published_at, articles.id) < ({:cursor_at}, {:cursor_id})",
			dbx.Params{"cursor_at": cursor.PublishedAt, "cursor_id": cursor.ID}))
	}
	return app.RecordQuery("articles").Select(listColumns...).Where(dbx.And(exps...)).
		OrderBy("articles.published_at DESC", "articles.id DESC").Limit(int64(perPage))
}

// articleItems turns records into list items, loading their authors and topics in two queries.
func (api *API) articleItems(app core.App, records []*core.Record) ([]articleItem, error) {
	var authorIDs, topicIDs []string
	for _, r := range records {
		authorIDs = append(authorIDs, r.GetString("author"))
		topicIDs = append(topicIDs, r.GetStringSlice("topics")...)
	}
	authors, err := recordsByID(app, "authors", authorIDs)
	if err != nil {
		return nil, err
	}
	topics, err := recordsByID(app, "topics", topicIDs)
	if err != nil {
		return nil, err
	}
	urls := api.urls(app)
	items := make([]articleItem, 0, len(records))
	for _, r := range records {
		item := articleItem{
			ID: r.Id, Slug: r.GetString("slug"), Title: r.GetString("title"), Summary: r.GetString("summary"),
			URL:            urls.Article(r.GetString("slug")),
			PublishedAt:    apiTime(r.GetDateTime("published_at")),
			Updated:        apiTime(r.GetDateTime("updated")),
			ReadingMinutes: r.GetInt("reading_minutes"),
			Cover:          api.image(app, r, "cover", r.GetString("cover_alt")),
			Author:         api.person(app, authors[r.GetString("author")], false),
			Topics:         topicRefs(urls, topics, r.GetStringSlice("topics")),
		}
		items = append(items, item)
	}
	return items, nil
}

// topicRefs are the embedded topics of ids, in order, from the loaded topics.
func topicRefs(urls frontend.URLs, topics map[string]*core.Record, ids []string) []topicRef {
	refs := []topicRef{}
	for _, id := range ids {
		if t := topics[id]; t != nil {
			refs = append(refs, topicRef{Name: t.GetString("name"), Slug: t.GetString("slug"), URL: urls.Topic(t.GetString("slug"))})
		}
	}
	return refs
}

// recordsByID loads the records of collection with the given ids, keyed by id.
func recordsByID(app core.App, collection string, ids []string) (map[string]*core.Record, error) {
	out := map[string]*core.Record{}
	if len(ids) == 0 {
		return out, nil
	}
	records, err := app.FindRecordsByIds(collection, uniqueStrings(ids))
	if err != nil {
		return nil, err
	}
	for _, r := range records {
		out[r.Id] = r
	}
	return out, nil
}

func uniqueStrings(in []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// image returns the absolute URLs of the file in field, or nil when there is none.
func (api *API) image(app core.App, r *core.Record, field, alt string) *imageRef {
	name := r.GetString(field)
	if name == "" {
		return nil
	}
	base := api.urls(app).Site() + "/api/files/" + r.Collection().Id + "/" + r.Id + "/" + name
	ref := &imageRef{URL: base, Alt: alt, Thumbs: map[string]string{}}
	if f, ok := r.Collection().Fields.GetByName(field).(*core.FileField); ok {
		for _, size := range f.Thumbs {
			ref.Thumbs[size] = base + "?thumb=" + size
		}
	}
	return ref
}

// person is the embedded shape of an author; full adds credentials and the avatar.
func (api *API) person(app core.App, r *core.Record, full bool) *personRef {
	if r == nil {
		return nil
	}
	p := &personRef{Name: r.GetString("name"), Slug: r.GetString("slug"), URL: api.urls(app).Author(r.GetString("slug"))}
	if full {
		p.Credentials = r.GetString("credentials")
		p.Avatar = api.image(app, r, "avatar", r.GetString("name"))
	}
	return p
}

// articleDetail is the full public shape of one article (slug endpoint and draft preview).
type articleDetail struct {
	articleItem
	ReviewedAt      string          `json:"reviewed_at"`
	NextReviewAt    string          `json:"next_review_at"`
	WordCount       int             `json:"word_count"`
	MetaTitle       string          `json:"meta_title"`
	MetaDescription string          `json:"meta_description"`
	BodyHTML        string          `json:"body_html"`
	TOC             json.RawMessage `json:"toc"`
	ReviewedBy      *personRef      `json:"reviewed_by"`
	Related         []articleItem   `json:"related"`
	// Help is the "Get help now" block: resources of the site's country for its topics.
	Help []resourceItem `json:"help"`
	// CommentsOpen says whether readers may send comments on the article.
	CommentsOpen bool `json:"comments_open"`
	// Comments are the first page of approved reader comments, newest first.
	Comments *commentPage   `json:"comments"`
	JSONLD   map[string]any `json:"jsonld"`
}

// serializeArticleDetail builds the detail shape of article r, whatever its status; callers
// decide who may see it. Related articles are always published ones.
func (api *API) serializeArticleDetail(app core.App, r *core.Record) (*articleDetail, error) {
	items, err := api.articleItems(app, []*core.Record{r})
	if err != nil {
		return nil, err
	}
	d := &articleDetail{
		articleItem:     items[0],
		ReviewedAt:      apiTime(r.GetDateTime("reviewed_at")),
		WordCount:       r.GetInt("word_count"),
		MetaTitle:       r.GetString("meta_title"),
		MetaDescription: r.GetString("meta_description"),
		BodyHTML:        r.GetString("body_html"),
		CommentsOpen:    r.GetBool("comments_open"),
		TOC:             json.RawMessage(`[]`),
	}
	if raw := strings.TrimSpace(r.GetString("toc")); raw != "" && json.Valid([]byte(raw)) {
		d.TOC = json.RawMessage(raw)
	}
	people, err := recordsByID(app, "authors", []string{r.GetString("author"), r.GetString("reviewed_by")})
	if err != nil {
		return nil, err
	}
	d.Author = api.person(app, people[r.GetString("author")], true)
	// The public is told a clinician reviewed the text only while their sign-off covers it.
	if review.Covers(r) {
		d.ReviewedBy = api.person(app, people[r.GetString("reviewed_by")], true)
		d.NextReviewAt = apiTime(r.GetDateTime("next_review_at"))
	} else {
		d.ReviewedAt = ""
	}
	if d.Related, err = api.relatedArticles(app, r); err != nil {
		return nil, err
	}
	if d.Help, err = api.articleHelp(app, r); err != nil {
		return nil, err
	}
	// Comments are public only while their article is: a preview of an article that is not
	// live (its link may be shared outside the staff) shows none.
	if !publishing.IsPublic(r, api.now()) {
		d.Comments = &commentPage{Page: 1, PerPage: commentsPerPage, Items: []commentItem{}}
	} else if d.Comments, err = articleComments(app, r, 1, commentsPerPage); err != nil {
		return nil, err
	}
	d.JSONLD = api.jsonLD(app, d)
	return d, nil
}

// relatedArticles returns up to 3 other published articles sharing a topic with r, newest first.
func (api *API) relatedArticles(app core.App, r *core.Record) ([]articleItem, error) {
	topics := r.GetStringSlice("topics")
	if len(topics) == 0 {
		return []articleItem{}, nil
	}
	params := dbx.Params{}
	holders := make([]string, len(topics))
	for i, id := range topics {
		key := fmt.Sprintf("t%d", i)
		params[key] = id
		holders[i] = "{:" + key + "}"
	}
	var records []*core.Record
	err := app.RecordQuery("articles").Select(listColumns...).
		Where(publishing.PublicExp(api.now())).
		AndWhere(dbx.NewExp("articles.id != {:self}", dbx.Params{"self": r.Id})).
		AndWhere(dbx.NewExp("EXISTS (SELECT 1 FROM json_each(articles.topics) jt WHERE jt.value IN ("+
			strings.Join(holders, ",")+"))", params)).
		OrderBy("articles.published_at DESC").Limit(3).All(&records)
	if err != nil {
		return nil, err
	}
	return api.articleItems(app, records)
}

// DefaultShareImagePath is the site's share image, relative to the site: the JSON-LD image of
// an article without a cover, so search engines always have one to show.
const DefaultShareImagePath = "/assets/share.png"

// jsonLD is the schema.org description of an article a front end can embed as-is. Reviewed
// articles are MedicalWebPage, the type that carries reviewedBy and lastReviewed. The site
// is the publisher, named as in the app settings.
func (api *API) jsonLD(app core.App, d *articleDetail) map[string]any {
	site := api.urls(app).Site()
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "Article",
		"headline":         d.Title,
		"description":      d.Summary,
		"url":              d.URL,
		"mainEntityOfPage": d.URL,
		"dateModified":     d.Updated,
		"wordCount":        d.WordCount,
		"image":            site + DefaultShareImagePath,
		"publisher":        map[string]any{"@type": "Organization", "name": siteName(app), "url": site},
	}
	if d.PublishedAt != "" {
		ld["datePublished"] = d.PublishedAt
	}
	if d.Author != nil {
		ld["author"] = map[string]any{"@type": "Person", "name": d.Author.Name, "url": d.Author.URL}
	}
	if d.Cover != nil {
		ld["image"] = d.Cover.URL
	}
	if d.ReviewedBy != nil {
		ld["@type"] = "MedicalWebPage"
		ld["reviewedBy"] = map[string]any{"@type": "Person", "name": d.ReviewedBy.Name, "url": d.ReviewedBy.URL}
		if len(d.ReviewedAt) >= len("2006-01-02") {
			ld["lastReviewed"] = d.ReviewedAt[:len("2006-01-02")] // schema.org's lastReviewed is a Date
		}
	}
	return ld
}

// ListQuery is the query of one page of the public list, optionally narrowed to an author or
// a topic id, as the API runs it: exported so its plan can be checked against the indexes.
// A page after the first seeks after a cursor (here one at now, the shape matters, not the key).
func ListQuery(app core.App, authorID, topicID string, now time.Time, page, perPage int) *dbx.SelectQuery {
	var cursor *listKey
	if page > 1 {
		cursor = &listKey{PublishedAt: publishing.DBTime(now), ID: "~"}
	}
	return publishedListQuery(app, articleFilter{authorID: authorID, topicID: topicID}, now, cursor, perPage)
}
