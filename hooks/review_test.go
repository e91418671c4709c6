package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/review"
)

const clinicianEmail = "helen.clinician@example.org"

// reviewApp is a test app with clinical sign-off required (the product's default) and a
// clinician whose public profile is a sample author.
func reviewApp(t *testing.T, now func() time.Time) (*tests.TestApp, *core.Record) {
	t.Helper()
	app := hookstest.NewWithOptions(t, hooks.Options{Review: &review.Config{Required: true, Interval: 365 * 24 * time.Hour}, Now: now})
	c, err := hookstest.CreateStaff(app, clinicianEmail, "Helen Clinician", "editor")
	must(t, err)
	c.Set("clinician", true)
	c.Set("author", authorID(t, app, "priya-nair"))
	must(t, app.Save(c))
	return app, c
}

func sendJSONAs(h http.Handler, method, path, token string, body any) (int, map[string]any) {
	raw, _ := json.Marshal(body)
	if body == nil {
		raw = nil
	}
	status, text := sendText(h, method, path, token, string(raw))
	var out map[string]any
	_ = json.Unmarshal([]byte(text), &out)
	return status, out
}

func fieldCode(answer map[string]any, field string) string {
	data, _ := answer["data"].(map[string]any)
	f, _ := data[field].(map[string]any)
	code, _ := f["code"].(string)
	return code
}

// TestOnlyAClinicianSignsOff: nobody sets reviewed_by or reviewed_at by saving, through the
// API as an editor or admin, as a superuser or from Go code; a clinician's approval does, with
// their own profile, and is recorded with the revision it covers.
func TestOnlyAClinicianSignsOff(t *testing.T) {
	t.Parallel()
	app, clinician := reviewApp(t, nil)
	h := hookstest.Router(t, app)
	draft := newDraft(t, app, "Talking to your GP about ketamine")
	other := authorID(t, app, "priya-nair")

	for _, email := range []string{hookstest.EditorEmail, hookstest.AdminEmail, hookstest.SuperuserEmail} {
		status, answer := sendJSONAs(h, http.MethodPatch, "/api/collections/articles/records/"+draft.Id,
			hookstest.Token(t, app, email), map[string]any{"reviewed_by": other, "reviewed_at": "2026-01-01 00:00:00.000Z"})
		if status != 400 || fieldCode(answer, "reviewed_by") != "clinician_required" {
			t.Errorf("%s sets reviewed_by: %d %v", email, status, answer)
		}
	}
	r, err := app.FindRecordById("articles", draft.Id)
	must(t, err)
	r.Set("reviewed_at", time.Now())
	if err := app.Save(r); err == nil || !strings.Contains(err.Error(), "clinician") {
		t.Errorf("a Go save sets reviewed_at: %v", err)
	}
	if got := articleBySlug(t, app, draft.GetString("slug")); got.GetString("reviewed_by") != "" || !got.GetDateTime("reviewed_at").IsZero() {
		t.Fatalf("review fields stored: %v %v", got.GetString("reviewed_by"), got.GetDateTime("reviewed_at"))
	}

	// Approving: the editor without the clinician flag is refused, the guest too.
	path := "/api/cms/articles/" + draft.Id + "/approve"
	if status, answer := sendJSONAs(h, http.MethodPost, path, hookstest.Token(t, app, hookstest.EditorEmail), nil); status != 403 || fieldCode(answer, "reviewed_by") != "clinician_required" {
		t.Errorf("editor approves: %d %v", status, answer)
	}
	if status, _ := sendJSONAs(h, http.MethodPost, path, "", nil); status != 401 {
		t.Errorf("guest approves: %d", status)
	}
	if status, _ := sendJSONAs(h, http.MethodPost, "/api/cms/articles/missing0000000/approve", hookstest.Token(t, app, clinicianEmail), nil); status != 404 {
		t.Errorf("approving a missing article: %d", status)
	}
	status, answer := sendJSONAs(h, http.MethodPost, path, hookstest.Token(t, app, clinicianEmail), nil)
	if status != 200 || answer["review_status"] != "approved" || answer["reviewed_by"] != clinician.GetString("author") {
		t.Fatalf("clinician approves: %d %v", status, answer)
	}
	approved := articleBySlug(t, app, draft.GetString("slug"))
	if d := approved.GetDateTime("next_review_at").Time().Sub(approved.GetDateTime("reviewed_at").Time()); d != 365*24*time.Hour {
		t.Errorf("next review %v after the approval", d)
	}
	rows, err := app.FindAllRecords(review.Approvals, dbx.HashExp{"article": draft.Id})
	must(t, err)
	var revision string
	must(t, app.DB().NewQuery("SELECT id FROM article_revisions WHERE article = {:id} ORDER BY created DESC LIMIT 1").Bind(dbx.Params{"id": draft.Id}).Row(&revision))
	if len(rows) != 1 || rows[0].GetString("clinician") != clinician.Id || rows[0].GetString("source") != "approval" ||
		rows[0].GetString("revision") != revision || rows[0].GetString("content_hash") != review.ContentHash(approved) {
		t.Fatalf("approval rows %v", rows)
	}

	// A clinician without an author profile has nothing to sign with.
	bare, err := hookstest.CreateStaff(app, "no.profile@example.org", "No Profile", "editor")
	must(t, err)
	bare.Set("clinician", true)
	must(t, app.Save(bare))
	if status, answer := sendJSONAs(h, http.MethodPost, path, hookstest.Token(t, app, "no.profile@example.org"), nil); status != 400 || fieldCode(answer, "author") != "clinician_profile_required" {
		t.Errorf("clinician without profile approves: %d %v", status, answer)
	}
	// Nobody makes themself a clinician.
	editor, err := app.FindAuthRecordByEmail("staff", hookstest.EditorEmail)
	must(t, err)
	if status, _ := sendJSONAs(h, http.MethodPatch, "/api/collections/staff/records/"+editor.Id, hookstest.Token(t, app, hookstest.EditorEmail), map[string]any{"clinician": true}); status == 200 {
		t.Error("an editor made themself a clinician")
	}
	if status, _ := sendJSONAs(h, http.MethodPatch, "/api/collections/staff/records/"+editor.Id, hookstest.Token(t, app, hookstest.EditorEmail), map[string]any{"author": other}); status == 200 {
		t.Error("an editor linked themself to an author profile")
	}
}

