package site

import "github.com/pocketbase/pocketbase/core"

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
