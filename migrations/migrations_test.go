package migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	_ "recoverycms/migrations"
)

// TestMigrationsGoDownAndUp reverts every app migration on a fresh app and applies them again.
func TestMigrationsGoDownAndUp(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	names := []string{"staff", "authors", "topics", "articles"}
	for _, n := range names {
		if _, err := app.FindCollectionByNameOrId(n); err != nil {
			t.Fatalf("after up: %s missing: %v", n, err)
		}
	}
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	if _, err := runner.Down(len(core.AppMigrations.Items())); err != nil {
		t.Fatalf("down: %v", err)
	}
	for _, n := range names {
		if _, err := app.FindCollectionByNameOrId(n); err == nil {
			t.Fatalf("after down: %s still exists", n)
		}
	}
	if _, err := runner.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	for _, n := range names {
		if _, err := app.FindCollectionByNameOrId(n); err != nil {
			t.Fatalf("after up again: %s missing: %v", n, err)
		}
	}
}
