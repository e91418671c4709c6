package migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	_ "recoverycms/migrations"
)

// TestStaffSignInAndSiteNameSettings: staff need a password and an emailed code, and readers
// see a real site name instead of PocketBase's placeholder; both go back down and up.
func TestStaffSignInAndSiteNameSettings(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	check := func(when string) {
		t.Helper()
		staff, err := app.FindCollectionByNameOrId("staff")
		if err != nil {
			t.Fatal(err)
		}
		if !staff.MFA.Enabled || !staff.OTP.Enabled || !staff.PasswordAuth.Enabled {
			t.Errorf("%s: staff MFA %v, OTP %v, password %v; want all on", when, staff.MFA.Enabled, staff.OTP.Enabled, staff.PasswordAuth.Enabled)
		}
		if got := app.Settings().Meta.AppName; got != "Recovery Library" {
			t.Errorf("%s: site name %q", when, got)
		}
	}
	check("after up")
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	if _, err := runner.Down(sinceMigration(t, "1764600000_set_site_name.go")); err != nil {
		t.Fatalf("down: %v", err)
	}
	if got := app.Settings().Meta.AppName; got == "Recovery Library" {
		t.Errorf("after down: site name still %q", got)
	}
	if _, err := runner.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	check("after up again")
}

// sinceMigration is how many migrations, counted from the newest, a Down must revert to undo
// the one in file (and every later one).
func sinceMigration(t testing.TB, file string) int {
	t.Helper()
	items := core.AppMigrations.Items()
	for i, m := range items {
		if m.File == file {
			return len(items) - i
		}
	}
	t.Fatalf("no migration %s", file)
	return 0
}
