package leadcrypt

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// EnvKey is the variable that carries the lead key itself (64 hex digits or base64 of 32 bytes).
const EnvKey = "RCMS_LEAD_KEY"

// EnvKeyFile is the variable naming the key file; by default it is DefaultKeyFile(dataDir).
const EnvKeyFile = "RCMS_LEAD_KEY_FILE"

// DefaultKeyFile is recoverycms-lead.key beside the data directory, never inside it: a copy
// of pb_data (a backup, a replica) must not carry the key that opens it.
func DefaultKeyFile(dataDir string) string {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	return filepath.Join(filepath.Dir(abs), "recoverycms-lead.key")
}

// ParseKey reads a key written as 64 hex digits or as base64 of 32 bytes.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) == KeySize {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == KeySize {
			return b, nil
		}
	}
	return nil, fmt.Errorf("leadcrypt: a lead key is 64 hex digits or base64 of %d bytes", KeySize)
}

// Load builds the keyring the server uses: the key of RCMS_LEAD_KEY when set, else the key file
// (RCMS_LEAD_KEY_FILE or DefaultKeyFile(dataDir)), created with a new random key when missing
// — created is then true and the caller must say loudly where it is. A key file's rotation
// leftovers (".next", ".old") are opened too, so a rotation cut short reads everything.
func Load(getenv func(string) string, dataDir string) (ring *Keyring, path string, created bool, err error) {
	if v := strings.TrimSpace(getenv(EnvKey)); v != "" {
		k, err := ParseKey(v)
		if err != nil {
			return nil, "", false, fmt.Errorf("%s: %w", EnvKey, err)
		}
		ring, err := NewKeyring(k)
		return ring, "", false, err
	}
	path = strings.TrimSpace(getenv(EnvKeyFile))
	if path == "" {
		path = DefaultKeyFile(dataDir)
	}
	current, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		current = make([]byte, KeySize)
		if _, err := rand.Read(current); err != nil {
			return nil, path, false, err
		}
		if err := WriteKeyFile(path, current); err != nil {
			return nil, path, false, err
		}
		created = true
	} else if err != nil {
		return nil, path, false, err
	}
	var older [][]byte
	for _, suffix := range []string{".next", ".old"} {
		if k, err := readKeyFile(path + suffix); err == nil {
			older = append(older, k)
		}
	}
	ring, err = NewKeyring(current, older...)
	return ring, path, created, err
}

func readKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseKey(string(b))
}

// WriteKeyFile writes key to path (hex, mode 0600) durably: a temporary file, fsync, rename,
// fsync of the directory.
func WriteKeyFile(path string, key []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}

// ReadKeyFile reads the key in path (hex or base64).
func ReadKeyFile(path string) ([]byte, error) { return readKeyFile(path) }

// KeyIDOf is the id a key's sealed values carry.
func KeyIDOf(key []byte) (string, error) {
	k, err := newKey(key)
	if err != nil {
		return "", err
	}
	return k.id, nil
}

// A rotation writes the new key to path+".next" before the data is re-sealed, and only after
// the re-sealing has committed moves the old key to path+".old" and the new one to path: a
// rotation cut short at any point leaves keys that open everything (Load opens all three).

// NextKeyFile is where a rotation keeps the new key until the data is re-sealed under it.
func NextKeyFile(path string) string { return path + ".next" }

// OldKeyFile is where a finished rotation keeps the previous key, for backups made before it.
func OldKeyFile(path string) string { return path + ".old" }

// FinishRotation makes the key in NextKeyFile(path) the current one, keeping the previous as
// OldKeyFile(path), durably.
func FinishRotation(path string) error {
	if err := os.Rename(path, OldKeyFile(path)); err != nil {
		return err
	}
	if err := os.Rename(NextKeyFile(path), path); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}
