package leads

import (
	"github.com/pocketbase/dbx"

	"recoverycms/internal/leadcrypt"
	"recoverycms/internal/sealedfield"
)

// PhoneIndexField holds a lead's blind phone index (leadcrypt.Keyring.Index of its E.164
// number): the phone itself is sealed, so lookups, repeats and erasure find a number here.
const PhoneIndexField = "phone_index"

// PhoneMatch is the condition matching the leads of an E.164 number.
func PhoneMatch(e164 string) dbx.Expression {
	index := phoneIndex(e164)
	if index == "" {
		return dbx.NewExp("0 = 1")
	}
	return dbx.HashExp{PhoneIndexField: index}
}

// phoneIndex is the blind index of an E.164 number under the key in use ("" without one).
func phoneIndex(e164 string) string {
	if ring := sealedfield.Keyring(); ring != nil {
		return ring.Index(e164)
	}
	return ""
}

// openStored is a value read straight from the database in plain text: sealed personal data
// is opened (a value the key in use cannot open reads as a marker, never as ciphertext).
func openStored(field, stored string) string {
	if !leadcrypt.IsSealed(stored) {
		return stored
	}
	ring := sealedfield.Keyring()
	if ring == nil {
		return "[sealed]"
	}
	plain, err := ring.Open(field, stored)
	if err != nil {
		return "[sealed]"
	}
	return plain
}

// sealEventValue seals an audit value of a personal field (field names it, "from" or "to").
func sealEventValue(field, value string) (string, error) {
	if value == "" {
		return "", nil
	}
	ring := sealedfield.Keyring()
	if ring == nil {
		return "", sealedfield.ErrNoKeyring
	}
	return ring.Seal("event_"+field, value)
}
