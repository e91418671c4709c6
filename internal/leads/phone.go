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
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 40 {
		return "", ErrPhoneInvalid
	}
	num, err := phonenumbers.Parse(raw, region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", ErrPhoneInvalid
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}
