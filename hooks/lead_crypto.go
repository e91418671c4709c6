package hooks

import (
	"fmt"
	"io"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leadcrypt"
	"recoverycms/internal/leads"
	"recoverycms/internal/sealedfield"
)

// bindLeadKey loads the key that seals callback leads' personal data before anything opens
// the database (RCMS_LEAD_KEY, else the key file beside the data directory, created on first
// start), and says loudly where a new key file is: without it the leads cannot be read, and a
// backup of pb_data does not include it.
func bindLeadKey(app core.App, getenv func(string) string, console io.Writer) {
	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		ring, path, created, err := leadcrypt.Load(getenv, e.App.DataDir())
		if err != nil {
			return fmt.Errorf("loading the lead key: %w", err)
		}
		sealedfield.Use(ring)
		if created {
			fmt.Fprintf(console, "\n*** A new key for callback leads' personal data was written to %s\n"+
				"*** Back it up now, apart from the data: without it no lead can be read, and it is not in pb_data or its backups.\n"+
				"*** (Or set %s to the key and remove the file.)\n\n", path, leadcrypt.EnvKey)
		}
		return e.Next()
	})
}

// bindPhoneIndex keeps each lead's blind phone index in step with its phone number, however
// it is saved, so a number is found without being stored in the clear.
func bindPhoneIndex(app core.App) {
	index := func(e *core.RecordEvent) error {
		if ring := sealedfield.Keyring(); ring != nil {
			e.Record.Set(leads.PhoneIndexField, ring.Index(e.Record.GetString("phone")))
		}
		return e.Next()
	}
	app.OnRecordCreate(leads.LeadsCollection).BindFunc(index)
	app.OnRecordUpdate(leads.LeadsCollection).BindFunc(index)
}
