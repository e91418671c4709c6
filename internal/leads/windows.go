package leads

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // the tz database, so a zone is known whatever the host has installed

	"github.com/nyaruka/phonenumbers"
)

// ErrTimezoneInvalid is returned for a time zone name the tz database does not know.
var ErrTimezoneInvalid = errors.New("unknown time zone")

// callbackHours are the callback windows of preferred_time as [start, end) hours of the
// caller's own day; asap has none (due at once).
var callbackHours = map[string][2]int{
	"morning":   {8, 12},
	"afternoon": {12, 17},
	"evening":   {17, 21},
	"anytime":   {8, 21},
}

// CallableHours are the hours of the caller's day in which staff may phone (08:00 to 21:00):
// the span of every window; the panel warns before a call outside them.
var CallableHours = callbackHours["anytime"]

// LoadZone returns the IANA time zone name (such as Europe/London), or ErrTimezoneInvalid
// for a name the tz database does not know. "Local" and the empty name are refused: they
// mean the server's zone, not the caller's.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" || len(name) > 64 {
		return nil, ErrTimezoneInvalid
	}
	if loc, ok := zoneCache.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, ErrTimezoneInvalid
	}
	if zoneCacheSize.Add(1) <= maxCachedZones {
		zoneCache.Store(name, loc)
	}
	return loc, nil
}

// zoneCache keeps the zones LoadZone found: time.LoadLocation reads and parses the zone's
// file on every call, and each new lead needs one. Only names the tz database knows are
// kept, so the cache holds a few hundred zones at most; maxCachedZones bounds it anyway.
var (
	zoneCache     sync.Map // name -> *time.Location
	zoneCacheSize atomic.Int64
)

const maxCachedZones = 2000

// DueAt is when a lead submitted at now by a caller in loc asking for preferred is due: the
// start of the next window of preferred in loc, or now when now is inside one (and always
// for asap). Windows are wall-clock hours, so they follow daylight saving time.
func DueAt(now time.Time, loc *time.Location, preferred string) time.Time {
	hours, ok := callbackHours[preferred]
	if !ok {
		return now
	}
	local := now.In(loc)
	for day := 0; day < 2; day++ {
		y, m, d := local.AddDate(0, 0, day).Date()
		start := time.Date(y, m, d, hours[0], 0, 0, 0, loc)
		end := time.Date(y, m, d, hours[1], 0, 0, 0, loc)
		switch {
		case local.Before(start):
			return start
		case local.Before(end):
			return now
		}
	}
	return now // not reached: tomorrow's window always starts after now
}

// countryZones is the time zone of a caller whose browser sent none, by the region of their
// phone number. Countries spanning several zones get their most populous one (the US
// America/New_York, Canada America/Toronto, Australia Australia/Sydney ...): the number
// alone cannot tell, so the panel's local time is then a guess.
var countryZones = map[string]string{
	"GB": "Europe/London", "IE": "Europe/Dublin", "IM": "Europe/Isle_of_Man", "JE": "Europe/Jersey",
	"GG": "Europe/Guernsey", "US": "America/New_York", "CA": "America/Toronto", "AU": "Australia/Sydney",
	"NZ": "Pacific/Auckland", "FR": "Europe/Paris", "DE": "Europe/Berlin", "ES": "Europe/Madrid",
	"PT": "Europe/Lisbon", "IT": "Europe/Rome", "NL": "Europe/Amsterdam", "BE": "Europe/Brussels",
	"LU": "Europe/Luxembourg", "CH": "Europe/Zurich", "AT": "Europe/Vienna", "DK": "Europe/Copenhagen",
	"NO": "Europe/Oslo", "SE": "Europe/Stockholm", "FI": "Europe/Helsinki", "IS": "Atlantic/Reykjavik",
	"PL": "Europe/Warsaw", "CZ": "Europe/Prague", "SK": "Europe/Bratislava", "HU": "Europe/Budapest",
	"RO": "Europe/Bucharest", "BG": "Europe/Sofia", "GR": "Europe/Athens", "CY": "Asia/Nicosia",
	"MT": "Europe/Malta", "HR": "Europe/Zagreb", "SI": "Europe/Ljubljana", "LT": "Europe/Vilnius",
	"LV": "Europe/Riga", "EE": "Europe/Tallinn", "UA": "Europe/Kyiv", "TR": "Europe/Istanbul",
	"RU": "Europe/Moscow", "IN": "Asia/Kolkata", "PK": "Asia/Karachi", "BD": "Asia/Dhaka",
	"CN": "Asia/Shanghai", "HK": "Asia/Hong_Kong", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
	"SG": "Asia/Singapore", "MY": "Asia/Kuala_Lumpur", "PH": "Asia/Manila", "TH": "Asia/Bangkok",
	"AE": "Asia/Dubai", "IL": "Asia/Jerusalem", "ZA": "Africa/Johannesburg", "NG": "Africa/Lagos",
	"KE": "Africa/Nairobi", "EG": "Africa/Cairo", "BR": "America/Sao_Paulo", "MX": "America/Mexico_City",
	"AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago", "CO": "America/Bogota",
	"PR": "America/Puerto_Rico", "JM": "America/Jamaica",
}

// ZoneForPhone is the time zone assumed for an E.164 number: its country's (see
// countryZones), or fallbackRegion's when the country is not listed, or UTC.
func ZoneForPhone(e164, fallbackRegion string) string {
	country := ""
	if num, err := phonenumbers.Parse(e164, fallbackRegion); err == nil {
		country = phonenumbers.GetRegionCodeForNumber(num)
	}
	return zoneForCountry(country, fallbackRegion)
}

// zoneForCountry is ZoneForPhone for a number whose country (region code) is known.
func zoneForCountry(country, fallbackRegion string) string {
	if zone, ok := countryZones[country]; ok {
		return zone
	}
	if zone, ok := countryZones[strings.ToUpper(fallbackRegion)]; ok {
		return zone
	}
	return "UTC"
}
