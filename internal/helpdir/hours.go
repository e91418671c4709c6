package helpdir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	// The binary carries the IANA time zone database, so a resource's zone loads on any host.
	_ "time/tzdata"
)

// Hours is when a resource answers: always (24/7), or weekly spans in an IANA time zone.
// A span runs from open up to (not including) close on each of its days, local time; close
// may be "24:00" for the end of the day. Spans do not run past midnight: an overnight
// service is written as two spans (mon 20:00-24:00 and tue 00:00-02:00).
type Hours struct {
	Always   bool   `json:"always,omitempty"`
	Timezone string `json:"timezone,omitempty"`
	Weekly   []Span `json:"weekly,omitempty"`
	loc      *time.Location
}

// Span is one weekly opening: days ("mon" ... "sun") and local HH:MM times.
type Span struct {
	Days  []string `json:"days"`
	Open  string   `json:"open"`
	Close string   `json:"close"`
}

// Days are the day names of Span.Days, from Monday.
var Days = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// Errors of ParseHours, reported as the field codes hours_invalid and timezone_invalid.
var (
	ErrHoursInvalid    = errors.New("invalid opening hours")
	ErrTimezoneInvalid = errors.New("unknown time zone")
)

var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// maxSpans bounds the weekly spans of one resource.
const maxSpans = 50

// ParseHours reads stored or submitted hours; empty or null means none (hours unknown,
// never open now).
func ParseHours(raw []byte) (*Hours, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var h Hours
	if err := dec.Decode(&h); err != nil || dec.More() {
		return nil, ErrHoursInvalid
	}
	if h.Always {
		if len(h.Weekly) > 0 {
			return nil, ErrHoursInvalid
		}
		return &h, nil
	}
	if len(h.Weekly) == 0 || len(h.Weekly) > maxSpans {
		return nil, ErrHoursInvalid
	}
	if h.Timezone == "" || h.Timezone == "Local" || strings.ContainsAny(h.Timezone, " ") {
		return nil, ErrTimezoneInvalid
	}
	loc, err := time.LoadLocation(h.Timezone)
	if err != nil {
		return nil, ErrTimezoneInvalid
	}
	h.loc = loc
	for _, s := range h.Weekly {
		if !s.valid() {
			return nil, ErrHoursInvalid
		}
	}
	return &h, nil
}

func (s Span) valid() bool {
	if len(s.Days) == 0 || len(s.Days) > len(Days) {
		return false
	}
	for i, d := range s.Days {
		if !slices.Contains(Days, d) || slices.Contains(s.Days[:i], d) {
			return false
		}
	}
	if !clockTime.MatchString(s.Open) || (s.Close != "24:00" && !clockTime.MatchString(s.Close)) {
		return false
	}
	return s.Open < s.Close // fixed-width HH:MM compares as times
}

// OpenAt reports whether h is open at instant t, in h's own time zone; nil hours are never open.
func (h *Hours) OpenAt(t time.Time) bool {
	if h == nil {
		return false
	}
	if h.Always {
		return true
	}
	local := t.In(h.loc)
	day := Days[(int(local.Weekday())+6)%7]
	now := local.Format("15:04")
	for _, s := range h.Weekly {
		if slices.Contains(s.Days, day) && s.Open <= now && now < s.Close {
			return true
		}
	}
	return false
}

// IsAlways reports whether h is 24/7.
func (h *Hours) IsAlways() bool { return h != nil && h.Always }

// NextChange is the first instant after t at which h opens or closes (in its own zone, over
// the coming eight days), or the zero time for hours that never change (24/7, unknown).
func (h *Hours) NextChange(t time.Time) time.Time {
	if h == nil || h.Always || h.loc == nil {
		return time.Time{}
	}
	local := t.In(h.loc)
	var next time.Time
	for d := 0; d <= 8; d++ {
		date := time.Date(local.Year(), local.Month(), local.Day()+d, 0, 0, 0, 0, h.loc)
		day := Days[(int(date.Weekday())+6)%7]
		for _, s := range h.Weekly {
			if !slices.Contains(s.Days, day) {
				continue
			}
			for _, hm := range []string{s.Open, s.Close} {
				var hour, minute int
				if hm == "24:00" {
					hour = 24
				} else if _, err := fmt.Sscanf(hm, "%d:%d", &hour, &minute); err != nil {
					continue
				}
				at := time.Date(date.Year(), date.Month(), date.Day(), hour, minute, 0, 0, h.loc)
				if at.After(t) && (next.IsZero() || at.Before(next)) {
					next = at
				}
			}
		}
		if !next.IsZero() {
			return next
		}
	}
	return next
}
