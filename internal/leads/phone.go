package leads

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ErrPhoneInvalid is returned for a phone number that cannot be dialled.
var ErrPhoneInvalid = errors.New("invalid phone number")

// NormalizePhone parses raw (national numbers in region, or international with +) and returns
// it in E.164 form, e.g. "07700 900123" in GB becomes "+447700900123".
func NormalizePhone(raw, region string) (string, error) {
	p, err := parsePhone(raw, region)
	return p.e164, err
}

// checkedPhone is a phone number that passed NormalizePhone, with the country it belongs to.
type checkedPhone struct {
	e164    string
	region  string // the default region it was parsed with
	country string // its region code (GB, US ...), "" for a non-geographic number
}

// parsePhone is NormalizePhone's work; it also keeps the number's country, which the lead's
// time zone is guessed from, so one submission parses its number once.
func parsePhone(raw, region string) (checkedPhone, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 40 {
		return checkedPhone{}, ErrPhoneInvalid
	}
	num, err := phonenumbers.Parse(raw, region)
	if err != nil {
		return checkedPhone{}, ErrPhoneInvalid
	}
	country := phonenumbers.GetRegionCodeForNumber(num)
	if !phonenumbers.IsValidNumberForRegion(num, country) { // IsValidNumber, without finding the country twice
		return checkedPhone{}, ErrPhoneInvalid
	}
	return checkedPhone{e164: phonenumbers.Format(num, phonenumbers.E164), region: region, country: country}, nil
}
