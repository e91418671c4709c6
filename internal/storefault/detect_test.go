package storefault_test

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/tools/router"
	_ "modernc.org/sqlite"

	"recoverycms/internal/storefault"
)

// sqliteErrors returns real driver errors: a write on a read-only connection and a unique
// constraint violation.
func sqliteErrors(t *testing.T) (readOnly, constraint error) {
	t.Helper()
	db, err := dbx.Open("sqlite", filepath.Join(t.TempDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.DB().SetMaxOpenConns(1)
	for _, q := range []string{"CREATE TABLE t (id TEXT PRIMARY KEY)", "INSERT INTO t VALUES ('a')"} {
		if _, err := db.NewQuery(q).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	_, constraint = db.NewQuery("INSERT INTO t VALUES ('a')").Execute()
	if _, err := db.NewQuery("PRAGMA query_only = ON").Execute(); err != nil {
		t.Fatal(err)
	}
	_, readOnly = db.NewQuery("INSERT INTO t VALUES ('b')").Execute()
	if readOnly == nil || constraint == nil {
		t.Fatalf("want two driver errors, got %v and %v", readOnly, constraint)
	}
	return readOnly, constraint
}

func TestFind(t *testing.T) {
	readOnly, constraint := sqliteErrors(t)
	cases := []struct {
		name  string
		err   error
		fault bool
	}{
		{"driver error", readOnly, true},
		{"wrapped with %w", fmt.Errorf("saving lead: %w", readOnly), true},
		{"joined", errors.Join(errors.New("first"), readOnly), true},
		{"inside an ApiError", router.NewBadRequestError("Failed to create record.", readOnly), true},
		{"ApiError wrapped", fmt.Errorf("hook: %w", router.NewBadRequestError("", fmt.Errorf("tx: %w", readOnly))), true},
		{"inside a field error", router.NewBadRequestError("", validation.Errors{"email": readOnly}), true},
		{"as text only", fmt.Errorf("saving: %v", readOnly), true},
		{"busy as text", errors.New("database is locked (5) (SQLITE_BUSY)"), true},
		{"disk full as text", errors.New("database or disk is full (13)"), true},
		{"nil", nil, false},
		{"constraint", constraint, false},
		{"constraint in an ApiError", router.NewBadRequestError("", constraint), false},
		{"no rows", fmt.Errorf("find: %w", sql.ErrNoRows), false},
		{"field error", router.NewBadRequestError("Failed to create record.",
			validation.Errors{"phone": validation.NewError("phone_invalid", "Enter a phone number we can call.")}), false},
		{"ApiError whose message names a fault", router.NewBadRequestError("The database is locked for editing.", nil), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := storefault.Find(c.err); (got != nil) != c.fault {
				t.Fatalf("Find(%v) = %v, want a fault: %v", c.err, got, c.fault)
			}
		})
	}
}
