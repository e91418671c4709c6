package hooks_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/cli"
	"recoverycms/internal/leads"
)

func run(t *testing.T, app core.App, args ...string) (string, error) {
	t.Helper()
	cmd := cli.NewLeadsCommand(app, leads.DefaultConfig())
	out := new(bytes.Buffer)
	cmd.SetOut(out)
	cmd.SetErr(out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func saveLeadWithPhone(t *testing.T, app core.App, phone string) *core.Record {
	t.Helper()
	return saveLead(t, app, "", map[string]any{"phone": phone, "message": "Please ring after six"})
}

func TestLeadsCommands(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	mine := saveLeadWithPhone(t, app, "07400 123456")
	other := saveLeadWithPhone(t, app, "07400 654321")

	out, err := run(t, app, "export", "--phone", "+44 7400 123456")
	if err != nil {
		t.Fatal(err)
	}
	var exported leads.SubjectExport
	if err := json.Unmarshal([]byte(out), &exported); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	if len(exported.Leads) != 1 || exported.Leads[0]["id"] != mine.Id || exported.Leads[0]["message"] != "Please ring after six" {
		t.Fatalf("export: %s", out)
	}

	if n, _ := app.CountRecords(leads.EventsCollection, dbx.HashExp{"lead": mine.Id, "action": "export"}); n != 1 {
		t.Fatalf("%d export events", n)
	}

	if _, err := run(t, app, "erase", "--phone", "not a phone"); err == nil {
		t.Fatal("an invalid phone was accepted")
	}
	out, err = run(t, app, "erase", "--phone", "07400123456")
	if err != nil || !strings.Contains(out, "erased 1 lead(s)") {
		t.Fatalf("erase: %q %v", out, err)
	}
	if _, err := app.FindRecordById(leads.LeadsCollection, mine.Id); err == nil {
		t.Fatal("the lead survived erase")
	}

	other.Set("status", leads.StatusClosed)
	other.Set("close_reason", "reached")
	if err := app.Save(other); err != nil {
		t.Fatal(err)
	}
	old := time.Now().UTC().AddDate(0, 0, -120).Format("2006-01-02 15:04:05.000Z")
	if _, err := app.DB().Update(leads.LeadsCollection, dbx.Params{"updated": old}, dbx.HashExp{"id": other.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, app, "purge", "--dry-run")
	if err != nil || !strings.Contains(out, "would delete 1 lead(s)") || !strings.Contains(out, other.Id) {
		t.Fatalf("dry run: %q %v", out, err)
	}
	if _, err := app.FindRecordById(leads.LeadsCollection, other.Id); err != nil {
		t.Fatal("the dry run deleted a lead")
	}
	out, err = run(t, app, "purge")
	if err != nil || !strings.Contains(out, "deleted 1 lead(s)") {
		t.Fatalf("purge: %q %v", out, err)
	}
	if _, err := app.FindRecordById(leads.LeadsCollection, other.Id); err == nil {
		t.Fatal("purge kept the lead")
	}
}
