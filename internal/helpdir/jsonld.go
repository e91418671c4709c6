package helpdir

import "github.com/pocketbase/pocketbase/core"

// schemaDays are schema.org's DayOfWeek values, in the order of Days.
var schemaDays = []string{
	"https://schema.org/Monday", "https://schema.org/Tuesday", "https://schema.org/Wednesday",
	"https://schema.org/Thursday", "https://schema.org/Friday", "https://schema.org/Saturday",
	"https://schema.org/Sunday",
}

// contactTypes name each kind in a ContactPoint's contactType.
var contactTypes = map[string]string{
	"helpline": "helpline", "text_line": "text line", "service": "service",
	"support_group": "support group", "website": "information",
}

// JSONLD describes resource r as a schema.org Organization with one ContactPoint: its
// telephone as stored (E.164, or the digits of a short number), the kind, the country it
// serves, its languages and hoursAvailable (24/7 as 00:00-23:59 every day; a close of 24:00
// as 23:59).
func JSONLD(r *core.Record) map[string]any {
	cp := map[string]any{
		"@type":       "ContactPoint",
		"contactType": contactTypes[r.GetString("kind")],
		"areaServed":  r.GetString("country"),
	}
	if p := r.GetString("phone"); p != "" {
		cp["telephone"] = p
	}
	if langs := Languages(r); len(langs) > 0 {
		cp["availableLanguage"] = langs
	}
	if h := StoredHours(r); h != nil {
		cp["hoursAvailable"] = openingHours(h)
	}
	org := map[string]any{
		"@context":     "https://schema.org",
		"@type":        "Organization",
		"name":         r.GetString("name"),
		"contactPoint": cp,
	}
	if d := r.GetString("description"); d != "" {
		org["description"] = d
	}
	if u := r.GetString("url"); u != "" {
		org["url"] = u
	}
	return org
}

func openingHours(h *Hours) []map[string]any {
	if h.Always {
		return []map[string]any{spec(schemaDays, "00:00", "23:59")}
	}
	specs := make([]map[string]any, 0, len(h.Weekly))
	for _, s := range h.Weekly {
		days := make([]string, 0, len(s.Days))
		for _, d := range s.Days {
			for i, name := range Days {
				if name == d {
					days = append(days, schemaDays[i])
				}
			}
		}
		closes := s.Close
		if closes == "24:00" {
			closes = "23:59"
		}
		specs = append(specs, spec(days, s.Open, closes))
	}
	return specs
}

func spec(days []string, opens, closes string) map[string]any {
	return map[string]any{"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens, "closes": closes}
}
