// Package storefault tells a failure of the storage (a full disk, an I/O error, a database
// that is read-only, locked or cannot be opened) from a problem with the request, so that a
// fault of ours is never answered as bad input: a client that reads a 4xx as "fix your input"
// gives up, and a person in crisis should be told to retry or phone instead.
package storefault

import (
	"context"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/tools/router"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// faultCodes are the SQLite primary result codes that say the storage failed, not the query.
var faultCodes = map[int]bool{
	sqlite3.SQLITE_BUSY:     true,
	sqlite3.SQLITE_LOCKED:   true,
	sqlite3.SQLITE_NOMEM:    true,
	sqlite3.SQLITE_READONLY: true,
	sqlite3.SQLITE_IOERR:    true,
	sqlite3.SQLITE_CORRUPT:  true,
	sqlite3.SQLITE_FULL:     true,
	sqlite3.SQLITE_CANTOPEN: true,
	sqlite3.SQLITE_NOTADB:   true,
}

// faultTexts are SQLite's own messages for those codes, for errors that reached us as text
// (formatted with %v or %s, so without the *sqlite.Error).
var faultTexts = []string{
	"database is locked",
	"database table is locked",
	"database or disk is full",
	"disk i/o error",
	"attempt to write a readonly database",
	"unable to open database file",
	"database disk image is malformed",
}

// Find returns the first storage failure in err's chain, or nil. The chain is followed through
// fmt.Errorf's %w, errors.Join, the raw error PocketBase keeps inside a *router.ApiError (its
// RawData, which errors.As does not reach) and the values of validation.Errors, so a storage
// failure met while a field was being checked is found too.
func Find(err error) error {
	var found error
	for _, match := range []func(error) bool{isSQLiteFault, isFaultText} {
		if walk(err, func(e error) bool {
			found = e
			return match(e)
		}) {
			return found
		}
	}
	return nil
}

// isSQLiteFault reports whether e is a SQLite error whose primary code is a storage failure.
func isSQLiteFault(e error) bool {
	s, ok := e.(*sqlite.Error)
	return ok && faultCodes[s.Code()&0xff]
}

// isFaultText reports whether e is a query's deadline or carries a storage failure's text;
// an ApiError's own text is the message we chose, never the cause.
func isFaultText(e error) bool {
	if e == context.DeadlineExceeded {
		return true
	}
	if _, ok := e.(*router.ApiError); ok {
		return false
	}
	text := strings.ToLower(e.Error())
	for _, t := range faultTexts {
		if strings.Contains(text, t) {
			return true
		}
	}
	return false
}

// walk calls visit on err and everything it wraps, depth first, until visit returns true.
func walk(err error, visit func(error) bool) bool {
	if err == nil {
		return false
	}
	if visit(err) {
		return true
	}
	if apiErr, ok := err.(*router.ApiError); ok {
		if raw, ok := apiErr.RawData().(error); ok && walk(raw, visit) {
			return true
		}
	}
	if errs, ok := err.(validation.Errors); ok {
		for _, e := range errs {
			if walk(e, visit) {
				return true
			}
		}
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return walk(u.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if walk(e, visit) {
				return true
			}
		}
	}
	return false
}
