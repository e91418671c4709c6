package migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	_ "recoverycms/migrations"
)

// TestWebhookMigrationsGoDownAndUp reverts the webhook migrations and applies them again.
func TestWebhookMigrationsGoDownAndUp(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	present := func() (collections int, stateRows int) {
		for _, n := range []string{"webhooks", "webhook_deliveries"} {
			if _, err := app.FindCollectionByNameOrId(n); err == nil {
				collections++
			}
		}
		var n int
		if err := app.DB().NewQuery(`SELECT COUNT(*) FROM cms_state WHERE key = 'webhooks_golive_checked'`).Row(&n); err == nil {
			stateRows = n
		}
		return
	}
	if c, s := present(); c != 2 || s != 1 {
		t.Fatalf("after up: %d collections, %d watermark rows; want 2 and 1", c, s)
	}
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	// Revert down to (and including) the first webhook migration, whatever came after it.
	n := 0
	for _, m := range core.AppMigrations.Items() {
		if m.File >= "1764050000" {
			n++
		}
	}
	if _, err := runner.Down(n); err != nil {
		t.Fatalf("down: %v", err)
	}
	if c, s := present(); c != 0 || s != 0 {
		t.Fatalf("after down: %d collections, %d watermark rows remain", c, s)
	}
	if _, err := runner.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if c, s := present(); c != 2 || s != 1 {
		t.Fatalf("after up again: %d collections, %d watermark rows; want 2 and 1", c, s)
	}
}
