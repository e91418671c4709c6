package staff

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// The panel's session: the staff token lives in an HttpOnly cookie that page scripts cannot
// read, so a script injected into the panel cannot carry the token away. The cookie alone
// authenticates nothing: a request must also send SessionHeader, which a cross-site form or
// link cannot add, and the cookie is SameSite=Strict.
const (
	// SessionCookie holds the staff token of a panel session.
	SessionCookie = "rcms_staff"
	// SessionHeader, with the value SessionHeaderValue, asks for the cookie session: on a
	// sign-in it puts the token in the cookie instead of the body, on any other request it
	// lets the cookie stand in for the Authorization header.
	SessionHeader      = "X-Rcms-Session"
	SessionHeaderValue = "cookie"
)

// WantsCookieSession reports whether r asks for the panel's cookie session.
func WantsCookieSession(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get(SessionHeader), SessionHeaderValue)
}

// SessionFromCookie is router middleware, bound before PocketBase reads the Authorization
// header: a request with SessionHeader, a session cookie and no Authorization header of its
// own is authenticated with the cookie's token.
func SessionFromCookie(e *core.RequestEvent) error {
	if e.Request.Header.Get("Authorization") == "" && WantsCookieSession(e.Request) {
		if c, err := e.Request.Cookie(SessionCookie); err == nil && c.Value != "" {
			e.Request.Header.Set("Authorization", c.Value)
		}
	}
	return e.Next()
}

// IssueSessionCookie is an OnRecordAuthRequest handler for the staff collection: when the
// sign-in (password, one-time code or refresh) asks for the cookie session, a successful
// answer sets the cookie and its body carries an empty token. A step that is not yet a
// sign-in (PocketBase's 401 asking for the second factor) sets nothing.
func IssueSessionCookie(e *core.RecordAuthRequestEvent) error {
	if !WantsCookieSession(e.Request) {
		return e.Next()
	}
	cookie := sessionCookie(e.Request, e.Token, int(e.Collection.AuthToken.Duration))
	e.Token = ""
	original := e.Response
	e.Response = &cookieOnSuccess{ResponseWriter: original, cookie: cookie}
	defer func() { e.Response = original }()
	return e.Next()
}

// EndSession answers DELETE /api/cms/session: the cookie is cleared. The token itself stays
// valid until it expires (PocketBase's tokens are stateless); an admin ends every session of
// an account at once by changing its password.
func EndSession(e *core.RequestEvent) error {
	if !WantsCookieSession(e.Request) {
		return e.BadRequestError("Send the "+SessionHeader+" header to end a panel session.", nil)
	}
	http.SetCookie(e.Response, sessionCookie(e.Request, "", -1))
	return e.NoContent(http.StatusNoContent)
}

func sessionCookie(r *http.Request, token string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     SessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"),
		SameSite: http.SameSiteStrictMode,
	}
}

// cookieOnSuccess adds its cookie to the response only if the status is 200.
type cookieOnSuccess struct {
	http.ResponseWriter
	cookie  *http.Cookie
	started bool
}

func (w *cookieOnSuccess) WriteHeader(code int) {
	if !w.started {
		w.started = true
		if code == http.StatusOK {
			http.SetCookie(w.ResponseWriter, w.cookie)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *cookieOnSuccess) Write(b []byte) (int, error) {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets PocketBase's router see whether and what was written.
func (w *cookieOnSuccess) Unwrap() http.ResponseWriter { return w.ResponseWriter }
