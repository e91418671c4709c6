package publishing

import (
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/slug"
)

// maxSlugAttempts bounds the "-2", "-3" ... search for a free derived slug.
const maxSlugAttempts = 1000

// AssignSlug makes sure record has a unique, well-formed slug. A slug the client chose is
// checked and refused with a field error when malformed or taken; an empty slug is derived
// from the source field and given a numeric suffix while taken.
func AssignSlug(app core.App, record *core.Record, source string, fallback string) error {
	current := record.GetString("slug")
	if current != "" {
		if !record.IsNew() && current == record.Original().GetString("slug") {
			return nil
		}
		if !slug.Valid(current) {
			return validation.Errors{"slug": validation.NewError("slug_invalid",
				"Use lowercase letters, digits and single hyphens, at most 100 characters.")}
		}
		taken, err := slugTaken(app, record, current)
		if err != nil {
			return err
		}
		if taken {
			return validation.Errors{"slug": validation.NewError("slug_taken", "This slug is already in use.")}
		}
		return nil
	}

	base := slug.Make(record.GetString(source))
	if base == "" {
		base = fallback
	}
	candidate := base
	for n := 2; n < maxSlugAttempts; n++ {
		taken, err := slugTaken(app, record, candidate)
		if err != nil {
			return err
		}
		if !taken {
			record.Set("slug", candidate)
			return nil
		}
		candidate = slug.WithSuffix(base, n)
	}
	return validation.Errors{"slug": validation.NewError("slug_taken", "No free slug could be derived; set one by hand.")}
}

func slugTaken(app core.App, record *core.Record, candidate string) (bool, error) {
	n, err := app.CountRecords(record.Collection(),
		dbx.HashExp{"slug": candidate},
		dbx.Not(dbx.HashExp{"id": record.Id}),
	)
	return n > 0, err
}
