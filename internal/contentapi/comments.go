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

// commentPage is the first page of an article's approved comments, newest first.
type commentPage struct {
	Page       int           `json:"page"`
	PerPage    int           `json:"perPage"`
	TotalItems int           `json:"totalItems"`
	Items      []commentItem `json:"items"`
}

// articleComments is the first page of r's approved comments; nothing else is ever read.
func articleComments(app core.App, r *core.Record) (*commentPage, error) {
	where := dbx.HashExp{"article": r.Id, "status": comments.StatusApproved}
	total, err := app.CountRecords(comments.Collection, where)
	if err != nil {
		return nil, err
	}
	records, err := app.FindRecordsByFilter(comments.Collection, "article = {:a} && status = {:s}", "-created,-id",
		commentsPerPage, 0, dbx.Params{"a": r.Id, "s": comments.StatusApproved})
	if err != nil {
		return nil, err
	}
	p := &commentPage{Page: 1, PerPage: commentsPerPage, TotalItems: int(total), Items: []commentItem{}}
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
