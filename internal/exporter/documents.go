package exporter

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/importer"
	"recoverycms/internal/review"
)

// DateLayout is the one form every exported time takes: UTC, RFC 3339, with milliseconds
// (PocketBase's precision) only when there are any, so 2026-07-21T08:30:00Z stays short.
const DateLayout = "2006-01-02T15:04:05.999Z07:00"

func topicDoc(r *core.Record) importer.TopicDoc {
	return importer.TopicDoc{Name: r.GetString("name"), Slug: r.GetString("slug"), Description: r.GetString("description")}
}

func authorDoc(r *core.Record) importer.AuthorDoc {
	return importer.AuthorDoc{Name: r.GetString("name"), Slug: r.GetString("slug"), Credentials: r.GetString("credentials")}
}

// articleDoc is the front matter of article r; slugs maps collection -> record id -> slug.
// Covers, cover_alt and the derived fields are not written: the import reads none of them.
func articleDoc(r *core.Record, slugs map[string]map[string]string) (importer.ArticleDoc, error) {
	author, err := slugOf(slugs, "authors", "author", r.GetString("author"))
	if err != nil {
		return importer.ArticleDoc{}, err
	}
	doc := importer.ArticleDoc{
		Title:           r.GetString("title"),
		Slug:            r.GetString("slug"),
		Author:          author,
		Status:          r.GetString("status"),
		PublishedAt:     date(r.GetDateTime("published_at")),
		UnpublishAt:     date(r.GetDateTime("unpublish_at")),
		Summary:         r.GetString("summary"),
		MetaTitle:       r.GetString("meta_title"),
		MetaDescription: r.GetString("meta_description"),
	}
	// An import records the review it reads as done for the text beside it, so a review the
	// text has since moved away from (changed since review) is left out: the export must never
	// sign off words the clinician did not see.
	if review.Covers(r) {
		if doc.ReviewedBy, err = slugOf(slugs, "authors", "reviewed_by", r.GetString("reviewed_by")); err != nil {
			return importer.ArticleDoc{}, err
		}
		doc.ReviewedAt = date(r.GetDateTime("reviewed_at"))
	}
	for _, id := range r.GetStringSlice("topics") {
		s, err := slugOf(slugs, "topics", "topics", id)
		if err != nil {
			return importer.ArticleDoc{}, err
		}
		doc.Topics = append(doc.Topics, s)
	}
	return doc, nil
}

// slugOf is the slug of the record id of collection that field points to.
func slugOf(slugs map[string]map[string]string, collection, field, id string) (string, error) {
	s, ok := slugs[collection][id]
	if !ok {
		return "", fmt.Errorf("%s points to %s record %q, which does not exist", field, collection, id)
	}
	return s, nil
}

// date formats t in DateLayout; the zero time is "" (the key is then left out).
func date(t types.DateTime) string {
	if t.IsZero() {
		return ""
	}
	return t.Time().UTC().Format(DateLayout)
}
