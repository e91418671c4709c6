package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/slug"
)

// TopicDoc is the front matter of one file of topics/. The export writes the same
// documents, so its omitempty keys are exactly the ones an import reads back as empty.
type TopicDoc struct {
	Name        string `yaml:"name"`
	Slug        string `yaml:"slug"`
	Description string `yaml:"description,omitempty"`
}

// AuthorDoc is the front matter of one file of authors/; the markdown body is the bio.
type AuthorDoc struct {
	Name        string `yaml:"name"`
	Slug        string `yaml:"slug"`
	Credentials string `yaml:"credentials,omitempty"`
}

// ArticleDoc is the front matter of one file of articles/; the markdown body is the article.
// Dates are RFC 3339 strings (or YYYY-MM-DD); author, reviewed_by and topics are slugs.
type ArticleDoc struct {
	Title           string   `yaml:"title"`
	Slug            string   `yaml:"slug"`
	Author          string   `yaml:"author"`
	ReviewedBy      string   `yaml:"reviewed_by,omitempty"`
	ReviewedAt      string   `yaml:"reviewed_at,omitempty"`
	Topics          []string `yaml:"topics,omitempty"`
	Status          string   `yaml:"status,omitempty"`
	PublishedAt     string   `yaml:"published_at,omitempty"`
	UnpublishAt     string   `yaml:"unpublish_at,omitempty"`
	Summary         string   `yaml:"summary,omitempty"`
	MetaTitle       string   `yaml:"meta_title,omitempty"`
	MetaDescription string   `yaml:"meta_description,omitempty"`
}

// parsed is one content file, decoded and checked on its own.
type parsed[T any] struct {
	file  string
	doc   T
	body  string
	lines map[string]int
}

// fileError names the file (and line, when known) of a content problem.
type fileError struct {
	file string
	err  error
}

func (e fileError) Error() string {
	if le, ok := e.err.(lineError); ok {
		return fmt.Sprintf("%s:%d: %v", e.file, le.line, le.err)
	}
	return fmt.Sprintf("%s: %v", e.file, e.err)
}

func (e fileError) Unwrap() error { return e.err }

// readDir decodes every .md file of dir, sorted by name. A missing dir is empty.
func readDir[T any](fsys fs.FS, root, dir string) ([]parsed[T], error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var out []parsed[T]
	for _, entry := range entries {
		if entry.IsDir() || !strings.HasSuffix(entry.Name(), ".md") {
			continue
		}
		name := path.Join(dir, entry.Name())
		display := path.Join(root, name)
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fileError{display, err}
		}
		var doc T
		fm, err := splitFrontMatter(src, &doc)
		if err != nil {
			return nil, fileError{display, err}
		}
		out = append(out, parsed[T]{file: display, doc: doc, body: fm.body, lines: fm.lines})
	}
	return out, nil
}

// at wraps err with the file and the line of key.
func (p parsed[T]) at(key string, err error) error {
	line := p.lines[key]
	if line == 0 {
		line = 1
	}
	return fileError{p.file, lineError{line, err}}
}

// slugOr returns the explicit slug, or one derived from text, checked at key's line.
func (p parsed[T]) slugOr(explicit, text string) (string, error) {
	if explicit != "" {
		if !slug.Valid(explicit) {
			return "", p.at("slug", fmt.Errorf("slug %q must be lowercase letters, digits and single hyphens", explicit))
		}
		return explicit, nil
	}
	s := slug.Make(text)
	if s == "" {
		return "", p.at("slug", fmt.Errorf("no slug given and none can be derived"))
	}
	return s, nil
}

// parseDate reads an optional date in the front matter (RFC 3339 or YYYY-MM-DD).
func (p parsed[T]) parseDate(key, value string) (types.DateTime, error) {
	if value == "" {
		return types.DateTime{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, value); err == nil {
			return types.ParseDateTime(t.UTC())
		}
	}
	return types.DateTime{}, p.at(key, fmt.Errorf("%s %q is not a date (use e.g. 2026-03-10T08:30:00Z)", key, value))
}
