package site

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// ContentSecurityPolicy is the policy of every page of the reading site and the panel: scripts
// and styles from this origin only (no inline script, no eval), images from here or any https
// host (articles may embed them), no plugins, no <base> rewriting, never framed, forms posted
// here only.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// PermissionsPolicy turns off the powerful browser features no page here uses.
const PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), " +
	"hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=(), browsing-topics=()"

// SecurityHeaders is middleware for the site's and the panel's pages. Referrer-Policy
// no-referrer keeps an outbound link from telling another site which recovery article a
// reader was on, or a panel URL from reaching an image host.
func SecurityHeaders(e *core.RequestEvent) error {
	h := e.Response.Header()
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", PermissionsPolicy)
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	return e.Next()
}

// DropObsoleteHeaders removes X-XSS-Protection, which PocketBase's security headers middleware
// sets on every response: "1; mode=block" drove the XSS auditors browsers have since removed
// (they could be abused to leak what a page holds) and is advised against. Bound on every
// route right after that middleware; the fast path for cache hits never sets it, which also
// keeps its compressed cross-origin answer within the eight headers a fresh header map holds
// without growing.
func DropObsoleteHeaders() *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id:       "rcmsDropObsoleteHeaders",
		Priority: apis.DefaultSecurityHeadersMiddlewarePriority + 1,
		Func: func(e *core.RequestEvent) error {
			e.Response.Header().Del("X-Xss-Protection")
			return e.Next()
		},
	}
}
