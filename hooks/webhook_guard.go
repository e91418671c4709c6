package hooks

import (
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"

	validation "github.com/pocketbase/ozzo-validation/v4"
)

// validateWebhookURL accepts only absolute http(s) URLs with a host, no credentials and no
// target that is never a legitimate receiver (link-local metadata endpoints; loopback and
// private networks too when blockPrivate is set).
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
	if ip, err := netip.ParseAddr(host); err == nil && forbiddenIP(ip, blockPrivate) {
		return errForbiddenTarget
	}
	return nil
}

var errForbiddenTarget = validation.NewError("url_target_forbidden", "The URL points at an address that cannot receive webhooks.")

// forbiddenIP reports whether a webhook may never be sent to ip.
func forbiddenIP(ip netip.Addr, blockPrivate bool) bool {
	ip = ip.Unmap()
	if ip.IsUnspecified() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast() {
		return true
	}
	return blockPrivate && (ip.IsLoopback() || ip.IsPrivate())
}

// dialGuard is a net.Dialer Control function that applies forbiddenIP to the address
// actually connected to, so a host name resolving to a forbidden address is refused too.
func dialGuard(blockPrivate bool) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return err
		}
		if forbiddenIP(ip, blockPrivate) {
			return errForbiddenDial
		}
		return nil
	}
}

var errForbiddenDial = errors.New("webhook target address is not allowed")
