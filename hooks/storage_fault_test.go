package hooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/siteconfig"
)

// A lead on a full disk answers 503 with the phone alternative, logs to the console, and
// leaves nothing half-written; once there is room again the same lead is stored.
func TestStorageFaultFullDiskLead(t *testing.T) {
	if os.Geteuid() != 0 {
		skipUnlessCI(t, "mounting a small tmpfs needs root")
	}
	hookstest.New(t) // builds the shared template before TMPDIR points at the small disk
	disk := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk).CombinedOutput(); err != nil {
		skipUnlessCI(t, "mounting a tmpfs: "+err.Error()+": "+string(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", disk).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", disk, err, out)
		}
	})
	t.Setenv("TMPDIR", disk) // tests.NewTestApp clones the data dir into os.TempDir()
	console := &syncBuffer{}
	app := hookstest.NewWithOptions(t, hooks.Options{Console: console})
	if !strings.HasPrefix(app.DataDir(), disk) {
		t.Fatalf("data dir %s is not on the small disk %s", app.DataDir(), disk)
	}
	mux := serveMux(t, app)
	before := countLeads(t, app)

	filler := fillDisk(t, disk)
	body := mustJSON(t, validLead(map[string]any{"message": strings.Repeat("Please call me back. ", 90)}))
	rec := send(mux, http.MethodPost, leadsURL, "", body)
	expectStorageFault(t, rec, console)

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if got := countLeads(t, app); got != before {
		t.Fatalf("%d leads after the failed create, want %d", got, before)
	}
	if got := countRecords(t, app, "lead_events", "1=1", nil); got != 0 {
		t.Fatalf("%d lead events after the failed create, want 0", got)
	}
	if rec := send(mux, http.MethodPost, leadsURL, "", body); rec.Code != http.StatusOK {
		t.Fatalf("with room again: %d %s", rec.Code, rec.Body)
	}
	if got := countLeads(t, app); got != before+1 {
		t.Fatalf("%d leads once there is room, want %d", got, before+1)
	}
}

// A database another process holds locked, or one the app may only read, answers every write
// route with 503 (the lead create, the records API, our /api/cms routes), never as bad input.
func TestStorageFaultLockedOrReadOnly(t *testing.T) {
	t.Parallel()
	faults := []struct {
		name  string
		apply func(t *testing.T, app *tests.TestApp)
	}{
		{"locked by another connection", lockDatabase},
		{"read-only connection", func(t *testing.T, app *tests.TestApp) {
			pragma(t, app, "PRAGMA query_only = ON")
		}},
	}
	routes := []struct {
		name, method, path, who, body string
	}{
		{"lead create", http.MethodPost, leadsURL, "", ""},
		{"article update", http.MethodPatch, "/api/collections/articles/records/{article}", hookstest.EditorEmail, `{"title":"Renamed while the disk is failing"}`},
		{"lead erase", http.MethodPost, "/api/cms/leads/erase", hookstest.AdminEmail, `{"phone":"` + leadPhoneLocal + `"}`},
	}
	for _, f := range faults {
		for _, r := range routes {
			t.Run(f.name+"/"+r.name, func(t *testing.T) {
				t.Parallel()
				console := &syncBuffer{}
				app := hookstest.NewWithOptions(t, hooks.Options{Console: console})
				saveLead(t, app, fixtureLeadID, nil)
				article, err := app.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
				if err != nil {
					t.Fatal(err)
				}
				body := r.body
				if body == "" {
					body = mustJSON(t, validLead(map[string]any{"phone": "07400 654321"}))
				}
				token := ""
				if r.who != "" {
					token = hookstest.Token(t, app, r.who)
				}
				mux := serveMux(t, app)
				leads := countLeads(t, app)

				f.apply(t, app)
				rec := send(mux, r.method, strings.Replace(r.path, "{article}", article.Id, 1), token, body)
				expectStorageFault(t, rec, console)
				if got := countLeads(t, app); got != leads {
					t.Fatalf("%d leads after the failed request, want %d", got, leads)
				}
			})
		}
	}
}

// Field errors keep their 400 while the storage is healthy.
func TestStorageFaultLeavesValidationErrors(t *testing.T) {
	t.Parallel()
	console := &syncBuffer{}
	app := hookstest.NewWithOptions(t, hooks.Options{Console: console})
	rec := send(serveMux(t, app), http.MethodPost, leadsURL, "", mustJSON(t, validLead(map[string]any{"consent": false})))
	if rec.Code != http.StatusBadRequest || rec.Header().Get("Retry-After") != "" ||
		!strings.Contains(rec.Body.String(), `"consent":{"code":"consent_required"`) {
		t.Fatalf("got %d Retry-After=%q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if strings.Contains(console.String(), "Storage fault") {
		t.Fatalf("a field error was logged as a storage fault: %s", console)
	}
}

// expectStorageFault checks the answer a client gets when the storage fails, and the line
// written to the console.
func expectStorageFault(t *testing.T, rec *httptest.ResponseRecorder, console *syncBuffer) {
	t.Helper()
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("got %d %s, want 503", rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Retry-After"); got != "30" {
		t.Fatalf("Retry-After %q, want 30", got)
	}
	var answer struct {
		Status  int            `json:"status"`
		Message string         `json:"message"`
		Data    map[string]any `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
		t.Fatalf("body %s: %v", rec.Body, err)
	}
	if answer.Status != 503 || answer.Data == nil || len(answer.Data) != 0 ||
		!strings.Contains(answer.Message, siteconfig.DefaultEmergencyText) {
		t.Fatalf("body %s", rec.Body)
	}
	log := console.String()
	if !strings.Contains(log, "level=ERROR") || !strings.Contains(log, `msg="Storage fault"`) {
		t.Fatalf("console %q, want an error line", log)
	}
}

// fillDisk writes a file in dir until the disk is full and returns its path.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, size := range []int{1 << 16, 1} {
		chunk := make([]byte, size)
		for {
			if _, err := f.Write(chunk); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatal(err)
				}
				break
			}
		}
	}
	return path
}

// lockDatabase holds a write lock on app's data.db from a second connection until the test
// ends, and makes the app's writer wait for it only briefly.
func lockDatabase(t *testing.T, app *tests.TestApp) {
	t.Helper()
	// The lock waits its turn behind the app's own background writes (start-up jobs), which
	// would otherwise make BEGIN EXCLUSIVE fail at once now and then.
	db, err := dbx.Open("sqlite", filepath.Join(app.DataDir(), "data.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.DB().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		db.Close()
	})
	pragma(t, app, "PRAGMA busy_timeout = 100")
}

// pragma runs a pragma on app's one writing connection.
func pragma(t *testing.T, app *tests.TestApp, sql string) {
	t.Helper()
	if _, err := app.NonconcurrentDB().NewQuery(sql).Execute(); err != nil {
		t.Fatal(err)
	}
}

// skipUnlessCI skips the test, except under CI, where what it needs must be there.
func skipUnlessCI(t *testing.T, reason string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(reason)
	}
	t.Skip(reason)
}

// syncBuffer is a console that handlers may write to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
