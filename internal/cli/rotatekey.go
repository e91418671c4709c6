package cli

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"recoverycms/internal/leadcrypt"
	"recoverycms/internal/leads"
	"recoverycms/internal/sealedfield"
)

// leadsRotateKeyCommand re-seals every lead's personal data under a new key, in one
// transaction, and only then makes the new key the key file's (the old one kept beside it as
// .old). Stop the server first: a server still running holds the old key only.
func leadsRotateKeyCommand(app core.App, getenv func(string) string) *cobra.Command {
	return &cobra.Command{
		Use:          "rotate-key",
		Short:        "Re-encrypt every lead's personal data under a new key (stop the server first)",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return RotateLeadKey(app, getenv, cmd.OutOrStdout())
		},
	}
}

// RotateLeadKey is the rotate-key command: getenv finds the key file (RCMS_LEAD_KEY_FILE, or
// the default beside the data directory), out gets what was done.
func RotateLeadKey(app core.App, getenv func(string) string, out io.Writer) error {
	if strings.TrimSpace(getenv(leadcrypt.EnvKey)) != "" {
		return errors.New("rotate-key changes the key file; with " + leadcrypt.EnvKey +
			" set, put the key in a file (" + leadcrypt.EnvKeyFile + ") and unset it first")
	}
	if err := app.RunAllMigrations(); err != nil {
		return err
	}
	_, path, _, err := leadcrypt.Load(getenv, app.DataDir())
	if err != nil {
		return err
	}
	old, err := leadcrypt.ReadKeyFile(path)
	if err != nil {
		return err
	}
	fresh := make([]byte, leadcrypt.KeySize)
	if _, err := rand.Read(fresh); err != nil {
		return err
	}
	older := [][]byte{old}
	if k, err := leadcrypt.ReadKeyFile(leadcrypt.OldKeyFile(path)); err == nil {
		older = append(older, k)
	}
	ring, err := leadcrypt.NewKeyring(fresh, older...)
	if err != nil {
		return err
	}
	// The new key is on disk before any value is sealed with it.
	if err := leadcrypt.WriteKeyFile(leadcrypt.NextKeyFile(path), fresh); err != nil {
		return err
	}
	n, err := leads.Reseal(app, ring)
	if err != nil {
		_ = os.Remove(leadcrypt.NextKeyFile(path))
		return fmt.Errorf("nothing was changed: %w", err)
	}
	if err := leadcrypt.FinishRotation(path); err != nil {
		return fmt.Errorf("the data is sealed with the key in %s, but moving it into place failed (the server finishes this on start): %w",
			leadcrypt.NextKeyFile(path), err)
	}
	sealedfield.Use(ring)
	fmt.Fprintf(out, "re-encrypted %d rows under key %s, now in %s\n", n, ring.KeyID(), path)
	fmt.Fprintf(out, "the previous key is kept in %s: backups made before now need it; delete it once they are gone\n",
		leadcrypt.OldKeyFile(path))
	return nil
}
