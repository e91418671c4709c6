// Package importer upserts markdown content (topics, authors, articles with YAML front
// matter) into the app by slug, all in one transaction.
package importer

import (
	"fmt"
	"io/fs"
	"slices"

	"github.com/pocketbase/pocketbase/core"
)

// Counts says what an import did.
type Counts struct {
	Created   int
	Updated   int
	Unchanged int
}

func (c Counts) String() string {
	return fmt.Sprintf("%d created, %d updated, %d unchanged", c.Created, c.Updated, c.Unchanged)
}

// content is every file of an import, parsed and cross-checked before anything is written.
type content struct {
	topics   []parsed[TopicDoc]
	authors  []parsed[AuthorDoc]
	articles []parsed[ArticleDoc]
}

// Run imports fsys (folders topics/, authors/, articles/). root names fsys in error messages.
// Any problem (bad front matter, an unknown author or topic, a record that does not validate)
// is reported with its file and line, and nothing is written.
func Run(app core.App, fsys fs.FS, root string) (Counts, error) {
	c, err := load(fsys, root)
	if err != nil {
		return Counts{}, err
	}
	var counts Counts
	err = app.RunInTransaction(func(tx core.App) error {
		u := &upserter{app: tx, counts: &counts, ids: map[string]map[string]string{}}
		if err := u.topics(c.topics); err != nil {
			return err
		}
		if err := u.authors(c.authors); err != nil {
			return err
		}
		return u.articles(c.articles)
	})
	if err != nil {
		return Counts{}, err
	}
	return counts, nil
}

func load(fsys fs.FS, root string) (content, error) {
	var c content
	var err error
	if c.topics, err = readDir[TopicDoc](fsys, root, "topics"); err != nil {
		return c, err
	}
	if c.authors, err = readDir[AuthorDoc](fsys, root, "authors"); err != nil {
		return c, err
	}
	if c.articles, err = readDir[ArticleDoc](fsys, root, "articles"); err != nil {
		return c, err
	}
	if len(c.topics)+len(c.authors)+len(c.articles) == 0 {
		return c, fmt.Errorf("%s: no content found (expected .md files in topics/, authors/ or articles/)", root)
	}
	return c, nil
}

// upserter writes parsed content through one transaction's app, so every save runs the
// same hooks as any other save.
type upserter struct {
	app    core.App
	counts *Counts
	// ids maps collection -> slug -> record id, for the relations of later files.
	ids map[string]map[string]string
}

// upsert finds the record of collection with slug (or starts a new one), lets fill set its
// fields, and saves it only when something changed.
func (u *upserter) upsert(collection, slugValue string, fill func(*core.Record)) (*core.Record, error) {
	record, err := u.app.FindFirstRecordByData(collection, "slug", slugValue)
	if err != nil {
		col, colErr := u.app.FindCollectionByNameOrId(collection)
		if colErr != nil {
			return nil, colErr
		}
		record = core.NewRecord(col)
		record.Set("slug", slugValue)
		if col.Fields.GetByName("comments_open") != nil {
			record.Set("comments_open", true) // open unless the front matter closes them
		}
	}
	fill(record)
	switch {
	case record.IsNew():
		u.counts.Created++
	case !changed(record):
		u.counts.Unchanged++
		u.remember(collection, slugValue, record.Id)
		return record, nil
	default:
		u.counts.Updated++
	}
	if err := u.app.Save(record); err != nil {
		return nil, err
	}
	u.remember(collection, slugValue, record.Id)
	return record, nil
}

func (u *upserter) remember(collection, slugValue, id string) {
	if u.ids[collection] == nil {
		u.ids[collection] = map[string]string{}
	}
	u.ids[collection][slugValue] = id
}

// changed reports whether any field differs from what was loaded from the database.
func changed(record *core.Record) bool {
	original := record.Original()
	for _, field := range record.Collection().Fields.FieldNames() {
		a, b := record.Get(field), original.Get(field)
		if as, ok := a.([]string); ok {
			bs, _ := b.([]string)
			if !slices.Equal(as, bs) {
				return true
			}
			continue
		}
		if fmt.Sprint(a) != fmt.Sprint(b) {
			return true
		}
	}
	return false
}
