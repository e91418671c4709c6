// Package migrations holds the schema of recoverycms as append-only Go migrations.
package migrations

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

// Rules shared by the collections, built from the staff package's roles. Staff work under
// roles; superusers bypass every rule. TestRulesFollowTheRoleConstants checks that the rules
// stored by every migration match these.
const ruleIsStaff = staff.RuleIsStaff

var (
	ruleIsAdmin  = staff.Rule(staff.Admins...)
	ruleIsWriter = staff.Rule(staff.Writers...)
)

// deleteCollection removes a collection if it exists, so a down step also works on a partial schema.
func deleteCollection(app core.App, name string) error {
	c, err := app.FindCollectionByNameOrId(name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return app.Delete(c)
}

// collectionID returns the id of an existing collection, for relation fields.
func collectionID(app core.App, name string) (string, error) {
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		return "", err
	}
	return c.Id, nil
}

// slugPattern is the shape of every slug: lowercase ASCII words joined by single hyphens.
const slugPattern = `^[a-z0-9]+(?:-[a-z0-9]+)*$`
