package helpdir_test

import (
	"errors"
	"testing"
	"time"

	"recoverycms/internal/helpdir"
)

func mustHours(t *testing.T, raw string) *helpdir.Hours {
	t.Helper()
	h, err := helpdir.ParseHours([]byte(raw))
	if err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return h
}

const londonWeekdays = `{"timezone":"Europe/London","weekly":[{"days":["mon","tue","wed","thu","fri"],"open":"09:00","close":"17:00"}]}`

// TestOpenAtIsInTheResourcesOwnZone takes one instant at a time and asks a London and a New
// York service, both open 09:00-17:00 on weekdays, whether they are open, across the spring
// clock changes of both zones.
func TestOpenAtIsInTheResourcesOwnZone(t *testing.T) {
	london := mustHours(t, londonWeekdays)
	newYork := mustHours(t, `{"timezone":"America/New_York","weekly":[{"days":["mon","tue","wed","thu","fri"],"open":"09:00","close":"17:00"}]}`)
	cases := []struct {
		at              string
		london, newYork bool
	}{
		// Wednesday 14 January 2026: London on GMT, New York on EST (UTC-5).
		{"2026-01-14T10:00:00Z", true, false},  // 10:00 London, 05:00 New York
		{"2026-01-14T15:00:00Z", true, true},   // 15:00 London, 10:00 New York
		{"2026-01-14T16:59:00Z", true, true},   // 16:59 London: the last open minute
		{"2026-01-14T17:00:00Z", false, true},  // 17:00 London: closed, close is exclusive
		{"2026-01-14T08:59:00Z", false, false}, // 08:59 London
		{"2026-01-14T22:00:00Z", false, false}, // 17:00 New York
		// Saturday: closed everywhere.
		{"2026-01-17T12:00:00Z", false, false},
		// Friday 27 March 2026, London still on GMT: 08:30 UTC is 08:30 London, closed.
		{"2026-03-27T08:30:00Z", false, false},
		// Monday 30 March 2026, after London's change to BST on the 29th: 08:30 UTC is 09:30.
		{"2026-03-30T08:30:00Z", true, false},
		// Monday 9 March 2026: New York moved to EDT (UTC-4) on the 8th, London has not:
		// 13:30 UTC is 13:30 London and 09:30 New York (it would be 08:30 on EST).
		{"2026-03-09T13:30:00Z", true, true},
		// Friday 6 March, before New York's change: 13:30 UTC is 08:30 New York.
		{"2026-03-06T13:30:00Z", true, false},
	}
	for _, c := range cases {
		at, err := time.Parse(time.RFC3339, c.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := london.OpenAt(at); got != c.london {
			t.Errorf("London at %s: open %v, want %v", c.at, got, c.london)
		}
		if got := newYork.OpenAt(at); got != c.newYork {
			t.Errorf("New York at %s: open %v, want %v", c.at, got, c.newYork)
		}
	}
}

func TestAlwaysAndUnknownHours(t *testing.T) {
	at := time.Date(2026, 1, 17, 3, 0, 0, 0, time.UTC)
	if h := mustHours(t, `{"always":true}`); !h.OpenAt(at) || !h.IsAlways() {
		t.Error("a 24/7 resource is open at 03:00 on a Saturday")
	}
	var none *helpdir.Hours
	if none.OpenAt(at) || none.IsAlways() {
		t.Error("unknown hours are never open")
	}
	if h, err := helpdir.ParseHours([]byte(" null ")); h != nil || err != nil {
		t.Errorf("null hours: %v, %v", h, err)
	}
	overnight := mustHours(t, `{"timezone":"UTC","weekly":[{"days":["fri"],"open":"20:00","close":"24:00"},{"days":["sat"],"open":"00:00","close":"02:00"}]}`)
	for at, want := range map[string]bool{"2026-01-16T23:59:00Z": true, "2026-01-17T01:00:00Z": true, "2026-01-17T02:00:00Z": false} {
		tm, _ := time.Parse(time.RFC3339, at)
		if got := overnight.OpenAt(tm); got != want {
			t.Errorf("overnight as two spans at %s: %v, want %v", at, got, want)
		}
	}
}

func TestParseHoursRefusesMalformedHours(t *testing.T) {
	cases := map[string]error{
		`{"always":true,"weekly":[{"days":["mon"],"open":"09:00","close":"17:00"}]}`: helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London"}`: helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London","weekly":[{"days":["mon"],"open":"17:00","close":"09:00"}]}`:       helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London","weekly":[{"days":["mon"],"open":"09:00","close":"09:00"}]}`:       helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London","weekly":[{"days":["monday"],"open":"09:00","close":"17:00"}]}`:    helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London","weekly":[{"days":["mon","mon"],"open":"09:00","close":"17:00"}]}`: helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London","weekly":[{"days":[],"open":"09:00","close":"17:00"}]}`:            helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London","weekly":[{"days":["mon"],"open":"9:00","close":"17:00"}]}`:        helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London","weekly":[{"days":["mon"],"open":"24:00","close":"24:00"}]}`:       helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London","weekly":[{"days":["mon"],"open":"09:00","close":"25:00"}]}`:       helpdir.ErrHoursInvalid,
		`{"timezone":"Europe/London","open":"09:00"}`:                                                   helpdir.ErrHoursInvalid,
		`"always"`: helpdir.ErrHoursInvalid,
		`{"timezone":"Mars/Olympus","weekly":[{"days":["mon"],"open":"09:00","close":"17:00"}]}`: helpdir.ErrTimezoneInvalid,
		`{"timezone":"Local","weekly":[{"days":["mon"],"open":"09:00","close":"17:00"}]}`:        helpdir.ErrTimezoneInvalid,
		`{"weekly":[{"days":["mon"],"open":"09:00","close":"17:00"}]}`:                           helpdir.ErrTimezoneInvalid,
	}
	for raw, want := range cases {
		if _, err := helpdir.ParseHours([]byte(raw)); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", raw, err, want)
		}
	}
}

