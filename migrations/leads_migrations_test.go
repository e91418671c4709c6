package migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	_ "recoverycms/migrations"
)

// TestLeadCollectionsGoDownAndUp checks the lead schema's rules and hidden fields, reverts
// the lead migrations and applies them again.
func TestLeadCollectionsGoDownAndUp(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	check := func(stage string) {
		leads, err := app.FindCollectionByNameOrId("callback_leads")
		if err != nil {
			t.Fatalf("%s: callback_leads missing: %v", stage, err)
		}
		if leads.CreateRule == nil || *leads.CreateRule != "" || leads.ListRule == nil || leads.DeleteRule == nil {
			t.Fatalf("%s: callback_leads rules %v %v %v", stage, leads.CreateRule, leads.ListRule, leads.DeleteRule)
		}
		for _, f := range []string{"name", "phone", "email", "message", "consent_text", "source_url", "notes"} {
			if !leads.Fields.GetByName(f).GetHidden() {
				t.Fatalf("%s: callback_leads.%s is not hidden", stage, f)
			}
		}
		events, err := app.FindCollectionByNameOrId("lead_events")
		if err != nil {
			t.Fatalf("%s: lead_events missing: %v", stage, err)
		}
		if events.CreateRule != nil || events.UpdateRule != nil || events.DeleteRule != nil {
			t.Fatalf("%s: lead_events is writable through the API", stage)
		}
	}
	check("after up")
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	// Revert one migration at a time until the lead collections are gone, so that migrations
	// added after them do not change what this test reverts.
	for steps := 0; ; steps++ {
		if _, err := app.FindCollectionByNameOrId("callback_leads"); err != nil {
			break
		}
		if steps == len(core.AppMigrations.Items()) {
			t.Fatal("callback_leads survived every down step")
		}
		if _, err := runner.Down(1); err != nil {
			t.Fatalf("down: %v", err)
		}
	}
	for _, n := range []string{"callback_leads", "lead_events"} {
		if _, err := app.FindCollectionByNameOrId(n); err == nil {
			t.Fatalf("after down: %s still exists", n)
		}
	}
	if _, err := app.FindCollectionByNameOrId("articles"); err != nil {
		t.Fatalf("down went too far: %v", err)
	}
	if _, err := runner.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	check("after up again")
}
