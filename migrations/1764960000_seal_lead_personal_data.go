package migrations

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"recoverycms/internal/sealedfield"
)

// sealedLeadFields are the fields of personal data, per collection, kept sealed at rest.
var sealedLeadFields = map[string][]string{
	"callback_leads": {"name", "phone", "email", "message", "consent_text", "source_url", "notes"},
	"lead_repeats":   {"name", "email", "message", "consent_text", "source_url"},
}

func init() {
	m.Register(func(app core.App) error {
		for name, fields := range sealedLeadFields {
			if err := sealCollection(app, name, fields, true); err != nil {
				return err
			}
		}
		leadsCol, err := app.FindCollectionByNameOrId("callback_leads")
		if err != nil {
			return err
		}
		leadsCol.Fields.Add(&core.TextField{Name: "phone_index", Max: 64, Hidden: true})
		leadsCol.AddIndex("idx_callback_leads_phone_index", false, "phone_index", "")
		if err := app.Save(leadsCol); err != nil {
			return err
		}
		return indexPhones(app)
	}, func(app core.App) error {
		leadsCol, err := app.FindCollectionByNameOrId("callback_leads")
		if err != nil {
			return err
		}
		leadsCol.RemoveIndex("idx_callback_leads_phone_index")
		leadsCol.Fields.RemoveByName("phone_index")
		if err := app.Save(leadsCol); err != nil {
			return err
		}
		for name, fields := range sealedLeadFields {
			if err := sealCollection(app, name, fields, false); err != nil {
				return err
			}
		}
		return nil
	})
}

// sealCollection turns fields of collection name into their sealed types (seal) or back, and
// rewrites every row's values to match: sealed, or in the clear. The types change in place
// (same ids and names, the TEXT columns untouched), which the collection validator refuses in
// general, so the schema is saved without it.
func sealCollection(app core.App, name string, fields []string, seal bool) error {
	col, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		return err
	}
	// Read every row's values first, in plain text whichever way they are stored now.
	records, err := app.FindAllRecords(name)
	if err != nil {
		return err
	}
	for _, f := range fields {
		old := col.Fields.GetByName(f)
		if old == nil {
			return fmt.Errorf("%s has no field %s", name, f)
		}
		col.Fields.Add(convertField(old, seal))
	}
	if err := app.SaveNoValidate(col); err != nil {
		return err
	}
	col, err = app.FindCollectionByNameOrId(name)
	if err != nil {
		return err
	}
	for _, r := range records {
		values := dbx.Params{}
		for _, f := range fields {
			field := col.Fields.GetByName(f)
			v := r.GetString(f)
			if dv, ok := field.(core.DriverValuer); ok {
				r.Set(f, v)
				out, err := dv.DriverValue(r)
				if err != nil {
					return err
				}
				values[f] = out
			} else {
				values[f] = v
			}
		}
		if _, err := app.DB().Update(name, values, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
			return err
		}
	}
	return nil
}

// convertField is field as its sealed type (seal) or as the plain type it came from.
func convertField(field core.Field, seal bool) core.Field {
	switch f := field.(type) {
	case *core.TextField:
		if seal {
			return &sealedfield.Field{TextField: *f}
		}
	case *core.EmailField:
		if seal {
			return &sealedfield.Email{EmailField: *f}
		}
	case *core.URLField:
		if seal {
			return &sealedfield.URL{URLField: *f}
		}
	case *sealedfield.Field:
		if !seal {
			return &f.TextField
		}
	case *sealedfield.Email:
		if !seal {
			return &f.EmailField
		}
	case *sealedfield.URL:
		if !seal {
			return &f.URLField
		}
	}
	return field
}

// indexPhones fills the blind phone index of every lead.
func indexPhones(app core.App) error {
	ring := sealedfield.Keyring()
	records, err := app.FindAllRecords("callback_leads")
	if err != nil || ring == nil {
		if err == nil && len(records) > 0 {
			return sealedfield.ErrNoKeyring
		}
		return err
	}
	for _, r := range records {
		if _, err := app.DB().Update("callback_leads", dbx.Params{"phone_index": ring.Index(r.GetString("phone"))},
			dbx.HashExp{"id": r.Id}).Execute(); err != nil {
			return err
		}
	}
	return nil
}
