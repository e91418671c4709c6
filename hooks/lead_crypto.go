package hooks

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

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
		if err := e.Next(); err != nil {
			return err
		}
		if path != "" {
			if err := finishRotation(e.App, getenv, path, console); err != nil {
				return err
			}
		}
		if created {
			fmt.Fprintf(console, "\n*** A new key for callback leads' personal data was written to %s\n"+
				"*** Back it up now, apart from the data: without it no lead can be read, and it is not in pb_data or its backups.\n"+
				"*** (Or set %s to the key and remove the file.)\n\n", path, leadcrypt.EnvKey)
		}
		return nil
	})
}

// finishRotation completes a key rotation cut short (a ".next" key file is left): when the
// data was re-sealed under the new key, the new key is moved into place; when not, it is
// dropped. Either way every value still opens.
func finishRotation(app core.App, getenv func(string) string, path string, console io.Writer) error {
	next, err := leadcrypt.ReadKeyFile(leadcrypt.NextKeyFile(path))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	kid, err := leadcrypt.KeyIDOf(next)
	if err != nil {
		return err
	}
	used, err := leads.UsesKey(app, kid)
	if err != nil {
		return err
	}
	if !used {
		fmt.Fprintf(console, "A lead key rotation did not finish; the data still uses the key in %s.\n", path)
		return os.Remove(leadcrypt.NextKeyFile(path))
	}
	if err := leadcrypt.FinishRotation(path); err != nil {
		return err
	}
	ring, _, _, err := leadcrypt.Load(getenv, app.DataDir())
	if err != nil {
		return err
	}
	sealedfield.Use(ring)
	fmt.Fprintf(console, "A lead key rotation was finished: the new key is in %s, the previous in %s.\n", path, leadcrypt.OldKeyFile(path))
	return nil
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
