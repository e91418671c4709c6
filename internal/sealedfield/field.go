// Package sealedfield is a PocketBase field type for personal data kept encrypted at rest: a
// text field whose value is sealed (package leadcrypt) on its way into the database and opened
// on its way out, so every path that saves or loads a record (the records API, realtime, Go
// code, the export, a command) works with the plain text while data.db, its WAL, backups and
// replicas hold only ciphertext. Filters and sorts on a sealed field see ciphertext: look
// records up by a blind index instead (leadcrypt.Keyring.Index).
package sealedfield

import (
	"database/sql/driver"
	"errors"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leadcrypt"
)

// Type is the field type's name in collection schemas.
const Type = "sealedtext"

func init() {
	core.Fields[Type] = func() core.Field { return &Field{} }
}

// ring is the keyring every sealed field uses; set once at start-up with Use.
var ring atomic.Pointer[leadcrypt.Keyring]

// Use makes r the keyring of every sealed field (main at start-up, test apps with a test key).
func Use(r *leadcrypt.Keyring) { ring.Store(r) }

// Keyring is the keyring in use, or nil.
func Keyring() *leadcrypt.Keyring { return ring.Load() }

// ErrNoKeyring says a sealed value was written before a keyring was set: nothing is stored.
var ErrNoKeyring = errors.New("sealedfield: no lead key is configured, so personal data cannot be stored")

// Field is a text field stored sealed. Its settings and validation are the text field's,
// applied to the plain value.
type Field struct {
	core.TextField
}

// Type implements core.Field.
func (f *Field) Type() string { return Type }

// PrepareValue implements core.Field: a value read from the database is opened; a plain value
// (from a request or Go code) is taken as it is. A value that does not open reads as empty and
// the failure is not hidden from the next write: DriverValue refuses to seal garbage.
func (f *Field) PrepareValue(record *core.Record, raw any) (any, error) {
	v, err := f.TextField.PrepareValue(record, raw)
	if err != nil {
		return v, err
	}
	s, _ := v.(string)
	if !leadcrypt.IsSealed(s) {
		return s, nil
	}
	r := ring.Load()
	if r == nil {
		return "", ErrNoKeyring
	}
	plain, err := r.Open(f.Name, s)
	if err != nil {
		return "", err
	}
	return plain, nil
}

// DriverValue implements core.DriverValuer: the value is sealed for the database.
func (f *Field) DriverValue(record *core.Record) (driver.Value, error) {
	plain := record.GetString(f.Name)
	if plain == "" {
		return "", nil
	}
	r := ring.Load()
	if r == nil {
		return nil, ErrNoKeyring
	}
	return r.Seal(f.Name, plain)
}
