package hooks_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/content"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/importer"
)

// snapshot is every record of the content collections with its update time, to prove an
// import wrote nothing.
func snapshot(t *testing.T, app core.App) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, col := range []string{"topics", "authors", "articles"} {
		records, err := app.FindAllRecords(col)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			out[col+"/"+r.GetString("slug")] = r.GetString("updated") + r.GetString("body_html") + r.GetString("title")
		}
	}
	return out
}

func sameSnapshot(t *testing.T, before, after map[string]string) {
	t.Helper()
	if len(before) != len(after) {
		t.Fatalf("record count changed: %d -> %d", len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Fatalf("%s changed", k)
		}
	}
}

func TestImportIsIdempotent(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t) // the sample content is already imported once
	before := snapshot(t, app)
	counts, err := importer.Run(app, content.FS, "content")
	if err != nil {
		t.Fatal(err)
	}
	if counts.Created != 0 || counts.Updated != 0 || counts.Unchanged != 11 {
		t.Fatalf("second import: %v, want 0 created, 0 updated, 11 unchanged", counts)
	}
	sameSnapshot(t, before, snapshot(t, app))
}

func TestImportCreatesThenUpdates(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	fsys := fstest.MapFS{
		"topics/naloxone.md":         {Data: []byte("---\nname: Naloxone\n---\n")},
		"articles/carry-naloxone.md": {Data: []byte("---\ntitle: Carry naloxone\nauthor: priya-nair\ntopics: [naloxone, ketamine]\nstatus: published\npublished_at: 2026-01-05T10:00:00Z\n---\n\nNaloxone reverses an opioid overdose.\n\n## Where to get it\n\nAsk a pharmacist.\n")},
	}
	counts, err := importer.Run(app, fsys, "extra")
	if err != nil {
		t.Fatal(err)
	}
	if counts.Created != 2 || counts.Updated != 0 {
		t.Fatalf("first import: %v", counts)
	}
	a, err := app.FindFirstRecordByData("articles", "slug", "carry-naloxone")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.GetString("body_html"), `<h2 id="h-where-to-get-it">`) || a.GetString("summary") != "Naloxone reverses an opioid overdose." {
		t.Fatalf("imported article not derived: %q / %q", a.GetString("body_html"), a.GetString("summary"))
	}
	if got := a.GetStringSlice("topics"); len(got) != 2 {
		t.Fatalf("topics = %v", got)
	}

	fsys["articles/carry-naloxone.md"].Data = []byte(strings.Replace(string(fsys["articles/carry-naloxone.md"].Data), "Ask a pharmacist.", "Ask a pharmacist or your drug service.", 1))
	counts, err = importer.Run(app, fsys, "extra")
	if err != nil {
		t.Fatal(err)
	}
	if counts.Created != 0 || counts.Updated != 1 || counts.Unchanged != 1 {
		t.Fatalf("second import: %v", counts)
	}
}

func TestImportOfBrokenContentWritesNothing(t *testing.T) {
	t.Parallel()
	good := "---\ntitle: A good article\nauthor: priya-nair\nstatus: draft\n---\n\nFine.\n"
	cases := []struct {
		name    string
		file    string
		data    string
		wantErr string
	}{
		{"unknown author", "articles/b.md", "---\ntitle: Broken\nstatus: draft\nauthor: nobody-here\n---\nText\n", "extra/articles/b.md:4: unknown author \"nobody-here\""},
		{"unknown topic", "articles/b.md", "---\ntitle: Broken\nauthor: priya-nair\ntopics:\n  - ketamine\n  - no-such-topic\n---\nText\n", "extra/articles/b.md:4: unknown topic \"no-such-topic\""},
		{"bad yaml", "articles/b.md", "---\ntitle: Broken\nauthor: [priya\n---\nText\n", "extra/articles/b.md:"},
		{"unknown key", "articles/b.md", "---\ntitle: Broken\nauthor: priya-nair\nauhtor: typo\n---\nText\n", "extra/articles/b.md:4: bad front matter"},
		{"no front matter", "articles/b.md", "Just text\n", "extra/articles/b.md:1: front matter must start"},
		{"bad status", "articles/b.md", "---\ntitle: Broken\nauthor: priya-nair\nstatus: live\n---\nText\n", "extra/articles/b.md:4: unknown status"},
		{"bad date", "articles/b.md", "---\ntitle: Broken\nauthor: priya-nair\npublished_at: next tuesday\n---\nText\n", "extra/articles/b.md:4: published_at"},
		{"bad slug", "articles/b.md", "---\ntitle: Broken\nslug: Bad Slug\nauthor: priya-nair\n---\nText\n", "extra/articles/b.md:3: slug"},
		{"invalid record", "articles/b.md", "---\ntitle: Broken\nauthor: priya-nair\n---\n", "extra/articles/b.md: body"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app := hookstest.New(t)
			before := snapshot(t, app)
			fsys := fstest.MapFS{
				"topics/new-topic.md": {Data: []byte("---\nname: New topic\n---\n")},
				"articles/a.md":       {Data: []byte(good)},
				c.file:                {Data: []byte(c.data)},
			}
			_, err := importer.Run(app, fsys, "extra")
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, c.wantErr)
			}
			sameSnapshot(t, before, snapshot(t, app))
		})
	}
}
