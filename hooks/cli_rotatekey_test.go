package hooks_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/cli"
	"recoverycms/internal/leadcrypt"
	"recoverycms/internal/leads"
	"recoverycms/internal/sealedfield"
)

// TestRotateLeadKey re-seals every lead under a new key: the stored values change key, the
// leads read the same, the phone is still found, and the old key is kept as .old.
func TestRotateLeadKey(t *testing.T) {
	app := hookstest.New(t) // not parallel: the keyring in use is the process's
	t.Cleanup(func() {
		ring, _ := leadcrypt.NewKeyring(hookstest.LeadKey)
		sealedfield.Use(ring)
	})
	keyFile := filepath.Join(t.TempDir(), "lead.key")
	if err := leadcrypt.WriteKeyFile(keyFile, hookstest.LeadKey); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == leadcrypt.EnvKeyFile {
			return keyFile
		}
		return ""
	}
	mux := hookstest.Router(t, app)
	rec := sendFrom(mux, "POST", leadsURL, "198.51.100.9:1000",
		`{"name":"Rota Keyson","phone":"07400 555666","consent":true,"consent_text":"I agree.","message":"Please ring after six"}`,
		"Content-Type", "application/json")
	if rec.Code != 200 {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body)
	}
	oldID, _ := leadcrypt.KeyIDOf(hookstest.LeadKey)
	var out bytes.Buffer
	if err := cli.RotateLeadKey(app, getenv, &out); err != nil {
		t.Fatal(err)
	}
	if used, _ := leads.UsesKey(app, oldID); used {
		t.Error("a lead is still sealed with the old key")
	}
	if k, err := leadcrypt.ReadKeyFile(keyFile + ".old"); err != nil || !bytes.Equal(k, hookstest.LeadKey) {
		t.Errorf("the old key was not kept: %v", err)
	}
	all, err := app.FindAllRecords(leads.LeadsCollection, leads.PhoneMatch("+447400555666"))
	if err != nil || len(all) != 1 || all[0].GetString("name") != "Rota Keyson" || all[0].GetString("message") != "Please ring after six" {
		t.Fatalf("after rotation: %v %v", all, err)
	}
	var raw string
	app.DB().Select("name").From(leads.LeadsCollection).Where(dbx.HashExp{"id": all[0].Id}).Row(&raw)
	if !strings.HasPrefix(raw, "enc:v1:"+sealedfield.Keyring().KeyID()+":") || !strings.Contains(out.String(), "re-encrypted") {
		t.Errorf("stored %q; said %q", raw, out.String())
	}
	if err := cli.RotateLeadKey(app, func(k string) string {
		if k == leadcrypt.EnvKey {
			return strings.Repeat("ab", 32)
		}
		return ""
	}, &out); err == nil {
		t.Error("rotated a key given in RCMS_LEAD_KEY")
	}
}
