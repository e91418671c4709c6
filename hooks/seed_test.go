package hooks_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/content"
	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
)

func TestServeSeedsAnEmptyDatabaseOnce(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	hooks.Register(app, hooks.Options{Seed: content.FS})

	hookstest.TriggerServe(t, app)
	if n := countArticles(t, app); n != 3 {
		t.Fatalf("after first serve: %d articles, want the 3 sample articles", n)
	}
	// An editor's deletion must not be undone by the next start.
	r := articleBySlug(t, app, hookstest.PublishedSlug)
	if err := app.Delete(r); err != nil {
		t.Fatal(err)
	}
	hookstest.TriggerServe(t, app)
	if n := countArticles(t, app); n != 2 {
		t.Fatalf("after second serve: %d articles, want 2 (no re-seed of a database with content)", n)
	}
}
