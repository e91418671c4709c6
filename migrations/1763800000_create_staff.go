package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		staff := core.NewAuthCollection("staff")
		staff.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 100},
			&core.SelectField{Name: "role", Required: true, MaxSelect: 1, Values: []string{"editor", "reviewer", "admin"}},
		)
		// No public sign-up: only admins (and superusers) create staff accounts.
		staff.ListRule = types.Pointer(ruleIsStaff)
		staff.ViewRule = types.Pointer(ruleIsStaff)
		staff.CreateRule = types.Pointer(ruleIsAdmin)
		// Staff may edit their own profile but never their own role.
		staff.UpdateRule = types.Pointer(ruleIsAdmin + ` || (id = @request.auth.id && @request.body.role:isset = false)`)
		staff.DeleteRule = types.Pointer(ruleIsAdmin + ` && id != @request.auth.id`)
		staff.ManageRule = types.Pointer(ruleIsAdmin)
		return app.Save(staff)
	}, func(app core.App) error {
		return deleteCollection(app, "staff")
	})
}
