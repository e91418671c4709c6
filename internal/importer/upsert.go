package importer

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/review"
)

func (u *upserter) topics(docs []parsed[TopicDoc]) error {
	for _, p := range docs {
		s, err := p.slugOr(p.doc.Slug, p.doc.Name)
		if err != nil {
			return err
		}
		if p.doc.Name == "" {
			return p.at("name", fmt.Errorf("a topic needs a name"))
		}
		_, err = u.upsert("topics", s, func(r *core.Record) {
			r.Set("name", p.doc.Name)
			r.Set("description", p.doc.Description)
		})
		if err != nil {
			return fileError{p.file, err}
		}
	}
	return nil
}

func (u *upserter) authors(docs []parsed[AuthorDoc]) error {
	for _, p := range docs {
		s, err := p.slugOr(p.doc.Slug, p.doc.Name)
		if err != nil {
			return err
		}
		if p.doc.Name == "" {
			return p.at("name", fmt.Errorf("an author needs a name"))
		}
		_, err = u.upsert("authors", s, func(r *core.Record) {
			r.Set("name", p.doc.Name)
			r.Set("credentials", p.doc.Credentials)
			r.Set("bio", trimBody(p.body))
		})
		if err != nil {
			return fileError{p.file, err}
		}
	}
	return nil
}

// articleStatuses are the statuses front matter may name; empty means draft.
var articleStatuses = map[string]bool{"": true, "draft": true, "in_review": true, "published": true, "archived": true}

func (u *upserter) articles(docs []parsed[ArticleDoc]) error {
	for _, p := range docs {
		d := p.doc
		s, err := p.slugOr(d.Slug, d.Title)
		if err != nil {
			return err
		}
		if d.Title == "" {
			return p.at("title", fmt.Errorf("an article needs a title"))
		}
		if !articleStatuses[d.Status] {
			return p.at("status", fmt.Errorf("unknown status %q (use draft, in_review, published or archived)", d.Status))
		}
		author, err := u.lookup(p, "authors", "author", d.Author)
		if err != nil {
			return err
		}
		if author == "" {
			return p.at("author", fmt.Errorf("an article needs an author"))
		}
		reviewer, err := u.lookup(p, "authors", "reviewed_by", d.ReviewedBy)
		if err != nil {
			return err
		}
		topicIDs := make([]string, 0, len(d.Topics))
		for _, t := range d.Topics {
			id, err := u.lookup(p, "topics", "topics", t)
			if err != nil {
				return err
			}
			topicIDs = append(topicIDs, id)
		}
		publishedAt, err := p.parseDate("published_at", d.PublishedAt)
		if err != nil {
			return err
		}
		reviewedAt, err := p.parseDate("reviewed_at", d.ReviewedAt)
		if err != nil {
			return err
		}
		unpublishAt, err := p.parseDate("unpublish_at", d.UnpublishAt)
		if err != nil {
			return err
		}
		status := d.Status
		if status == "" {
			status = "draft"
		}
		_, err = u.upsert("articles", s, func(r *core.Record) {
			r.Set("title", d.Title)
			r.Set("body", trimBody(p.body))
			r.Set("status", status)
			r.Set("author", author)
			// A review the content file states anew (a new article, another reviewer or date) is
			// recorded as imported, for the text being imported. The same review kept beside a
			// changed text is not renewed: the article shows as changed since review.
			if r.IsNew() || reviewer != r.GetString("reviewed_by") || reviewedAt.String() != r.GetDateTime("reviewed_at").String() {
				r.Set("reviewed_by", reviewer)
				r.Set("reviewed_at", reviewedAt)
				review.MarkImported(r)
			}
			r.Set("unpublish_at", unpublishAt)
			r.Set("topics", topicIDs)
			r.Set("meta_title", d.MetaTitle)
			r.Set("meta_description", d.MetaDescription)
			if d.Summary != "" || r.IsNew() {
				r.Set("summary", d.Summary)
			}
			if !publishedAt.IsZero() || r.IsNew() {
				r.Set("published_at", publishedAt)
			}
		})
		if err != nil {
			return fileError{p.file, err}
		}
	}
	return nil
}

// lookup resolves a slug named at key to a record id: first among this import's files,
// then in the database. An empty slug resolves to "".
func (u *upserter) lookup(p parsed[ArticleDoc], collection, key, slugValue string) (string, error) {
	if slugValue == "" {
		return "", nil
	}
	if id := u.ids[collection][slugValue]; id != "" {
		return id, nil
	}
	record, err := u.app.FindFirstRecordByData(collection, "slug", slugValue)
	if err != nil {
		kind := map[string]string{"authors": "author", "topics": "topic"}[collection]
		return "", p.at(key, fmt.Errorf("unknown %s %q", kind, slugValue))
	}
	return record.Id, nil
}

// trimBody drops the blank lines between the front matter and the text.
func trimBody(body string) string {
	for len(body) > 0 && (body[0] == '\n' || body[0] == '\r') {
		body = body[1:]
	}
	return body
}
