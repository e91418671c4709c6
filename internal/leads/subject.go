package leads

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ByPhone returns every lead stored under the E.164 phone number, oldest first.
func ByPhone(app core.App, phone string) ([]*core.Record, error) {
	var records []*core.Record
	err := app.RecordQuery(LeadsCollection).AndWhere(PhoneMatch(phone)).OrderBy("created ASC").All(&records)
	return records, err
}

// Erase deletes every lead with the E.164 phone number and strips personal data from their
// events, in one transaction, and returns the ids of the deleted leads. Each erased lead keeps
// an "erase" event naming the actor.
func Erase(app core.App, phone string, actor Actor) ([]string, error) {
	var ids []string
	err := withNumber(app, phone, func(tx core.App, found []*core.Record) error {
		ids = nil
		return deleteLeads(tx, found, actor, ActionErase, &ids)
	})
	return ids, err
}

// withNumber runs fn on every lead of the E.164 phone number, in one transaction.
func withNumber(app core.App, phone string, fn func(tx core.App, found []*core.Record) error) error {
	return app.RunInTransaction(func(tx core.App) error {
		found, err := ByPhone(tx, phone)
		if err != nil {
			return err
		}
		return fn(tx, found)
	})
}

// SubjectExport is everything held about one phone number, for a data-subject access request.
type SubjectExport struct {
	Phone string           `json:"phone"`
	Leads []map[string]any `json:"leads"`
}

// Export collects every lead with the E.164 phone number and each lead's audit trail.
func Export(app core.App, phone string) (SubjectExport, error) {
	out := SubjectExport{Phone: phone, Leads: []map[string]any{}}
	found, err := ByPhone(app, phone)
	if err != nil {
		return out, err
	}
	for _, lead := range found {
		data := fullExport(lead)
		events, err := app.FindRecordsByFilter(EventsCollection, "lead = {:lead}", "created", 0, 0, dbx.Params{"lead": lead.Id})
		if err != nil {
			return out, err
		}
		trail := make([]map[string]any, 0, len(events))
		for _, ev := range events {
			trail = append(trail, fullExport(ev))
		}
		data["events"] = trail
		if data["repeats"], err = Repeats(app, lead.Id); err != nil {
			return out, err
		}
		out.Leads = append(out.Leads, data)
	}
	return out, nil
}

// Expired returns the closed and spam leads unchanged for more than days before now.
func Expired(app core.App, days int, now time.Time) ([]*core.Record, error) {
	cutoff, err := types.ParseDateTime(now.Add(-time.Duration(days) * 24 * time.Hour))
	if err != nil {
		return nil, err
	}
	return app.FindRecordsByFilter(LeadsCollection,
		"(status = {:closed} || status = {:spam}) && updated < {:cutoff}", "updated", 0, 0,
		dbx.Params{"closed": StatusClosed, "spam": StatusSpam, "cutoff": cutoff.String()})
}

// Purge deletes the leads Expired reports, keeping their events stripped of personal data,
// and returns their ids. With dryRun it only reports them.
func Purge(app core.App, days int, now time.Time, dryRun bool, actor Actor) ([]string, error) {
	if dryRun {
		found, err := Expired(app, days, now)
		ids := make([]string, 0, len(found))
		for _, r := range found {
			ids = append(ids, r.Id)
		}
		return ids, err
	}
	var ids []string
	err := app.RunInTransaction(func(tx core.App) error {
		ids = nil
		found, err := Expired(tx, days, now)
		if err != nil {
			return err
		}
		return deleteLeads(tx, found, actor, ActionPurge, &ids)
	})
	return ids, err
}

func deleteLeads(tx core.App, found []*core.Record, actor Actor, action string, ids *[]string) error {
	for _, lead := range found {
		if err := RecordEvent(tx, lead.Id, actor, action, "", ""); err != nil {
			return err
		}
		if err := tx.Delete(lead); err != nil {
			return err
		}
		*ids = append(*ids, lead.Id)
	}
	return StripEvents(tx, *ids...)
}

func fullExport(r *core.Record) map[string]any {
	c := r.Clone()
	c.Unhide(c.Collection().Fields.FieldNames()...)
	return c.PublicExport()
}
