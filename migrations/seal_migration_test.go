package migrations_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/internal/leadcrypt"
	"recoverycms/internal/sealedfield"
)

// TestSealingMigrationSealsLeadsStoredInTheClear upgrades an installation whose leads were
// stored before personal data was sealed: after the migration every value is ciphertext in
// the database, reads back the same, and the phone is found by its blind index; going down
// again puts the values back in the clear.
func TestSealingMigrationSealsLeadsStoredInTheClear(t *testing.T) {
	ring, err := leadcrypt.NewKeyring(bytes.Repeat([]byte{9}, leadcrypt.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	sealedfield.Use(ring)
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	downToUnsealed(t, app, runner)
	if _, err := app.DB().Insert("callback_leads", dbx.Params{"id": "clearlead000001", "name": "Clara Clearwater",
		"phone": "+447400765123", "message": "Stored before sealing", "consent": true, "consent_text": "I agree.",
		"status": "new", "created": "2026-01-01 10:00:00.000Z", "updated": "2026-01-01 10:00:00.000Z"}).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := runner.Up(); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Name, Phone, Message, Index string
	}
	if err := app.DB().NewQuery("SELECT name, phone, message, phone_index AS [[index]] FROM callback_leads WHERE id = 'clearlead000001'").
		Row(&raw.Name, &raw.Phone, &raw.Message, &raw.Index); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{raw.Name, raw.Phone, raw.Message} {
		if !leadcrypt.IsSealed(v) || strings.Contains(v, "Clear") || strings.Contains(v, "765123") {
			t.Errorf("stored %q after the migration", v)
		}
	}
	if raw.Index != ring.Index("+447400765123") {
		t.Errorf("blind index %q", raw.Index)
	}
	r, err := app.FindRecordById("callback_leads", "clearlead000001")
	if err != nil || r.GetString("name") != "Clara Clearwater" || r.GetString("message") != "Stored before sealing" {
		t.Fatalf("read back: %v %v", r, err)
	}
	downToUnsealed(t, app, runner)
	var name string
	if err := app.DB().NewQuery("SELECT name FROM callback_leads WHERE id = 'clearlead000001'").Row(&name); err != nil || name != "Clara Clearwater" {
		t.Errorf("after going down: %q %v", name, err)
	}
}

// downToUnsealed reverts app's migrations one at a time to before
// 1764960000_seal_lead_personal_data, whatever migrations came after it.
func downToUnsealed(t *testing.T, app core.App, runner *core.MigrationsRunner) {
	t.Helper()
	for i := 0; ; i++ {
		if col, _ := app.FindCollectionByNameOrId("callback_leads"); col.Fields.GetByName("phone_index") == nil {
			return
		}
		if i == 50 {
			t.Fatal("the down steps did not reach the sealing migration")
		}
		if _, err := runner.Down(1); err != nil {
			t.Fatal(err)
		}
	}
}
