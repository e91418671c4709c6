package hooks_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

// withHostileLeads stores leads whose cells a spreadsheet would run as formulas.
func withHostileLeads(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
	hostile := []map[string]any{
		{"name": "=HYPERLINK(\"http://evil.example\")", "phone": "+1 202 555 0101", "message": "+SUM(A1:A9)"},
		{"name": "@cmd", "phone": "+1 202 555 0102", "message": "-2+3"},
		{"name": "\tTabbed", "phone": "+1 202 555 0103", "message": "\rReturn, \"quoted\"\nnew line"},
		{"name": "Zoë Ünïcode", "phone": "+1 202 555 0104", "message": "Plain"},
	}
	var last *core.Record
	for i, h := range hostile {
		last = saveLead(t, app, "", h)
		waitForMail(t, app, 2*(i+1))
	}
	// Submitted text is trimmed; staff notes keep a leading tab or carriage return.
	last.Set("notes", "\rReturn note")
	if err := app.Save(last); err != nil {
		t.Fatal(err)
	}
	closed := saveLead(t, app, "", map[string]any{"phone": "+1 202 555 0105", "name": "Closed Case"})
	closed.Set("status", "closed")
	closed.Set("close_reason", "reached")
	closed.Set("notes", "\tTabbed note")
	if err := app.Save(closed); err != nil {
		t.Fatal(err)
	}
	waitForMail(t, app, 10)
}

func readCSV(t testing.TB, res *http.Response) [][]string {
	t.Helper()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180 CSV: %v\n%s", err, body)
	}
	return rows
}

func TestLeadExportCSV(t *testing.T) {
	t.Parallel()
	reviewer := auth(t, hookstest.ReviewerEmail)
	scenarios := []tests.ApiScenario{{
		Name:           "guarded cells",
		Method:         http.MethodGet,
		URL:            "/api/cms/leads/export.csv?status=new",
		Headers:        reviewer,
		BeforeTestFunc: withHostileLeads,
		ExpectedStatus: 200,
		ExpectedContent: []string{"id,created,status,preferred_time,name,phone,email,message",
			`"'=HYPERLINK(""http://evil.example"")"`, "'+SUM(A1:A9)", "'@cmd", "'-2+3", "'\rReturn note", "Tabbed", "Zoë Ünïcode", "'+12025550101"},
		NotExpectedContent: []string{"Closed Case", "Tabbed note"},
		ExpectedEvents:     map[string]int{"*": 0, "OnRecordCreate": 1, "OnRecordCreateExecute": 1, "OnRecordAfterCreateSuccess": 1, "OnRecordValidate": 1, "OnModelCreate": 1, "OnModelCreateExecute": 1, "OnModelAfterCreateSuccess": 1, "OnModelValidate": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
				t.Fatalf("content type %q", ct)
			}
			rows := readCSV(t, res)
			if len(rows) != 5 {
				t.Fatalf("%d rows, want header + 4", len(rows))
			}
			for _, row := range rows[1:] {
				for _, cell := range row {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Fatalf("unguarded cell %q", cell)
					}
				}
			}
			var exports []*core.Record
			if err := app.RecordQuery("lead_events").Where(dbx.HashExp{"action": "export"}).All(&exports); err != nil || len(exports) != 1 {
				t.Fatalf("export events %d %v", len(exports), err)
			}
			if exports[0].GetString("to") != "status=new" || exports[0].GetString("staff") != staffID(t, app, hookstest.ReviewerEmail) {
				t.Fatalf("export event %v", exports[0].FieldsData())
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "date range with no leads",
		Method:          http.MethodGet,
		URL:             "/api/cms/leads/export.csv?from=2001-01-01&to=2001-12-31",
		Headers:         reviewer,
		BeforeTestFunc:  withHostileLeads,
		ExpectedStatus:  200,
		ExpectedContent: []string{"id,created,status"},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if rows := readCSV(t, res); len(rows) != 1 {
				t.Fatalf("%d rows, want only the header", len(rows))
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "all statuses",
		Method:          http.MethodGet,
		URL:             "/api/cms/leads/export.csv?from=2001-01-01",
		Headers:         reviewer,
		BeforeTestFunc:  withHostileLeads,
		ExpectedStatus:  200,
		ExpectedContent: []string{"Closed Case", "'\tTabbed note"},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if rows := readCSV(t, res); len(rows) != 6 {
				t.Fatalf("%d rows, want header + 5", len(rows))
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "bad filter",
		Method:          http.MethodGet,
		URL:             "/api/cms/leads/export.csv?status=lost&from=yesterday",
		Headers:         reviewer,
		ExpectedStatus:  400,
		ExpectedContent: []string{`"status":{"code":"status_invalid"`, `"from":{"code":"date_invalid"`},
		ExpectedEvents:  map[string]int{"*": 0},
		TestAppFactory:  hookstest.Factory,
	}}
	for _, s := range scenarios {
		s.Test(t)
	}
}
