package webhooks

import (
	"net/netip"
	"net/url"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"recoverycms/internal/netguard"
)

// validateWebhookURL accepts only absolute http(s) URLs with a host, no credentials and no
// target that is never a legitimate receiver (link-local metadata endpoints; every
// special-purpose range too when blockPrivate is set).
func validateWebhookURL(raw string, blockPrivate bool) error {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return validation.NewError("url_required", "Enter the URL that receives the webhook.")
	}
	u, err := url.Parse(raw)
	if err != nil || strings.ContainsAny(raw, " \t\r\n") {
		return validation.NewError("url_invalid", "Enter a valid URL such as https://example.org/hooks/cms.")
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return validation.NewError("url_scheme_invalid", "The URL must start with http:// or https://.")
	}
	if u.Hostname() == "" {
		return validation.NewError("url_invalid", "Enter a valid URL such as https://example.org/hooks/cms.")
	}
	if u.User != nil {
		return validation.NewError("url_credentials", "Do not put a user name or password in the URL; receivers check the signature instead.")
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if blockPrivate && (host == "localhost" || strings.HasSuffix(host, ".localhost")) {
		return errForbiddenTarget
	}
	if ip, err := netip.ParseAddr(host); err == nil && netguard.Forbidden(ip, blockPrivate) {
		return errForbiddenTarget
	}
	return nil
}

var errForbiddenTarget = validation.NewError("url_target_forbidden", "The URL points at an address that cannot receive webhooks.")
