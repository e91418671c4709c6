package helpdir

import (
	"database/sql"
	"errors"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// grantKey marks the one save that may write verified_at and verified_by: a verification
// (the value is the staff id) or an import (grantImport). Like review's grant it is a custom
// key of the record instance, never stored.
const grantKey = "@resource_verification"

// grantImport is grantKey's value for a resource imported as checked against its source.
const grantImport = "import"

// MarkImported lets this save record resource r as verified now by no one ("imported"): the
// sample content's numbers were checked against each organisation's own page.
func MarkImported(r *core.Record) { r.Set(grantKey, grantImport) }

// keepVerification writes the server-owned fields of r: now and the staff id on a
// verification, now and "" on an import, the stored values on any other save.
func (s *Service) keepVerification(r *core.Record) {
	g, _ := r.Get(grantKey).(string)
	switch {
	case g == grantImport:
		r.Set("verified_at", s.now().UTC())
		r.Set("verified_by", "")
	case g != "":
		r.Set("verified_at", s.now().UTC())
		r.Set("verified_by", g)
	case r.IsNew():
		r.Set("verified_at", "")
		r.Set("verified_by", "")
	default:
		r.Set("verified_at", r.Original().GetDateTime("verified_at"))
		r.Set("verified_by", r.Original().GetString("verified_by"))
	}
}

// Verify answers POST /api/cms/resources/{id}/verify: the signed-in editor or admin says
// they checked the resource's number and hours now. The answer is the saved resource.
func (s *Service) Verify(e *core.RequestEvent) error {
	r, err := e.App.FindRecordById(Collection, e.Request.PathValue("id"))
	if errors.Is(err, sql.ErrNoRows) {
		return e.NotFoundError("Missing resource.", err)
	}
	if err != nil {
		return err
	}
	r.Set(grantKey, e.Auth.Id)
	if err := e.App.Save(r); err != nil {
		var fields validation.Errors
		if errors.As(err, &fields) {
			return e.BadRequestError("Correct the resource before verifying it.", err)
		}
		return err
	}
	// A fresh copy: the saved instance still holds the save's marker.
	saved, err := e.App.FindRecordById(Collection, r.Id)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, saved)
}
