// Package siteconfig reads the settings of the public reading site from the environment,
// once at start-up, so they can be passed into hooks.Options.
package siteconfig

import "strings"

// DefaultEmergencyText is the UK emergency note shown on every public page unless
// RCMS_EMERGENCY_TEXT replaces it.
const DefaultEmergencyText = "In an emergency call 999. Samaritans: 116 123, free, 24 hours."

// Site is what the public pages need to know about the service that runs them.
type Site struct {
	// EmergencyText is the short, always-visible note on what to do in an emergency.
	EmergencyText string
}

// FromEnv reads RCMS_EMERGENCY_TEXT through getenv (os.Getenv in main, a map in tests).
func FromEnv(getenv func(string) string) Site {
	text := strings.TrimSpace(getenv("RCMS_EMERGENCY_TEXT"))
	if text == "" {
		text = DefaultEmergencyText
	}
	return Site{EmergencyText: text}
}