// TestPublishingNeedsACurrentApproval: an unreviewed draft cannot go live; an approved one can;
// an edit after approval shows as changed since review, and the public no longer reads that a
// clinician reviewed it.
func TestPublishingNeedsACurrentApproval(t *testing.T) {
	t.Parallel()
	app, _ := reviewApp(t, nil)
	lr := newLiveRouter(t, app)
	h := lr.mux
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	draft := newDraft(t, app, "Cutting down on ketamine safely")
	record := "/api/collections/articles/records/" + draft.Id

	status, answer := sendJSONAs(h, http.MethodPatch, record, editor, map[string]any{"status": "published"})
	if status != 400 || fieldCode(answer, "status") != "clinical_review_required" {
		t.Fatalf("publishing unreviewed: %d %v", status, answer)
	}
	if articleBySlug(t, app, draft.GetString("slug")).GetString("status") != "draft" {
		t.Fatal("the refused publish was stored")
	}
	if status, _ := sendJSONAs(h, http.MethodPost, "/api/cms/articles/"+draft.Id+"/approve", hookstest.Token(t, app, clinicianEmail), nil); status != 200 {
		t.Fatalf("approve: %d", status)
	}
	if status, answer := sendJSONAs(h, http.MethodPatch, record, editor, map[string]any{"status": "published"}); status != 200 || answer["review_status"] != "approved" {
		t.Fatalf("publishing approved: %d %v", status, answer)
	}
	// The same text sent from a browser form (\r\n line endings) keeps its sign-off.
	stored := articleBySlug(t, app, draft.GetString("slug"))
	if status, answer := sendJSONAs(h, http.MethodPatch, record, editor, map[string]any{"body": strings.ReplaceAll(stored.GetString("body"), "\n", "\r\n")}); status != 200 || answer["review_status"] != "approved" {
		t.Fatalf("the approved text with CRLF line endings: %d %v", status, answer["review_status"])
	}
	slug := draft.GetString("slug")
	public := lr.getJSON("/api/cms/articles/" + slug)
	if public["reviewed_by"] == nil || public["next_review_at"] == "" {
		t.Fatalf("approved article without its reviewer: %v %v", public["reviewed_by"], public["next_review_at"])
	}

	if status, answer := sendJSONAs(h, http.MethodPatch, record, editor, map[string]any{"body": "A new paragraph nobody reviewed."}); status != 200 || answer["review_status"] != "changed_since_review" {
		t.Fatalf("edit after approval: %d %v", status, answer)
	}
	public = lr.getJSON("/api/cms/articles/" + slug)
	ld, _ := public["jsonld"].(map[string]any)
	if public["reviewed_by"] != nil || public["reviewed_at"] != "" || ld["reviewedBy"] != nil || ld["lastReviewed"] != nil {
		t.Fatalf("the public still reads that the changed text was reviewed: %v %v %v", public["reviewed_by"], public["reviewed_at"], ld)
	}
	// Taken back to draft, it cannot go live again until a clinician approves the new text.
	sendJSONAs(h, http.MethodPatch, record, editor, map[string]any{"status": "draft"})
	if status, answer := sendJSONAs(h, http.MethodPatch, record, editor, map[string]any{"status": "published"}); status != 400 || fieldCode(answer, "status") != "clinical_review_required" {
		t.Fatalf("republishing the changed text: %d %v", status, answer)
	}
}

