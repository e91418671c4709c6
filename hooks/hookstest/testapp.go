// Package hookstest builds real PocketBase test apps from recoverycms's own migrations, with
// the sample content imported and one staff member per role, for tests of any package.
package hookstest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/content"
	"recoverycms/hooks"
	"recoverycms/internal/helpdir"
	"recoverycms/internal/importer"
	"recoverycms/internal/leadcrypt"
	"recoverycms/internal/markdown"
	"recoverycms/internal/review"
	"recoverycms/internal/sealedfield"
	"recoverycms/internal/staff"
	_ "recoverycms/migrations"
)

// LeadKey is the key sealing leads' personal data in every test app, as a real key does in
// production (hooks.Options.LeadKeyEnv).
var LeadKey = bytes.Repeat([]byte{0x5e}, leadcrypt.KeySize)

func init() {
	ring, err := leadcrypt.NewKeyring(LeadKey)
	if err != nil {
		panic(err)
	}
	sealedfield.Use(ring)
}

// Password is the password of every fixture account.
const Password = "correct-horse-battery"

// Fixture accounts, one per role.
const (
	EditorEmail     = "editor@example.org"
	ReviewerEmail   = "reviewer@example.org"
	AdminEmail      = "admin@example.org"
	SuperuserEmail  = "root@example.org"
	OutsiderEmail   = "outsider@example.org" // a user of another auth collection
	OutsiderCollect = "users"
)

var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
	renderer     = markdown.New()
)

// Main runs a package's tests and then removes the template data dir. Use it as
// `func TestMain(m *testing.M) { hookstest.Main(m) }`.
func Main(m *testing.M) {
	code := m.Run()
	if templateDir != "" {
		os.RemoveAll(templateDir)
	}
	os.Exit(code)
}

// New returns a fresh app (its own copy of the template database) with every hook registered.
// It is cleaned up when t ends.
func New(t testing.TB) *tests.TestApp {
	t.Helper()
	app := NewUnmanaged(t)
	t.Cleanup(app.Cleanup)
	return app
}

// NewUnmanaged is New without the automatic cleanup, for tests.ApiScenario's factory
// (the scenario cleans up its app itself).
func NewUnmanaged(t testing.TB) *tests.TestApp {
	t.Helper()
	return newRegistered(t, hooks.Options{})
}

// NewEmpty returns a fresh app with the migrations applied and every hook registered, but no
// content and no accounts: the empty database an import or a restore starts from. It is
// cleaned up when t ends.
func NewEmpty(t testing.TB) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatalf("starting the empty test app: %v", err)
	}
	t.Cleanup(app.Cleanup)
	hooks.Register(app, hooks.Options{Markdown: renderer, Console: io.Discard, Review: &review.Config{}})
	return app
}

// newRegistered copies the template data dir into a new test app and registers the hooks
// from opts (an unset Markdown renderer means the shared one).
func newRegistered(t testing.TB, opts hooks.Options) *tests.TestApp {
	t.Helper()
	templateOnce.Do(func() { templateDir, templateErr = buildTemplate() })
	if templateErr != nil {
		t.Fatalf("building the test data dir: %v", templateErr)
	}
	app, err := tests.NewTestApp(templateDir)
	if err != nil {
		t.Fatalf("starting the test app: %v", err)
	}
	if opts.Markdown == nil {
		opts.Markdown = renderer
	}
	if opts.Console == nil {
		opts.Console = io.Discard
	}
	if opts.Review == nil {
		// Most tests publish articles directly; the sign-off rules have their own tests, which
		// pass Required: true (the product's default, used for the sample content import above).
		opts.Review = &review.Config{}
	}
	hooks.Register(app, opts)
	return app
}

// Factory is a tests.ApiScenario TestAppFactory.
func Factory(t testing.TB) *tests.TestApp { return NewUnmanaged(t) }

// buildTemplate applies the migrations to an empty data dir, imports the sample content and
// creates the fixture accounts, then closes the databases so the dir can be cloned.
func buildTemplate() (string, error) {
	empty, err := os.MkdirTemp("", "recoverycms_empty_*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(empty)
	app, err := tests.NewTestApp(empty)
	if err != nil {
		return "", err
	}
	hooks.Register(app, hooks.Options{Markdown: renderer})
	if err := ImportSample(app); err != nil {
		return "", err
	}
	if err := createFixtures(app); err != nil {
		return "", err
	}
	if err := CreateHiddenArticles(app); err != nil {
		return "", err
	}
	dir := app.DataDir()
	if err := app.ResetBootstrapState(); err != nil {
		return "", err
	}
	return dir, nil
}

// ImportSample imports the sample content of content/ (and its help resources) into app,
// through every hook.
func ImportSample(app core.App) error {
	if _, err := importer.Run(app, content.FS, "content"); err != nil {
		return fmt.Errorf("importing sample content: %w", err)
	}
	if _, err := helpdir.ImportSample(app, content.FS); err != nil {
		return fmt.Errorf("importing sample resources: %w", err)
	}
	return nil
}

func createFixtures(app core.App) error {
	members := []struct{ email, name, role string }{
		{EditorEmail, "Edie Editor", staff.RoleEditor},
		{ReviewerEmail, "Rui Reviewer", staff.RoleReviewer},
		{AdminEmail, "Ada Admin", staff.RoleAdmin},
	}
	for _, s := range members {
		if _, err := CreateStaff(app, s.email, s.name, s.role); err != nil {
			return err
		}
	}
	superusers, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	su := core.NewRecord(superusers)
	su.SetEmail(SuperuserEmail)
	su.SetPassword(Password)
	if err := app.Save(su); err != nil {
		return err
	}
	users, err := app.FindCollectionByNameOrId(OutsiderCollect)
	if err != nil {
		return err
	}
	outsider := core.NewRecord(users)
	outsider.SetEmail(OutsiderEmail)
	outsider.SetPassword(Password)
	return app.Save(outsider)
}

// CreateStaff saves a staff member with the fixture password.
func CreateStaff(app core.App, email, name, role string) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId("staff")
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.SetEmail(email)
	r.SetPassword(Password)
	r.SetVerified(true)
	r.Set("name", name)
	r.Set("role", role)
	return r, app.Save(r)
}

// Token returns a fresh auth token for the account with email (any auth collection).
func Token(t testing.TB, app core.App, email string) string {
	t.Helper()
	for _, col := range []string{"staff", core.CollectionNameSuperusers, OutsiderCollect} {
		r, err := app.FindAuthRecordByEmail(col, email)
		if err != nil {
			continue
		}
		token, err := r.NewAuthToken()
		if err != nil {
			t.Fatalf("token for %s: %v", email, err)
		}
		return token
	}
	t.Fatalf("no account %s", email)
	return ""
}
