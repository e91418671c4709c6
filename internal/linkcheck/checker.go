package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"recoverycms/internal/leads"
	"recoverycms/internal/netguard"
)

// Result is what one check found. Status is the final HTTP status, 0 for a network error, a
// refused address or a tel: link; Error says why a broken link is broken.
type Result struct {
	Status int
	OK     bool
	Error  string
}

// getLimit is how much of a GET answer's body is read.
const getLimit = 4 << 10

// maxError is the longest error kept (the error field's limit).
const maxError = 500

var errTooManyRedirects = errors.New("too many redirects")

// checker fetches links through the address guard, paced per host.
type checker struct {
	cfg    Config
	client *http.Client
}

func newChecker(cfg Config) *checker {
	base := netguard.Transport(cfg.Timeout, !cfg.AllowPrivate, 1)
	base.ResponseHeaderTimeout = cfg.Timeout
	return &checker{cfg: cfg, client: &http.Client{
		Transport: &pacedTransport{base: base, pacer: newHostPacer(cfg.HostInterval), timeout: cfg.Timeout},
		CheckRedirect: func(_ *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return errTooManyRedirects
			}
			return nil
		},
	}}
}

// check checks one link.
func (c *checker) check(ctx context.Context, l Link) Result {
	if l.Tel {
		return checkTel(l.URL, c.cfg.Region)
	}
	status, err := c.fetch(ctx, http.MethodHead, l.URL)
	if (err == nil && (status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented)) ||
		(err != nil && !errors.Is(err, netguard.ErrForbidden) && !errors.Is(err, errTooManyRedirects) && ctx.Err() == nil) {
		status, err = c.fetch(ctx, http.MethodGet, l.URL)
	}
	return c.result(status, err)
}

// fetch sends one request (following redirects) and returns the final status; a GET reads at
// most getLimit bytes of the body.
func (c *checker) fetch(ctx context.Context, method, link string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, link, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.client.Do(req)
	status := 0
	if resp != nil {
		status = resp.StatusCode
		if method == http.MethodGet && err == nil {
			_, _ = io.CopyN(io.Discard, resp.Body, getLimit)
		}
		resp.Body.Close()
	}
	return status, err
}

// result turns a fetch's outcome into a Result: 2xx and 3xx answers are ok, everything else
// is broken with a sentence saying why.
func (c *checker) result(status int, err error) Result {
	if err != nil {
		return Result{Status: status, Error: truncate(c.describe(err))}
	}
	if status >= 400 {
		return Result{Status: status, Error: fmt.Sprintf("The server answered %d %s.", status, http.StatusText(status))}
	}
	return Result{Status: status, OK: true}
}

// describe says in one sentence why a request failed.
func (c *checker) describe(err error) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, netguard.ErrForbidden):
		return "The link points at a private or special-purpose address, which is not fetched."
	case errors.Is(err, errTooManyRedirects):
		return fmt.Sprintf("The link redirects more than %d times.", c.cfg.MaxRedirects)
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		return fmt.Sprintf("No answer within %s.", c.cfg.Timeout)
	case errors.As(err, &dnsErr):
		return "The host name does not resolve."
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return "The request failed: " + err.Error() + "."
}

// checkTel checks a tel: link: the number must parse as a valid, dialable number (national
// numbers are read in region).
func checkTel(href, region string) Result {
	number := href[len("tel:"):]
	if i := strings.IndexByte(number, ';'); i >= 0 {
		number = number[:i]
	}
	if unescaped, err := url.PathUnescape(number); err == nil {
		number = unescaped
	}
	if _, err := leads.NormalizePhone(number, region); err == nil || isShortNumber(number, region) {
		return Result{OK: true}
	}
	return Result{Error: "The phone number is not a valid number that can be dialled."}
}

// isShortNumber reports whether number is a short number dialable in region, such as an
// emergency number (999) or a helpline (116 123).
func isShortNumber(number, region string) bool {
	num, err := phonenumbers.Parse(strings.TrimSpace(number), region)
	return err == nil && phonenumbers.IsValidShortNumberForRegion(num, region)
}

func truncate(s string) string {
	if len(s) <= maxError {
		return s
	}
	return strings.ToValidUTF8(s[:maxError-3], "") + "..."
}