// TestReviewCadence: the due list, the statuses moving with time, and the daily email to
// editors and clinicians.
func TestReviewCadence(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now()}
	app, _ := reviewApp(t, clk.Now)
	h := hookstest.Router(t, app)
	clinician := hookstest.Token(t, app, clinicianEmail)
	soon := newDraft(t, app, "Due soon")
	late := newDraft(t, app, "Overdue now")
	later := newDraft(t, app, "Reviewed recently")
	for _, a := range []*core.Record{soon, late, later} {
		if status, _ := sendJSONAs(h, http.MethodPost, "/api/cms/articles/"+a.Id+"/approve", clinician, nil); status != 200 {
			t.Fatalf("approve: %d", status)
		}
	}
	// Editors set the next review date themselves.
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	for id, at := range map[string]time.Time{soon.Id: clk.Now().Add(10 * 24 * time.Hour), late.Id: clk.Now().Add(40 * 24 * time.Hour)} {
		if status, answer := sendJSONAs(h, http.MethodPatch, "/api/collections/articles/records/"+id, editor, map[string]any{"next_review_at": at.UTC().Format(time.RFC3339)}); status != 200 {
			t.Fatalf("editor sets next_review_at: %d %v", status, answer)
		}
	}
	clk.Set(clk.Now().Add(41 * 24 * time.Hour)) // late is now past its date, soon too
	status, answer := sendJSONAs(h, http.MethodGet, "/api/cms/editorial/review-due", editor, nil)
	if status != 200 || answer["overdue"] != float64(2) {
		t.Fatalf("review-due: %d %v", status, answer)
	}
	if status, _ := sendJSONAs(h, http.MethodGet, "/api/cms/editorial/review-due", "", nil); status != 401 {
		t.Errorf("review-due for a guest: %d", status)
	}
	svc := review.New(review.Config{Required: true}, clk.Now)
	if n, err := svc.RefreshStatuses(app); err != nil || n != 2 {
		t.Fatalf("refreshed %d statuses: %v", n, err)
	}
	if got := articleBySlug(t, app, late.GetString("slug")).GetString("review_status"); got != review.StatusOverdue {
		t.Fatalf("stored status %q", got)
	}
	app.TestMailer.Reset()
	sent, err := svc.SendDigest(app)
	must(t, err)
	// The fixture editor, the admin-less clinician of reviewApp; not the reviewer or admin.
	if sent != 2 || app.TestMailer.TotalSend() != 2 {
		t.Fatalf("digest sent to %d people", sent)
	}
	msg := app.TestMailer.LastMessage()
	if !strings.Contains(msg.HTML, "Overdue now") || !strings.Contains(msg.HTML, "Due soon") || strings.Contains(msg.HTML, "Reviewed recently") {
		t.Fatalf("digest: %s", msg.HTML)
	}
}

// TestScheduledArticleNeedsACurrentApprovalToStayScheduled: an approved article scheduled for
// later cannot be edited into unreviewed text and left to go live at its time.
func TestScheduledArticleNeedsACurrentApprovalToStayScheduled(t *testing.T) {
	t.Parallel()
	app, _ := reviewApp(t, nil)
	h := hookstest.Router(t, app)
	draft, err := hookstest.CreateArticle(app, authorID(t, app, "priya-nair"), map[string]any{"title": "Later", "status": "draft", "body": "First text."})
	must(t, err)
	if status, out := sendJSONAs(h, http.MethodPost, "/api/cms/articles/"+draft.Id+"/approve", hookstest.Token(t, app, clinicianEmail), nil); status != 200 {
		t.Fatalf("approve: %d %v", status, out)
	}
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	later := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	if status, out := sendJSONAs(h, http.MethodPatch, "/api/collections/articles/records/"+draft.Id, editor,
		map[string]any{"status": "published", "published_at": later}); status != 200 {
		t.Fatalf("schedule: %d %v", status, out)
	}
	status, out := sendJSONAs(h, http.MethodPatch, "/api/collections/articles/records/"+draft.Id, editor, map[string]any{"body": "Unreviewed text."})
	if status != 400 || fieldCode(out, "status") != "clinical_review_required" {
		t.Fatalf("editing a scheduled article's text: %d %v", status, out)
	}
	if r, _ := app.FindRecordById("articles", draft.Id); r.GetString("body") != "First text." {
		t.Error("the refused edit was stored")
	}
	if status, out := sendJSONAs(h, http.MethodPatch, "/api/collections/articles/records/"+draft.Id, editor,
		map[string]any{"status": "draft", "body": "Unreviewed text."}); status != 200 {
		t.Errorf("unscheduling to edit: %d %v", status, out)
	}
}
