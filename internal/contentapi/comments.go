package contentapi

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/comments"
)

// commentsPerPage is how many approved comments an article's detail carries.
const commentsPerPage = 20

// commentItem is an approved reader comment as the public reads it: the name (Anonymous when
// none was given), the date, the text (plain text, for the reader to escape) and the team's
// reply, if any.
type commentItem struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Body        string `json:"body"`
	Created     string `json:"created"`
	Reply       string `json:"reply"`
}

// commentPage is one page of an article's approved comments, newest first.
type commentPage struct {
	Page       int           `json:"page"`
	PerPage    int           `json:"perPage"`
	TotalItems int           `json:"totalItems"`
	TotalPages int           `json:"totalPages"`
	Items      []commentItem `json:"items"`
}

// listArticleComments answers GET /api/cms/articles/{slug}/comments?page=&perPage=: a page of
// a public article's approved comments, newest first. The article's detail carries the first
// page; this route pages on. A page past the end is empty; an article that is not public is
// the same 404 as its detail.
func (api *API) listArticleComments(e *core.RequestEvent) (string, []byte, error) {
	page, perPage, err := pageParams(e)
	if err != nil {
		return "", nil, err
	}
	r, err := api.publicArticle(e)
	if err != nil {
		return "", nil, err
	}
	p, err := articleComments(e.App, r, page, perPage)
	if err != nil {
		return "", nil, err
	}
	return jsonBody(p)
}

// articleComments is page (from 1) of r's approved comments, perPage a page; nothing else is
// ever read.
func articleComments(app core.App, r *core.Record, page, perPage int) (*commentPage, error) {
	where := dbx.HashExp{"article": r.Id, "status": comments.StatusApproved}
	total, err := app.CountRecords(comments.Collection, where)
	if err != nil {
		return nil, err
	}
	records, err := app.FindRecordsByFilter(comments.Collection, "article = {:a} && status = {:s}", "-created,-id",
		perPage, (page-1)*perPage, dbx.Params{"a": r.Id, "s": comments.StatusApproved})
	if err != nil {
		return nil, err
	}
	p := &commentPage{Page: page, PerPage: perPage, TotalItems: int(total), TotalPages: (int(total) + perPage - 1) / perPage,
		Items: []commentItem{}}
	for _, c := range records {
		name := c.GetString("display_name")
		if name == "" {
			name = comments.Anonymous
		}
		p.Items = append(p.Items, commentItem{ID: c.Id, DisplayName: name, Body: c.GetString("body"),
			Created: apiTime(c.GetDateTime("created")), Reply: c.GetString("reply")})
	}
	return p, nil
}
