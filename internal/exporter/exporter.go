// Package exporter writes every topic, author and article (drafts too) as the markdown files
// with front matter that internal/importer reads, so content can live in git: an import of an
// export into an empty database, exported again, gives the same bytes.
package exporter

import (
	"fmt"
	"sort"

	"github.com/pocketbase/pocketbase/core"
)

// Counts says how many files an export wrote, and how many stale ones it removed.
type Counts struct {
	Topics   int
	Authors  int
	Articles int
	Removed  int
}

func (c Counts) String() string {
	s := fmt.Sprintf("%d topics, %d authors, %d articles", c.Topics, c.Authors, c.Articles)
	if c.Removed > 0 {
		s += fmt.Sprintf(", %d stale files removed", c.Removed)
	}
	return s
}

// Run exports app into dir. A dir that exists and is not empty is refused unless force,
// which rewrites its topics/, authors/ and articles/ and removes their .md files that no
// longer match a record; other files are left alone.
func Run(app core.App, dir string, force bool) (Counts, error) {
	files, counts, err := Collect(app)
	if err != nil {
		return Counts{}, err
	}
	removed, err := write(dir, files, force)
	counts.Removed = removed
	return counts, err
}

// Collect reads every topic, author and article in one transaction (one consistent snapshot,
// so an article never names an author the export lacks) and returns the files, keyed by
// their slash-separated path below the export's root.
func Collect(app core.App) (map[string][]byte, Counts, error) {
	var records map[string][]*core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		records = map[string][]*core.Record{}
		for _, collection := range folders {
			all, err := tx.FindAllRecords(collection)
			if err != nil {
				return err
			}
			sort.Slice(all, func(i, j int) bool { return all[i].GetString("slug") < all[j].GetString("slug") })
			records[collection] = all
		}
		return nil
	})
	if err != nil {
		return nil, Counts{}, err
	}
	return render(records)
}

// folders are the export's folders, each named like the collection it holds.
var folders = []string{"topics", "authors", "articles"}

// render turns the records into files; relations become the slugs they point to.
func render(records map[string][]*core.Record) (map[string][]byte, Counts, error) {
	slugs := map[string]map[string]string{}
	for _, collection := range []string{"topics", "authors"} {
		slugs[collection] = map[string]string{}
		for _, r := range records[collection] {
			slugs[collection][r.Id] = r.GetString("slug")
		}
	}
	files := map[string][]byte{}
	add := func(collection string, r *core.Record, front any, body string) error {
		src, err := encode(front, body)
		if err != nil {
			return fmt.Errorf("%s %q: %w", collection, r.GetString("slug"), err)
		}
		files[collection+"/"+r.GetString("slug")+".md"] = src
		return nil
	}
	for _, r := range records["topics"] {
		if err := add("topics", r, topicDoc(r), ""); err != nil {
			return nil, Counts{}, err
		}
	}
	for _, r := range records["authors"] {
		if err := add("authors", r, authorDoc(r), r.GetString("bio")); err != nil {
			return nil, Counts{}, err
		}
	}
	for _, r := range records["articles"] {
		doc, err := articleDoc(r, slugs)
		if err != nil {
			return nil, Counts{}, fmt.Errorf("articles %q: %w", r.GetString("slug"), err)
		}
		if err := add("articles", r, doc, r.GetString("body")); err != nil {
			return nil, Counts{}, err
		}
	}
	counts := Counts{Topics: len(records["topics"]), Authors: len(records["authors"]), Articles: len(records["articles"])}
	return files, counts, nil
}
