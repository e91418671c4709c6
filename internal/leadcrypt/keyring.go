// Package leadcrypt keeps callback leads' personal data encrypted at rest: AES-256-GCM under a
// key that lives outside the database (RCMS_LEAD_KEY or a key file beside, not inside,
// pb_data), and a keyed blind index (HMAC-SHA256 of the E.164 number) so a phone number can be
// looked up without being stored in the clear. Each sealed value names the key that sealed it,
// so a rotation that stopped half way still opens everything. It imports no PocketBase.
package leadcrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the size of a lead key: 32 bytes, for AES-256.
const KeySize = 32

// prefix starts every sealed value: version, then the sealing key's id.
const prefix = "enc:v1:"

// ErrNoKey says a sealed value names a key the keyring does not hold.
var ErrNoKey = errors.New("leadcrypt: sealed with a key this keyring does not hold")

// ErrCorrupt says a sealed value does not open: it was changed, or sealed for another field.
var ErrCorrupt = errors.New("leadcrypt: sealed value does not open")

// key is one AES-256 key with its id and the index key derived from it.
type key struct {
	id    string
	aead  cipher.AEAD
	index []byte
}

func newKey(raw []byte) (*key, error) {
	if len(raw) != KeySize {
		return nil, fmt.Errorf("leadcrypt: a lead key is %d bytes, not %d", KeySize, len(raw))
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(append([]byte("recoverycms lead key id\x00"), raw...))
	mac := hmac.New(sha256.New, raw)
	mac.Write([]byte("recoverycms blind index v1"))
	return &key{id: hex.EncodeToString(sum[:4]), aead: aead, index: mac.Sum(nil)}, nil
}

// Keyring seals with its current key and opens with any key it holds.
type Keyring struct {
	current *key
	byID    map[string]*key
}

// NewKeyring seals with current and also opens values sealed with any of older.
func NewKeyring(current []byte, older ...[]byte) (*Keyring, error) {
	k, err := newKey(current)
	if err != nil {
		return nil, err
	}
	r := &Keyring{current: k, byID: map[string]*key{k.id: k}}
	for _, raw := range older {
		o, err := newKey(raw)
		if err != nil {
			return nil, err
		}
		if _, seen := r.byID[o.id]; !seen {
			r.byID[o.id] = o
		}
	}
	return r, nil
}

// KeyID names the current key (the first 8 hex digits of a hash of it; not secret).
func (r *Keyring) KeyID() string { return r.current.id }

// Seal encrypts plain for field (the field's name is authenticated with it, so a value
// cannot be moved to another field). An empty value stays empty.
func (r *Keyring) Seal(field, plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	nonce := make([]byte, r.current.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := r.current.aead.Seal(nonce, nonce, []byte(plain), []byte(field))
	return prefix + r.current.id + ":" + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// IsSealed says whether s is a sealed value (rather than stored in the clear).
func IsSealed(s string) bool { return strings.HasPrefix(s, prefix) }

// Open decrypts a value Seal made for field. A value that is not sealed is returned as it
// is, so data written before encryption still reads (and is sealed on its next save).
func (r *Keyring) Open(field, sealed string) (string, error) {
	if !IsSealed(sealed) {
		return sealed, nil
	}
	id, body, ok := strings.Cut(sealed[len(prefix):], ":")
	if !ok {
		return "", ErrCorrupt
	}
	k := r.byID[id]
	if k == nil {
		return "", ErrNoKey
	}
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(raw) < k.aead.NonceSize() {
		return "", ErrCorrupt
	}
	plain, err := k.aead.Open(nil, raw[:k.aead.NonceSize()], raw[k.aead.NonceSize():], []byte(field))
	if err != nil {
		return "", ErrCorrupt
	}
	return string(plain), nil
}

// Index is the blind index of an E.164 phone number under the current key: equal numbers
// give equal indexes, and the index says nothing about the number without the key.
func (r *Keyring) Index(e164 string) string {
	if e164 == "" {
		return ""
	}
	mac := hmac.New(sha256.New, r.current.index)
	mac.Write([]byte(e164))
	return hex.EncodeToString(mac.Sum(nil))
}
