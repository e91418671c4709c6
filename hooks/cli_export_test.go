package hooks_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/cli"
)

// Slugs of the articles addExportFixtures adds beside the sample content and hidden articles.
const (
	takenDownSlug = "winter-shelter-closed"
	inReviewSlug  = "naloxone-kits-in-review"
	changedSlug   = "spice-helpline-changed"
)

// addExportFixtures gives app an article of every kind the export must keep: taken down by
// its unpublish_at (reviewed at a time with milliseconds, topics not in name order), in
// review, and one whose text changed after its review; and an author bio with \r\n endings.
func addExportFixtures(t *testing.T, app core.App) {
	t.Helper()
	priya, helen := authorID(t, app, "priya-nair"), authorID(t, app, "dr-helen-okafor")
	_, err := hookstest.CreateArticle(app, priya, map[string]any{
		"title": "Winter shelter: closed for the season", "slug": takenDownSlug, "status": "published",
		"published_at": "2026-07-01 08:00:00.000Z", "unpublish_at": "2026-11-01 17:30:00.000Z",
		"reviewed_by": helen, "reviewed_at": "2026-06-20 10:15:30.250Z",
		"topics":     []string{topicID(t, app, "therapy"), topicID(t, app, "ketamine")},
		"meta_title": "Winter shelter", "summary": "Closed until next winter.",
		"body": "\n\n## Closed\r\n\r\nThe shelter has closed for the season.",
	})
	must(t, err)
	_, err = hookstest.CreateArticle(app, priya, map[string]any{
		"title": "Naloxone kits: where to get one", "slug": inReviewSlug, "status": "in_review",
		"body": "## Pharmacies\n\nMany pharmacies hand out kits.\n",
	})
	must(t, err)
	changed, err := hookstest.CreateArticle(app, priya, map[string]any{
		"title": "SPICE helpline", "slug": changedSlug, "status": "draft",
		"reviewed_by": helen, "reviewed_at": "2026-03-01 09:00:00.000Z",
		"body": "## Call us\n\nThe helpline is open.\n",
	})
	must(t, err)
	// A fresh copy: the created instance still carries the fixture's imported-review grant.
	changed, err = app.FindRecordById("articles", changed.Id)
	must(t, err)
	changed.Set("body", "## Call us\n\nThe helpline is open at night too.\n")
	must(t, app.Save(changed))
	author, err := app.FindFirstRecordByData("authors", "slug", "priya-nair")
	must(t, err)
	author.Set("bio", "Priya counsels.\r\nShe writes our therapy guides.")
	must(t, app.Save(author))
}

