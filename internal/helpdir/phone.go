package helpdir

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"recoverycms/internal/leads"
)

// ErrPhoneInvalid is returned for a number that cannot be dialled in the resource's country.
var ErrPhoneInvalid = errors.New("invalid phone number")

// NormalizePhone returns raw as stored: E.164 for a full number ("0800 1111" in GB is
// "+448001111"), or the digits of a short number valid in country, which has no E.164 form
// ("999", "116123", "988").
func NormalizePhone(raw, country string) (string, error) {
	if full, err := leads.NormalizePhone(raw, country); err == nil {
		return full, nil
	}
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 20 || strings.HasPrefix(raw, "+") {
		return "", ErrPhoneInvalid
	}
	num, err := phonenumbers.Parse(raw, country)
	if err != nil || !phonenumbers.IsValidShortNumberForRegion(num, country) {
		return "", ErrPhoneInvalid
	}
	return phonenumbers.GetNationalSignificantNumber(num), nil
}

// DisplayPhone is a stored number as the country writes it: the national format of a full
// number ("0800 1111", "(800) 662-4357"), a six-digit short number in two groups ("116 123"),
// other short numbers as they are ("999").
func DisplayPhone(stored string) string {
	if !strings.HasPrefix(stored, "+") {
		if len(stored) == 6 {
			return stored[:3] + " " + stored[3:]
		}
		return stored
	}
	num, err := phonenumbers.Parse(stored, "")
	if err != nil {
		return stored
	}
	return phonenumbers.Format(num, phonenumbers.NATIONAL)
}

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 code of a region with phone
// numbering (phonenumbers' supported regions).
func ValidCountry(code string) bool {
	return len(code) == 2 && phonenumbers.GetSupportedRegions()[code]
}

// CountryName is the English name of a country code ("GB" is "United Kingdom"), or the code
// when it has none.
func CountryName(code string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.English.Regions().Name(region); name != "" {
		return name
	}
	return code
}
