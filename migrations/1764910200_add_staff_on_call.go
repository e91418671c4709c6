package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(func(app core.App) error {
		staff, err := app.FindCollectionByNameOrId("staff")
		if err != nil {
			return err
		}
		// on_call staff get the urgent-lead notices first; staff set it for their own shift
		// (the staff update rule lets anyone edit their own profile, role excepted).
		staff.Fields.Add(&core.BoolField{Name: "on_call"})
		return app.Save(staff)
	}, func(app core.App) error {
		staff, err := app.FindCollectionByNameOrId("staff")
		if err != nil {
			return err
		}
		staff.Fields.RemoveByName("on_call")
		return app.Save(staff)
	})
}
