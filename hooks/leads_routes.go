package hooks

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

	"recoverycms/internal/leads"
)

// leadCSVColumns are the callback_leads columns of the CSV export, in order.
var leadCSVColumns = []string{"id", "created", "status", "preferred_time", "name", "phone", "email", "message",
	"consent", "consent_text", "article", "source_url", "assigned_to", "contacted_at", "notes", "updated"}

// csvFlushEvery is how many rows are written between flushes to the client.
const csvFlushEvery = 100

// registerLeadRoutes adds the staff routes under /api/cms/leads.
func registerLeadRoutes(app core.App, cfg leads.Config) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/cms/leads/export.csv", exportLeadsCSV)
		se.Router.POST("/api/cms/leads/erase", eraseLeadsByPhone(cfg))
		return se.Next()
	})
}

// exportLeadsCSV streams the leads matching ?status=&from=&to= (created, YYYY-MM-DD, both
// inclusive) as RFC 4180 CSV, row by row from the database cursor, and records the export.
func exportLeadsCSV(e *core.RequestEvent) error {
	if e.Auth == nil {
		return e.UnauthorizedError("Sign in as a reviewer or admin to export callback requests.", nil)
	}
	if !canReviewLeads(e.Auth) {
		return e.ForbiddenError("Only reviewers and admins can export callback requests.", nil)
	}
	where, desc, err := leadExportFilter(e.Request.URL.Query())
	if err != nil {
		return e.BadRequestError("The export filter is not valid.", err)
	}
	if err := leads.RecordEvent(e.App, "", leads.ActorFromAuth(e.Auth), leads.ActionExport, "", desc); err != nil {
		return e.InternalServerError("The export could not be recorded.", err)
	}

	cols := make([]string, len(leadCSVColumns))
	for i, c := range leadCSVColumns {
		cols[i] = "[[" + c + "]]"
	}
	rows, err := e.App.DB().Select(cols...).From(leads.LeadsCollection).Where(where).OrderBy("created ASC", "id ASC").Rows()
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
	if err := w.Write(leadCSVColumns); err != nil {
		return nil
	}
	values := make([]sql.NullString, len(leadCSVColumns))
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
			cells[i] = leads.GuardCell(v.String)
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

// leadExportFilter turns the export query into a where expression and a description for the
// audit trail.
func leadExportFilter(q map[string][]string) (dbx.Expression, string, error) {
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
		case leads.StatusNew, leads.StatusContacted, leads.StatusScheduled, leads.StatusClosed, leads.StatusSpam:
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

// eraseLeadsByPhone answers POST /api/cms/leads/erase {"phone": ...} for admins: every lead
// with that number is deleted and its events are stripped of personal data.
func eraseLeadsByPhone(cfg leads.Config) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		if e.Auth == nil {
			return e.UnauthorizedError("Sign in as an admin to erase callback requests.", nil)
		}
		if !isLeadAdmin(e.Auth) {
			return e.ForbiddenError("Only admins can erase callback requests.", nil)
		}
		var body struct {
			Phone string `json:"phone" form:"phone"`
		}
		if err := e.BindBody(&body); err != nil {
			return e.BadRequestError("The request body must be a JSON object with a phone number.", nil)
		}
		phone, err := leads.NormalizePhone(body.Phone, cfg.DefaultRegion)
		if err != nil {
			return e.BadRequestError("The phone number is not valid.", validation.Errors{
				"phone": validation.NewError("phone_invalid", "Enter the phone number with its country code if it is not a "+cfg.DefaultRegion+" number."),
			})
		}
		ids, err := leads.Erase(e.App, phone, leads.ActorFromAuth(e.Auth))
		if err != nil {
			return e.InternalServerError("The callback requests could not be erased.", err)
		}
		if ids == nil {
			ids = []string{}
		}
		return e.JSON(http.StatusOK, map[string]any{"erased": len(ids), "ids": ids})
	}
}
