package leadcrypt

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, KeySize) }

func TestSealOpen(t *testing.T) {
	t.Parallel()
	r, err := NewKeyring(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Seal("name", "Sam Okoro")
	if err != nil {
		t.Fatal(err)
	}
	if !IsSealed(s) || strings.Contains(s, "Sam") {
		t.Fatalf("sealed %q", s)
	}
	if again, _ := r.Seal("name", "Sam Okoro"); again == s {
		t.Error("two seals of one value are equal: the nonce is not fresh")
	}
	if got, err := r.Open("name", s); err != nil || got != "Sam Okoro" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := r.Open("phone", s); err != ErrCorrupt {
		t.Errorf("opened as another field: %v", err)
	}
	tampered := s[:len(s)-2] + "AA"
	if _, err := r.Open("name", tampered); err != ErrCorrupt {
		t.Errorf("tampered value: %v", err)
	}
	if got, _ := r.Open("name", "written in the clear"); got != "written in the clear" {
		t.Error("a value from before encryption does not read")
	}
	if e, _ := r.Seal("name", ""); e != "" {
		t.Error("an empty value was sealed")
	}
	other, _ := NewKeyring(testKey(2))
	if _, err := other.Open("name", s); err != ErrNoKey {
		t.Errorf("another key opened it: %v", err)
	}
	rotated, _ := NewKeyring(testKey(2), testKey(1))
	if got, err := rotated.Open("name", s); err != nil || got != "Sam Okoro" {
		t.Errorf("the new keyring does not open the old key's values: %q %v", got, err)
	}
}

func TestBlindIndex(t *testing.T) {
	t.Parallel()
	a, _ := NewKeyring(testKey(1))
	b, _ := NewKeyring(testKey(2))
	if a.Index("+447400123456") != a.Index("+447400123456") || a.Index("+447400123456") == a.Index("+447400123457") {
		t.Error("the index is not a function of the number")
	}
	if a.Index("+447400123456") == b.Index("+447400123456") || strings.Contains(a.Index("+447400123456"), "7400") {
		t.Error("the index does not depend on the key, or shows the number")
	}
}

func TestLoadCreatesAndReadsTheKeyFileOutsideTheData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "pb_data")
	env := func(string) string { return "" }
	ring, path, created, err := Load(env, data)
	if err != nil || !created || path != filepath.Join(dir, "recoverycms-lead.key") {
		t.Fatalf("first load: %v %v %q", err, created, path)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	s, _ := ring.Seal("phone", "+447400123456")
	again, _, created, err := Load(env, data)
	if err != nil || created {
		t.Fatalf("second load: %v %v", err, created)
	}
	if got, err := again.Open("phone", s); err != nil || got != "+447400123456" {
		t.Fatalf("the key file's key does not open what it sealed: %v", err)
	}
	hexKey := strings.Repeat("ab", KeySize)
	fromEnv, _, _, err := Load(func(k string) string {
		if k == EnvKey {
			return hexKey
		}
		return ""
	}, data)
	if err != nil || fromEnv.KeyID() == again.KeyID() {
		t.Fatalf("RCMS_LEAD_KEY: %v", err)
	}
	if _, _, _, err := Load(func(k string) string {
		if k == EnvKey {
			return "short"
		}
		return ""
	}, data); err == nil {
		t.Error("a short RCMS_LEAD_KEY was taken")
	}
}
