package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// bindConsentTexts keeps the consent ledger trustworthy however a version is saved: its hash
// is derived from its text, and a saved text never changes (a new wording is a new version).
func bindConsentTexts(app core.App) {
	app.OnRecordCreate(leads.ConsentTextsCollection).BindFunc(leads.PrepareConsentText)
	app.OnRecordUpdate(leads.ConsentTextsCollection).BindFunc(leads.PrepareConsentText)
}
