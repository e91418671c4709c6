package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/siteconfig"
)

// TestSiteServing serves the settings, the reading site with clean URLs that survive a
// reload, and the panel, without shadowing the API.
func TestSiteServing(t *testing.T) {
	t.Parallel()
	events := map[string]int{"*": 0}
	get := func(name, url string, status int, content ...string) tests.ApiScenario {
		return tests.ApiScenario{Name: name, Method: http.MethodGet, URL: url, ExpectedStatus: status,
			ExpectedContent: content, ExpectedEvents: events, TestAppFactory: hookstest.Factory}
	}
	scenarios := []tests.ApiScenario{
		get("site settings carry the default emergency note", "/api/cms/site", 200,
			`"emergency_text":"`+siteconfig.DefaultEmergencyText+`"`),
		get("home page", "/", 200, `<html lang="en-GB"`, `id="main"`),
		get("article URL falls back to the site shell", "/articles/"+hookstest.PublishedSlug, 200, `<html lang="en-GB"`, `/assets/site.js`),
		get("author URL falls back to the site shell", "/authors/priya-nair", 200, `/assets/site.js`),
		get("topic URL falls back to the site shell", "/topics/ketamine", 200, `/assets/site.js`),
		get("callback URL falls back to the site shell", "/callback", 200, `/assets/site.js`),
		get("site stylesheet", "/assets/site.css", 200, `:focus-visible`),
		get("panel", "/admin/", 200, `<html lang="en-GB"`, `/admin/panel.js`),
		get("panel deep link falls back to the panel shell", "/admin/articles/abc", 200, `/admin/panel.js`),
		get("panel script", "/admin/panel.js", 200, `import`),
		{Name: "the API still answers first", Method: http.MethodGet, URL: "/api/collections/articles/records?perPage=1",
			ExpectedStatus: 200, ExpectedContent: []string{`"perPage":1`},
			ExpectedEvents: map[string]int{"OnRecordsListRequest": 1, "OnRecordEnrich": 1},
			TestAppFactory: hookstest.Factory},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestEmergencyTextFromEnv reads RCMS_EMERGENCY_TEXT and falls back to the UK default.
func TestEmergencyTextFromEnv(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":                                       siteconfig.DefaultEmergencyText,
		"   ":                                    siteconfig.DefaultEmergencyText,
		"In an emergency call 112.":              "In an emergency call 112.",
		"  In an emergency call 911 or 988.  \n": "In an emergency call 911 or 988.",
	}
	for in, want := range cases {
		got := siteconfig.FromEnv(func(k string) string {
			if k == "RCMS_EMERGENCY_TEXT" {
				return in
			}
			return ""
		}).EmergencyText
		if got != want {
			t.Errorf("FromEnv(%q) = %q, want %q", in, got, want)
		}
	}
}
