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
	"github.com/spf13/cast"

	"recoverycms/internal/leadcrypt"
)

// The field types' names in collection schemas.
const (
	Type      = "sealedtext"
	EmailType = "sealedemail"
	URLType   = "sealedurl"
)

func init() {
	core.Fields[Type] = func() core.Field { return &Field{} }
	core.Fields[EmailType] = func() core.Field { return &Email{} }
	core.Fields[URLType] = func() core.Field { return &URL{} }
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

// PrepareValue implements core.Field (see open).
func (f *Field) PrepareValue(record *core.Record, raw any) (any, error) {
	return open(f.Name, raw)
}

// DriverValue implements core.DriverValuer (see seal).
func (f *Field) DriverValue(record *core.Record) (driver.Value, error) { return seal(f.Name, record) }

// Email is an email field stored sealed, validated as an email address in plain text.
type Email struct {
	core.EmailField
}

// Type implements core.Field.
func (f *Email) Type() string { return EmailType }

// PrepareValue implements core.Field (see open).
func (f *Email) PrepareValue(record *core.Record, raw any) (any, error) { return open(f.Name, raw) }

// DriverValue implements core.DriverValuer (see seal).
func (f *Email) DriverValue(record *core.Record) (driver.Value, error) { return seal(f.Name, record) }

// URL is a URL field stored sealed, validated as a URL in plain text.
type URL struct {
	core.URLField
}

// Type implements core.Field.
func (f *URL) Type() string { return URLType }

// PrepareValue implements core.Field (see open).
func (f *URL) PrepareValue(record *core.Record, raw any) (any, error) { return open(f.Name, raw) }

// DriverValue implements core.DriverValuer (see seal).
func (f *URL) DriverValue(record *core.Record) (driver.Value, error) { return seal(f.Name, record) }

// open is every sealed field's PrepareValue: a value read from the database is opened; a
// plain value (from a request or Go code) is taken as it is.
func open(field string, raw any) (any, error) {
	s := cast.ToString(raw)
	if !leadcrypt.IsSealed(s) {
		return s, nil
	}
	r := ring.Load()
	if r == nil {
		return "", ErrNoKeyring
	}
	return r.Open(field, s)
}

// seal is every sealed field's DriverValue: the plain value sealed for the database.
func seal(field string, record *core.Record) (driver.Value, error) {
	plain := record.GetString(field)
	if plain == "" {
		return "", nil
	}
	r := ring.Load()
	if r == nil {
		return nil, ErrNoKeyring
	}
	return r.Seal(field, plain)
}
