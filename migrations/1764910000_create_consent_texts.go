package migrations

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// consentTextV1 is the consent wording the site's callback form showed when the ledger began
// (callbackform.ConsentText then). It is copied, not imported, so this migration keeps
// seeding what was shown even after the form's wording changes; a new wording is a new
// version added by an admin or a later migration.
const consentTextV1 = "I agree that a counsellor may phone me on this number and that my details are kept only to arrange this call."

func init() {
	m.Register(func(app core.App) error {
		// consent_texts is the ledger of consent wordings: each lead records the version and
		// SHA-256 hash of the wording it was shown. Admins add versions and switch them on
		// and off; any staff member may read them; nobody but superusers deletes one (old
		// leads point at it). The hooks set hash and refuse changes to a version's text.
		texts := core.NewBaseCollection("consent_texts")
		texts.Fields.Add(
			&core.NumberField{Name: "version", Required: true, OnlyInt: true, Min: types.Pointer(1.0)},
			&core.TextField{Name: "text", Required: true, Max: 2000},
			&core.TextField{Name: "hash", Max: 64},
			&core.BoolField{Name: "active"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		texts.AddIndex("idx_consent_texts_version", true, "version", "")
		texts.ListRule = types.Pointer(ruleIsStaff)
		texts.ViewRule = types.Pointer(ruleIsStaff)
		texts.CreateRule = types.Pointer(ruleIsAdmin)
		texts.UpdateRule = types.Pointer(ruleIsAdmin)
		texts.DeleteRule = nil
		if err := app.Save(texts); err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(consentTextV1))
		v1 := core.NewRecord(texts)
		v1.Set("version", 1)
		v1.Set("text", consentTextV1)
		v1.Set("hash", hex.EncodeToString(sum[:]))
		v1.Set("active", true)
		return app.SaveNoValidate(v1)
	}, func(app core.App) error {
		return deleteCollection(app, "consent_texts")
	})
}