// runCommand executes cmd with args and returns its output and error.
func runCommand(cmd *cobra.Command, args ...string) (string, error) {
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

// TestExportImportExportIsByteIdentical: the export of an app (sample content, a draft, a
// scheduled, an in-review and a taken-down article), imported into an empty app and exported
// again, gives the same files byte for byte, and the import keeps each review's reviewer and
// date as an imported review.
func TestExportImportExportIsByteIdentical(t *testing.T) {
	t.Parallel()
	source := hookstest.New(t)
	addExportFixtures(t, source)
	first, second := filepath.Join(t.TempDir(), "first"), filepath.Join(t.TempDir(), "second")
	out, err := runCommand(cli.NewExportCommand(source), first)
	if err != nil || !strings.Contains(out, "5 topics, 3 authors, 8 articles") {
		t.Fatalf("first export: %v\n%s", err, out)
	}

	restored := hookstest.NewEmpty(t)
	if out, err := runCommand(cli.NewImportCommand(restored), first); err != nil || !strings.Contains(out, "16 created") {
		t.Fatalf("import of the export: %v\n%s", err, out)
	}
	if _, err := runCommand(cli.NewExportCommand(restored), second); err != nil {
		t.Fatalf("second export: %v", err)
	}
	hookstest.SameTree(t, first, second)

	original, err := source.FindFirstRecordByData("articles", "slug", takenDownSlug)
	must(t, err)
	takenDown, err := restored.FindFirstRecordByData("articles", "slug", takenDownSlug)
	must(t, err)
	for field, want := range map[string]string{
		"status": "published", "published_at": "2026-07-01 08:00:00.000Z", "unpublish_at": "2026-11-01 17:30:00.000Z",
		"reviewed_by": authorID(t, restored, "dr-helen-okafor"), "reviewed_at": "2026-06-20 10:15:30.250Z",
		"next_review_at": original.GetString("next_review_at"), "review_status": original.GetString("review_status"),
		"body": "## Closed\n\nThe shelter has closed for the season.\n",
	} {
		if got := takenDown.GetString(field); got != want {
			t.Errorf("restored %s = %q, want %q", field, got, want)
		}
	}
	if got, want := takenDown.GetStringSlice("topics"), []string{topicID(t, restored, "therapy"), topicID(t, restored, "ketamine")}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("restored topics %v, want %v (stored order)", got, want)
	}
	var sources []string
	err = restored.DB().Select("source").From("article_approvals").
		Where(dbx.HashExp{"article": takenDown.Id}).Column(&sources)
	if err != nil || strings.Join(sources, ",") != "import" {
		t.Errorf("approval rows of the restored article: %v %v, want one imported review", sources, err)
	}
	for slug, status := range map[string]string{hookstest.DraftSlug: "draft", hookstest.ScheduledSlug: "published", inReviewSlug: "in_review"} {
		r, err := restored.FindFirstRecordByData("articles", "slug", slug)
		if err != nil || r.GetString("status") != status {
			t.Errorf("restored %s: %v, want status %s", slug, err, status)
		}
	}
}

// TestExportLeavesOutAReviewTheTextOutgrew: an article changed since its review is exported
// without reviewed_by, so an import cannot sign off words the clinician never saw.
func TestExportLeavesOutAReviewTheTextOutgrew(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	addExportFixtures(t, app)
	dir := t.TempDir()
	if _, err := runCommand(cli.NewExportCommand(app), dir, "--force"); err != nil {
		t.Fatal(err)
	}
	files := hookstest.ReadTree(t, dir)
	if src := string(files["articles/"+changedSlug+".md"]); strings.Contains(src, "reviewed_") || !strings.Contains(src, "at night too") {
		t.Errorf("changed article exported as:\n%s", src)
	}
	if src := string(files["articles/"+hookstest.PublishedSlug+".md"]); !strings.Contains(src, "reviewed_by: dr-helen-okafor\nreviewed_at: \"2026-07-14T09:00:00Z\"\n") {
		t.Errorf("reviewed article exported as:\n%s", src)
	}
}

// TestExportRefusesANonEmptyDirUnlessForced: without --force nothing is written into a
// directory holding files; with it the content folders mirror the database (a file for a
// deleted article goes) and other files stay.
func TestExportRefusesANonEmptyDirUnlessForced(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	dir := t.TempDir()
	stale := filepath.Join(dir, "articles", "deleted-long-ago.md")
	must(t, os.MkdirAll(filepath.Dir(stale), 0o755))
	must(t, os.WriteFile(stale, []byte("---\ntitle: Old\n---\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("Our content.\n"), 0o644))

	_, err := runCommand(cli.NewExportCommand(app), dir)
	if err == nil || !strings.Contains(err.Error(), "is not empty") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("export into a non-empty dir: %v", err)
	}
	if n := len(hookstest.ReadTree(t, dir)); n != 2 {
		t.Fatalf("refused export left %d files, want the 2 it found", n)
	}

	out, err := runCommand(cli.NewExportCommand(app), dir, "--force")
	if err != nil || !strings.Contains(out, "1 stale files removed") {
		t.Fatalf("forced export: %v\n%s", err, out)
	}
	files := hookstest.ReadTree(t, dir)
	if _, ok := files["articles/deleted-long-ago.md"]; ok {
		t.Error("the stale article file is still there")
	}
	if string(files["README.md"]) != "Our content.\n" {
		t.Error("README.md was touched")
	}
	if _, ok := files["articles/"+hookstest.DraftSlug+".md"]; !ok {
		t.Error("the draft was not exported")
	}
}
