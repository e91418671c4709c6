package hooks_test

import (
	"errors"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
)

// TestLeadPhoneIsCheckedOnEverySave: a new lead's number is checked once per save, and what
// an earlier save found is never trusted for a number changed since, or forged from outside.
func TestLeadPhoneIsCheckedOnEverySave(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	col, err := app.FindCollectionByNameOrId("callback_leads")
	if err != nil {
		t.Fatal(err)
	}
	phoneCode := func(err error) string {
		var errs validation.Errors
		if !errors.As(err, &errs) || errs["phone"] == nil {
			return ""
		}
		var verr validation.Error
		if errors.As(errs["phone"], &verr) {
			return verr.Code()
		}
		return "?"
	}

	// A first save fails on the name after the number was checked; the number is then
	// changed to one nobody can call: the next save must refuse it.
	r := core.NewRecord(col)
	r.Load(validLead(map[string]any{"name": nil, "phone": "07400 123456"}))
	if err := app.Save(r); err == nil || phoneCode(err) != "" {
		t.Fatalf("first save: %v, want a name error only", err)
	}
	if got := r.GetString("phone"); got != "+447400123456" {
		t.Fatalf("phone %q after the first save, want it normalised", got)
	}
	r.Set("name", "Sam")
	r.Set("phone", "12")
	if code := phoneCode(app.Save(r)); code != "phone_invalid" {
		t.Fatalf("changed to an invalid number: phone error %q, want phone_invalid", code)
	}
	r.Set("phone", "07400 123457")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got := r.GetString("phone"); got != "+447400123457" {
		t.Errorf("stored phone %q, want +447700900456", got)
	}

	// A marker set from outside Go's own types (a body, an import row) is not a check.
	for _, forged := range []any{"+4412", map[string]any{"e164": "+4412", "region": "GB"}, true} {
		f := core.NewRecord(col)
		f.Load(validLead(map[string]any{"phone": "+4412"}))
		f.Set("@lead_phone_checked", forged)
		if code := phoneCode(app.Save(f)); code != "phone_invalid" {
			t.Errorf("forged marker %v: phone error %q, want phone_invalid", forged, code)
		}
	}
}
