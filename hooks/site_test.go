package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/siteconfig"
)

// TestSiteServing serves the settings, the reading site's pages rendered on the server, a
// 404 page for everything else, and the panel, without shadowing the API.
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
		get("home page", "/", 200, `<html lang="en-GB"`, `id="main"`, `<h1>Latest articles</h1>`, `href="/articles/`+hookstest.PublishedSlug+`"`),
		get("article page", "/articles/"+hookstest.PublishedSlug, 200, `<html lang="en-GB"`, `src="/assets/site.`,
			`<h1 id="article-title">How to beat ketamine addiction</h1>`),
		get("author page", "/authors/priya-nair", 200, `<h1>Priya Nair</h1>`, `src="/assets/site.`),
		get("topic page", "/topics/ketamine", 200, `<h1>Ketamine</h1>`),
		get("callback page", "/callback", 200, `<form class="callback-form" method="post" action="/callback"`),
		get("search page", "/search?q=ketamine", 200, `<mark>`),
		get("an unknown path is the 404 page", "/no/such/page", 404, `<h1>Page not found</h1>`),
		get("site stylesheet", "/assets/site.css", 200, `:focus-visible`),
		get("panel", "/admin/", 200, `<html lang="en-GB"`, `src="/admin/panel.`),
		get("panel deep link falls back to the panel shell", "/admin/articles/abc", 200, `src="/admin/panel.`),
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

// TestPagesCarryStrictSecurityHeaders checks the site's and the panel's pages: a CSP without
// inline script, no referrer, no powerful features, never framed.
func TestPagesCarryStrictSecurityHeaders(t *testing.T) {
	t.Parallel()
	mux := hookstest.Router(t, hookstest.New(t))
	for _, path := range []string{"/", "/articles/" + hookstest.PublishedSlug, "/callback", "/admin/", "/admin/panel.js", "/assets/site.js"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("GET %s: CSP allows inline or eval: %q", path, csp)
		}
		if got := h.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("GET %s: Referrer-Policy %q", path, got)
		}
		if got := h.Get("Permissions-Policy"); !strings.Contains(got, "camera=()") || !strings.Contains(got, "geolocation=()") {
			t.Errorf("GET %s: Permissions-Policy %q", path, got)
		}
		if got := h.Values("X-Frame-Options"); len(got) != 1 || got[0] != "DENY" {
			t.Errorf("GET %s: X-Frame-Options %q", path, got)
		}
	}
}
