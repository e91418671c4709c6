package leads

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// ConsentTextsCollection is the ledger of consent wordings (migration 1764910000).
const ConsentTextsCollection = "consent_texts"

// ConsentHash is the SHA-256 of a consent wording, in hex: what a lead keeps of the text
// it was shown, comparable with consent_texts.hash.
func ConsentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// stampConsent records which consent wording a new lead was shown: the highest active
// consent_texts version whose text is exactly the submitted consent_text, its hash and the
// time. A wording that matches no active version is kept as sent (the person must not be
// lost) with version 0 and consent_unmatched set, for staff to check.
func (s *Service) stampConsent(app core.App, r *core.Record) error {
	text := r.GetString("consent_text")
	r.Set("consent_hash", ConsentHash(text))
	r.Set("consent_at", s.now().UTC())
	var version int
	err := app.DB().Select("COALESCE(MAX([[version]]), 0)").From(ConsentTextsCollection).
		Where(dbx.HashExp{"text": text, "active": true}).Row(&version)
	if err != nil {
		return err
	}
	r.Set("consent_version", version)
	r.Set("consent_unmatched", version == 0)
	return nil
}

// PrepareConsentText keeps a consent_texts version what leads recorded: its hash is always
// the SHA-256 of its text, and the text of a saved version never changes (a new wording is
// a new version). Bind it to the save-level create and update hooks of consent_texts.
func PrepareConsentText(e *core.RecordEvent) error {
	if !e.Record.IsNew() && e.Record.GetString("text") != e.Record.Original().GetString("text") {
		return validation.Errors{"text": validation.NewError("consent_text_immutable",
			"A saved consent wording cannot change; add a new version instead.")}
	}
	e.Record.Set("hash", ConsentHash(e.Record.GetString("text")))
	return e.Next()
}
