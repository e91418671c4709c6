package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	// A call attempt's notes are about the person: sealed at rest like the lead's own.
	m.Register(func(app core.App) error {
		return sealCollection(app, "call_attempts", []string{"notes"}, true)
	}, func(app core.App) error {
		return sealCollection(app, "call_attempts", []string{"notes"}, false)
	})
}