func TestPhoneNumbers(t *testing.T) {
	cases := []struct{ raw, country, stored, display string }{
		{"999", "GB", "999", "999"},
		{"111", "GB", "111", "111"},
		{"116 123", "GB", "116123", "116 123"},
		{"911", "US", "911", "911"},
		{"988", "US", "988", "988"},
		{"1-800-662-4357", "US", "+18006624357", "(800) 662-4357"},
		{"0800 1111", "GB", "+448001111", "0800 1111"},
	}
	for _, c := range cases {
		got, err := helpdir.NormalizePhone(c.raw, c.country)
		if err != nil || got != c.stored {
			t.Errorf("%s in %s: %q, %v; want %q", c.raw, c.country, got, err, c.stored)
		}
		if d := helpdir.DisplayPhone(got); d != c.display {
			t.Errorf("%s shown as %q, want %q", got, d, c.display)
		}
	}
	for _, bad := range []string{"12", "+44 12", "call us", "999999999999999999999"} {
		if _, err := helpdir.NormalizePhone(bad, "GB"); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	if !helpdir.ValidCountry("GB") || helpdir.ValidCountry("UK") || helpdir.ValidCountry("gb") {
		t.Error("GB is a country, UK and gb are not")
	}
}

func TestNextChange(t *testing.T) {
	t.Parallel()
	h, err := helpdir.ParseHours([]byte(`{"timezone":"Europe/London","weekly":[{"days":["mon","tue","wed","thu","fri"],"open":"09:00","close":"17:00"},{"days":["sat"],"open":"20:00","close":"24:00"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ at, want string }{
		{"2026-01-14T10:00:00Z", "2026-01-14T17:00:00Z"}, // Wednesday: closes at 17:00
		{"2026-01-14T17:00:00Z", "2026-01-15T09:00:00Z"}, // then opens Thursday
		{"2026-01-16T18:00:00Z", "2026-01-17T20:00:00Z"}, // Friday evening: Saturday 20:00
		{"2026-01-17T21:00:00Z", "2026-01-18T00:00:00Z"}, // Saturday night: closes at midnight
		{"2026-03-27T18:00:00Z", "2026-03-28T20:00:00Z"}, // GMT before the change
		{"2026-03-29T12:00:00Z", "2026-03-30T08:00:00Z"}, // Monday 09:00 BST is 08:00 UTC
	} {
		at, _ := time.Parse(time.RFC3339, c.at)
		if got := h.NextChange(at).UTC().Format(time.RFC3339); got != c.want {
			t.Errorf("after %s: %s, want %s", c.at, got, c.want)
		}
	}
	if always, _ := helpdir.ParseHours([]byte(`{"always":true}`)); !always.NextChange(time.Now()).IsZero() {
		t.Error("24/7 hours change")
	}
}
