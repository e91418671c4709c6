package helpdir

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// languageCode is an ISO 639 language code, lowercase ("en", "es", "cy").
var languageCode = regexp.MustCompile(`^[a-z]{2,3}$`)

// Derive checks and normalises resource r before it is stored, however it is saved: the
// country in capitals, phone and text_number as NormalizePhone stores them, hours and
// languages in their canonical JSON. Problems are field errors (country_invalid,
// phone_invalid, text_number_invalid, hours_invalid, timezone_invalid, languages_invalid,
// phone_required, url_required), and nothing is stored. verified_at and verified_by are
// kept as stored unless this save is a verification or an import (Verify, MarkImported).
func (s *Service) Derive(r *core.Record) error {
	errs := validation.Errors{}
	country := strings.ToUpper(strings.TrimSpace(r.GetString("country")))
	r.Set("country", country)
	if !ValidCountry(country) {
		errs["country"] = validation.NewError("country_invalid", "Use a two-letter ISO 3166-1 country code, such as GB or US.")
	}
	for _, f := range []string{"phone", "text_number"} {
		raw := strings.TrimSpace(r.GetString(f))
		if raw == "" {
			r.Set(f, "")
			continue
		}
		if stored, err := NormalizePhone(raw, country); err != nil {
			errs[f] = validation.NewError(f+"_invalid", "Use a number that can be dialled in the resource's country.")
		} else {
			r.Set(f, stored)
		}
	}
	if err := normalizeHours(r); err != nil {
		errs["hours"] = err
	}
	if err := normalizeLanguages(r); err != nil {
		errs["languages"] = err
	}
	switch r.GetString("kind") {
	case "helpline":
		if r.GetString("phone") == "" && errs["phone"] == nil {
			errs["phone"] = validation.NewError("phone_required", "A helpline needs a phone number.")
		}
	case "text_line":
		if r.GetString("text_number") == "" && errs["text_number"] == nil {
			errs["text_number"] = validation.NewError("text_number_required", "A text line needs the number to text.")
		}
	case "website":
		if r.GetString("url") == "" {
			errs["url"] = validation.NewError("url_required", "A website needs its address.")
		}
	}
	s.keepVerification(r)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func normalizeHours(r *core.Record) error {
	h, err := ParseHours([]byte(jsonOf(r, "hours")))
	switch {
	case errors.Is(err, ErrTimezoneInvalid):
		return validation.NewError("timezone_invalid", "Use an IANA time zone, such as Europe/London.")
	case err != nil:
		return validation.NewError("hours_invalid",
			`Use {"always": true}, or a timezone and weekly spans of days with open before close as HH:MM.`)
	case h == nil:
		r.Set("hours", nil)
	default:
		r.Set("hours", h)
	}
	return nil
}

func normalizeLanguages(r *core.Record) error {
	raw := jsonOf(r, "languages")
	if raw == "" || raw == "null" {
		r.Set("languages", []string{})
		return nil
	}
	var codes []string
	if err := json.Unmarshal([]byte(raw), &codes); err != nil {
		return validation.NewError("languages_invalid", `Use a list of ISO 639 language codes, such as ["en", "es"].`)
	}
	for i, c := range codes {
		codes[i] = strings.ToLower(strings.TrimSpace(c))
		if !languageCode.MatchString(codes[i]) {
			return validation.NewError("languages_invalid", `Use a list of ISO 639 language codes, such as ["en", "es"].`)
		}
	}
	r.Set("languages", codes)
	return nil
}

// jsonOf is the raw JSON of a JSON field, whatever Go value the save put there.
func jsonOf(r *core.Record, field string) string {
	switch v := r.Get(field).(type) {
	case nil:
		return ""
	case types.JSONRaw:
		return string(v)
	case string:
		return v
	case []byte:
		return string(v)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return "invalid"
		}
		return string(b)
	}
}

// Languages is the stored language list of r.
func Languages(r *core.Record) []string {
	var codes []string
	if err := json.Unmarshal([]byte(jsonOf(r, "languages")), &codes); err != nil || codes == nil {
		return []string{}
	}
	return codes
}

// StoredHours is the stored hours of r (nil when unknown).
func StoredHours(r *core.Record) *Hours {
	h, err := ParseHours([]byte(jsonOf(r, "hours")))
	if err != nil {
		return nil
	}
	return h
}
