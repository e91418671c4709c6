package sealedfield_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/internal/leadcrypt"
	"recoverycms/internal/sealedfield"
)

// TestSealedFieldStoresCiphertextAndReadsPlain: a record saved with a sealed field reads back
// in plain text through Go, while the database file and its WAL never hold the value.
func TestSealedFieldStoresCiphertextAndReadsPlain(t *testing.T) {
	ring, err := leadcrypt.NewKeyring(bytes.Repeat([]byte{7}, leadcrypt.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	sealedfield.Use(ring)
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	col := core.NewBaseCollection("secrets")
	col.Fields.Add(&sealedfield.Field{TextField: core.TextField{Name: "name", Max: 20, Required: true}},
		&sealedfield.Email{EmailField: core.EmailField{Name: "email"}}, &sealedfield.URL{URLField: core.URLField{Name: "site"}})
	if err := app.Save(col); err != nil {
		t.Fatal(err)
	}
	// The schema round-trips through its JSON with the sealed type.
	again, err := app.FindCollectionByNameOrId("secrets")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := again.Fields.GetByName("name").(*sealedfield.Field); !ok {
		t.Fatalf("reloaded field is %T", again.Fields.GetByName("name"))
	}
	r := core.NewRecord(again)
	r.Set("name", "Zebedee Quokka")
	r.Set("email", "not an email")
	if err := app.Save(r); err == nil {
		t.Fatal("a sealed email field took a malformed address")
	}
	r.Set("email", "zeb@quokka.example")
	r.Set("site", "https://quokka.example/me")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if loaded, _ := app.FindRecordById("secrets", r.Id); loaded.GetString("email") != "zeb@quokka.example" || loaded.GetString("site") != "https://quokka.example/me" {
		t.Errorf("email and URL read back as %q %q", loaded.GetString("email"), loaded.GetString("site"))
	}
	var raw string
	if err := app.DB().NewQuery("SELECT name FROM secrets WHERE id = {:id}").Bind(map[string]any{"id": r.Id}).Row(&raw); err != nil {
		t.Fatal(err)
	}
	if !leadcrypt.IsSealed(raw) || strings.Contains(raw, "Zebedee") {
		t.Fatalf("stored %q", raw)
	}
	loaded, err := app.FindRecordById("secrets", r.Id)
	if err != nil || loaded.GetString("name") != "Zebedee Quokka" {
		t.Fatalf("loaded %v %v", loaded, err)
	}
	// The plain value's length is validated, not the ciphertext's.
	long := core.NewRecord(again)
	long.Set("name", strings.Repeat("x", 21))
	if err := app.Save(long); err == nil {
		t.Error("a 21-character name passed a max of 20")
	}
	loaded.Set("name", "Another Quokka")
	if err := app.Save(loaded); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"data.db", "data.db-wal"} {
		b, err := os.ReadFile(filepath.Join(app.DataDir(), f))
		if err != nil {
			continue
		}
		if bytes.Contains(b, []byte("Quokka")) {
			t.Errorf("%s holds the plain value", f)
		}
	}
	sealedfield.Use(nil)
	orphan := core.NewRecord(again)
	orphan.Set("name", "No Key")
	if err := app.Save(orphan); err == nil {
		t.Error("saved personal data without a keyring")
	}
	sealedfield.Use(ring)
}
