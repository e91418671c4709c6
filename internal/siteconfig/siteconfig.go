// Package siteconfig reads the settings of the public reading site from the environment,
// once at start-up, so they can be passed into hooks.Options.
package siteconfig

import "strings"

// DefaultEmergencyText is the UK emergency note shown on every public page unless
// RCMS_EMERGENCY_TEXT replaces it.
const DefaultEmergencyText = "In an emergency call 999. Samaritans: 116 123, free, 24 hours."

// DefaultDescription describes the site in its pages' meta description and footer unless
// RCMS_SITE_DESCRIPTION replaces it.
const DefaultDescription = "Articles on recovery from addiction, written by people with lived and clinical experience and reviewed by clinicians, and a free callback from a counsellor."

// Site is what the public pages need to know about the service that runs them. The site's
// name is the application name of PocketBase's settings (a migration sets "Recovery Library").
type Site struct {
	// EmergencyText is the short, always-visible note on what to do in an emergency.
	EmergencyText string
	// Description is the one-sentence description of the site.
	Description string
}

// FromEnv reads RCMS_EMERGENCY_TEXT and RCMS_SITE_DESCRIPTION through getenv (os.Getenv in
// main, a map in tests); blank values give the defaults.
func FromEnv(getenv func(string) string) Site {
	s := Site{EmergencyText: strings.TrimSpace(getenv("RCMS_EMERGENCY_TEXT")),
		Description: strings.TrimSpace(getenv("RCMS_SITE_DESCRIPTION"))}
	if s.EmergencyText == "" {
		s.EmergencyText = DefaultEmergencyText
	}
	if s.Description == "" {
		s.Description = DefaultDescription
	}
	return s
}
