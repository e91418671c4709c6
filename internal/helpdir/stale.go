package helpdir

import (
	"fmt"
	"html"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// StaleItem is a resource nobody has re-verified for StaleAfter (or ever).
type StaleItem struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Country    string `json:"country"`
	Status     string `json:"status"`
	VerifiedAt string `json:"verified_at"`
	VerifiedBy string `json:"verified_by"`
}

// Stale lists every resource, draft or published, last verified before now minus StaleAfter
// or never, the longest unchecked first.
func (s *Service) Stale(app core.App) ([]StaleItem, error) {
	cutoff := s.now().Add(-StaleAfter).UTC().Format("2006-01-02 15:04:05.000Z")
	var records []*core.Record
	err := app.RecordQuery(Collection).
		Where(dbx.NewExp("verified_at = '' OR verified_at < {:cutoff}", dbx.Params{"cutoff": cutoff})).
		OrderBy("verified_at ASC", "name ASC", "id ASC").All(&records)
	if err != nil {
		return nil, err
	}
	items := make([]StaleItem, 0, len(records))
	for _, r := range records {
		at := ""
		if d := r.GetDateTime("verified_at"); !d.IsZero() {
			at = d.Time().UTC().Format("2006-01-02T15:04:05.000Z")
		}
		items = append(items, StaleItem{ID: r.Id, Name: r.GetString("name"), Kind: r.GetString("kind"),
			Country: r.GetString("country"), Status: r.GetString("status"), VerifiedAt: at,
			VerifiedBy: r.GetString("verified_by")})
	}
	return items, nil
}

// StaleList answers GET /api/cms/editorial/stale-resources: {items, total}.
func (s *Service) StaleList(e *core.RequestEvent) error {
	items, err := s.Stale(e.App)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"items": items, "total": len(items)})
}

// DigestSection is the daily editorial email's part on stale resources: how many there are
// and an HTML list linking to the panel, or 0 and "" when none is stale.
func (s *Service) DigestSection(app core.App) (int, string, error) {
	items, err := s.Stale(app)
	if err != nil || len(items) == 0 {
		return 0, "", err
	}
	base := html.EscapeString(strings.TrimRight(app.Settings().Meta.AppURL, "/"))
	var b strings.Builder
	fmt.Fprintf(&b, "<p>These help resources have not been re-verified for %d days:</p><ul>", int(StaleAfter.Hours()/24))
	for _, it := range items {
		since := "never verified"
		if len(it.VerifiedAt) >= 10 {
			since = "last verified " + it.VerifiedAt[:10]
		}
		fmt.Fprintf(&b, `<li><a href="%s/admin/#/resources/%s">%s</a> (%s): %s</li>`,
			base, html.EscapeString(it.ID), html.EscapeString(it.Name), html.EscapeString(it.Country), since)
	}
	b.WriteString("</ul>")
	return len(items), b.String(), nil
}
