package callbackform

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// TokenWindow is how long one form token is issued for; a token is accepted in its own window
// and the next, so a form loaded just before a window ends still has a full window to be sent.
const TokenWindow = time.Hour

// Signer issues and checks form tokens: an HMAC of the time window under the installation's
// key. Without cookies there is no session to tie a token to; what the token proves is that
// the form came from this site recently, which a cross-site page cannot forge.
type Signer struct {
	key []byte
	now func() time.Time
}

// NewSigner signs with key (random per installation) and the clock now (nil means time.Now).
func NewSigner(key []byte, now func() time.Time) *Signer {
	if now == nil {
		now = time.Now
	}
	return &Signer{key: key, now: now}
}

// window is the number of the token window at t.
func window(t time.Time) int64 { return t.Unix() / int64(TokenWindow/time.Second) }

// Window names the current token window: a page carrying a token is cached per window.
func (s *Signer) Window() string { return strconv.FormatInt(window(s.now()), 10) }

// Token is the token of the current window.
func (s *Signer) Token() string { return s.tokenFor(window(s.now())) }

func (s *Signer) tokenFor(w int64) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte("callback-form " + strconv.FormatInt(w, 10)))
	return strconv.FormatInt(w, 10) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// Valid says whether token was issued by this installation in the current or previous window.
func (s *Signer) Valid(token string) bool {
	ws, _, ok := strings.Cut(token, ".")
	if !ok {
		return false
	}
	w, err := strconv.ParseInt(ws, 10, 64)
	if err != nil {
		return false
	}
	if now := window(s.now()); w != now && w != now-1 {
		return false
	}
	return hmac.Equal([]byte(token), []byte(s.tokenFor(w)))
}

// CrossSite says whether a browser sent r from anywhere but this origin. Sec-Fetch-Site,
// which every current browser sends and a page cannot forge, decides when present (a sibling
// subdomain, "same-site", is another origin too: the form is only ever on this one);
// otherwise an Origin naming another host does. Origin "null" (sent with Referrer-Policy
// no-referrer) and no Origin at all (old browsers, curl) are left to the token.
func CrossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return false
	case "cross-site", "same-site":
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" || origin == "null" {
		return false
	}
	u, err := url.Parse(origin)
	return err != nil || !strings.EqualFold(u.Host, r.Host)
}
