package leads

import (
	"database/sql"
	"encoding/csv"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// csvColumns are the callback_leads columns of the CSV export, in order.
var csvColumns = []string{"id", "created", "status", "preferred_time", "name", "phone", "email", "message",
	"consent", "consent_text", "article", "source_url", "assigned_to", "contacted_at", "notes", "updated"}

// csvFlushEvery is how many rows are written between flushes to the client.
const csvFlushEvery = 100

// ExportCSV streams the leads matching ?status=&from=&to= (created, YYYY-MM-DD, both
// inclusive) as RFC 4180 CSV, row by row from the database cursor, with every cell guarded
// against spreadsheet formulas, and records the export in the audit trail. It checks no role
// itself: bind it behind staff.Require(..., staff.LeadReviewers...).
func ExportCSV(e *core.RequestEvent) error {
	where, desc, err := exportFilter(e.Request.URL.Query())
	if err != nil {
		return e.BadRequestError("The export filter is not valid.", err)
	}
	if err := RecordEvent(e.App, "", ActorFromAuth(e.Auth), ActionExport, "", desc); err != nil {
		return e.InternalServerError("The export could not be recorded.", err)
	}

	cols := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		cols[i] = "[[" + c + "]]"
	}
	rows, err := e.App.DB().Select(cols...).From(LeadsCollection).Where(where).OrderBy("created ASC", "id ASC").Rows()
	if err != nil {
		return e.InternalServerError("The export failed.", err)
	}
	defer rows.Close()

	h := e.Response.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="callback-leads.csv"`)
	h.Set("Cache-Control", "no-store")
	e.Response.WriteHeader(http.StatusOK)

	w := csv.NewWriter(e.Response)
	if err := w.Write(csvColumns); err != nil {
		return nil
	}
	values := make([]sql.NullString, len(csvColumns))
	dest := make([]any, len(values))
	for i := range values {
		dest[i] = &values[i]
	}
	cells := make([]string, len(values))
	for n := 1; rows.Next(); n++ {
		if err := rows.Scan(dest...); err != nil {
			e.App.Logger().Error("Lead export row failed", "error", err)
			break
		}
		for i, v := range values {
			cells[i] = GuardCell(openStored(csvColumns[i], v.String))
		}
		if err := w.Write(cells); err != nil {
			break // the client went away
		}
		if n%csvFlushEvery == 0 {
			w.Flush()
			_ = e.Flush()
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		e.App.Logger().Warn("Lead export interrupted", "error", err)
	}
	return nil
}

// exportFilter turns the export query into a where expression and a description for the
// audit trail.
func exportFilter(q map[string][]string) (dbx.Expression, string, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	errs := validation.Errors{}
	exprs := []dbx.Expression{}
	var desc []string
	if s := get("status"); s != "" {
		switch s {
		case StatusNew, StatusContacted, StatusScheduled, StatusClosed, StatusSpam:
			exprs = append(exprs, dbx.HashExp{"status": s})
			desc = append(desc, "status="+s)
		default:
			errs["status"] = validation.NewError("status_invalid", "Use new, contacted, scheduled, closed or spam.")
		}
	}
	for _, k := range []string{"from", "to"} {
		v := get(k)
		if v == "" {
			continue
		}
		day, err := time.Parse(time.DateOnly, v)
		if err != nil {
			errs[k] = validation.NewError("date_invalid", "Use a date in the form YYYY-MM-DD.")
			continue
		}
		if k == "to" {
			day = day.AddDate(0, 0, 1)
		}
		bound, _ := types.ParseDateTime(day)
		op := ">="
		if k == "to" {
			op = "<"
		}
		exprs = append(exprs, dbx.NewExp("[[created]] "+op+" {:"+k+"}", dbx.Params{k: bound.String()}))
		desc = append(desc, k+"="+v)
	}
	if len(errs) > 0 {
		return nil, "", errs
	}
	return dbx.And(exprs...), strings.Join(desc, " "), nil
}
