package hooks_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/leads"
)

func newLead(t *testing.T, app core.App, phone, status string, age time.Duration) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(leads.LeadsCollection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("name", "Test Person")
	r.Set("phone", phone)
	r.Set("consent", true)
	r.Set("consent_text", "I agree.")
	r.Set("message", "Private words")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if status != leads.StatusNew {
		r.Set("status", status)
		r.Set("close_reason", "reached") // kept only when closed
		r.Set("notes", "Personal note")
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		if err := leads.RecordEvent(app, r.Id, leads.Actor{Name: "test"}, leads.ActionNotes, "", "Personal note"); err != nil {
			t.Fatal(err)
		}
		if err := leads.RecordEvent(app, r.Id, leads.Actor{Name: "test"}, leads.ActionStatus, "new", status); err != nil {
			t.Fatal(err)
		}
	}
	if age > 0 {
		when := time.Now().UTC().Add(-age).Format("2006-01-02 15:04:05.000Z")
		if _, err := app.DB().Update(leads.LeadsCollection, dbx.Params{"created": when, "updated": when}, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func trail(t *testing.T, app core.App, id string) map[string]string {
	t.Helper()
	evs, err := app.FindAllRecords(leads.EventsCollection, dbx.HashExp{"lead": id})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, ev := range evs {
		from, to := openEvent(t, "event_from", ev.GetString("from")), openEvent(t, "event_to", ev.GetString("to"))
		out[ev.GetString("action")] = from + ">" + to
	}
	return out
}

func TestPurgeDeletesOnlyExpiredClosedAndSpam(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	day := 24 * time.Hour
	oldClosed := newLead(t, app, "+447400000001", leads.StatusClosed, 91*day)
	oldSpam := newLead(t, app, "+447400000002", leads.StatusSpam, 100*day)
	recentClosed := newLead(t, app, "+447400000003", leads.StatusClosed, 10*day)
	oldOpen := newLead(t, app, "+447400000004", leads.StatusScheduled, 200*day)

	ids, err := leads.Purge(app, 90, time.Now(), true, leads.Actor{Name: "cli"})
	if err != nil || len(ids) != 2 {
		t.Fatalf("dry run: %v %v", ids, err)
	}
	if n, _ := app.CountRecords(leads.LeadsCollection); n != 4 {
		t.Fatalf("the dry run deleted leads: %d left", n)
	}

	ids, err = leads.Purge(app, 90, time.Now(), false, leads.Actor{Name: "retention"})
	if err != nil || len(ids) != 2 {
		t.Fatalf("purge: %v %v", ids, err)
	}
	for _, gone := range []*core.Record{oldClosed, oldSpam} {
		if _, err := app.FindRecordById(leads.LeadsCollection, gone.Id); err == nil {
			t.Fatalf("lead %s kept", gone.Id)
		}
		got := trail(t, app, gone.Id)
		if got["notes"] != ">" || got["status"] == ">" || got["purge"] != ">" {
			t.Fatalf("trail of purged lead: %v", got)
		}
	}
	for _, kept := range []*core.Record{recentClosed, oldOpen} {
		if _, err := app.FindRecordById(leads.LeadsCollection, kept.Id); err != nil {
			t.Fatalf("lead %s purged", kept.Id)
		}
		if got := trail(t, app, kept.Id); got["notes"] != ">Personal note" {
			t.Fatalf("trail of kept lead stripped: %v", got)
		}
	}
}

func TestEraseAndExportByPhone(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	a := newLead(t, app, "+447400000009", leads.StatusClosed, 0)
	b := newLead(t, app, "+447400000009", leads.StatusNew, time.Hour)
	other := newLead(t, app, "+447400000008", leads.StatusNew, 0)

	out, err := leads.Export(app, "+447400000009")
	if err != nil || len(out.Leads) != 2 {
		t.Fatalf("export: %d leads, %v", len(out.Leads), err)
	}
	if out.Leads[0]["message"] != "Private words" || out.Leads[0]["phone"] != "+447400000009" {
		t.Fatalf("export hides fields: %v", out.Leads[0])
	}

	ids, err := leads.Erase(app, "+447400000009", leads.Actor{Name: "cli"})
	if err != nil || len(ids) != 2 {
		t.Fatalf("erase: %v %v", ids, err)
	}
	for _, gone := range []*core.Record{a, b} {
		if _, err := app.FindRecordById(leads.LeadsCollection, gone.Id); err == nil {
			t.Fatal("lead kept")
		}
		if got := trail(t, app, gone.Id); got["erase"] != ">" || (got["notes"] != "" && got["notes"] != ">") {
			t.Fatalf("trail %v", got)
		}
	}
	if _, err := app.FindRecordById(leads.LeadsCollection, other.Id); err != nil {
		t.Fatal("another person's lead was erased")
	}
	if out, _ := leads.Export(app, "+447400000009"); len(out.Leads) != 0 {
		t.Fatal("export after erase still finds leads")
	}
}
