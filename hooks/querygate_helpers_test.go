package hooks_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"recoverycms/hooks/hookstest"
)

// The hidden records of the query-gate tests: a draft article by Tom Ashworth whose title a
// leaking filter could spell out, and a callback lead on a published article (someone
// reading it asked for help).
const (
	zebraTitle  = "Zebra merger secret"
	zebraSlug   = "zebra-merger-secret"
	tomSlug     = "tom-ashworth"
	zebraPrefix = "Zebra%"
)

// hiddenKind names which hidden record a probe is after.
type hiddenKind int

const (
	hiddenDraft hiddenKind = iota
	hiddenLead
)

// seesHidden reports whether role may see the hidden record by its collection's own
// rules (staff read drafts; reviewers and admins read leads), so its answers may differ.
func seesHidden(role string, kind hiddenKind) bool {
	if kind == hiddenDraft {
		return role != "guest" && role != "outsider"
	}
	return role == "reviewer" || role == "admin" || role == "superuser"
}

// gateRoles are the callers of the gate tests, with their fixture emails ("" for a guest).
var gateRoles = []struct{ name, email string }{
	{"guest", ""},
	{"outsider", hookstest.OutsiderEmail},
	{"editor", hookstest.EditorEmail},
	{"reviewer", hookstest.ReviewerEmail},
	{"admin", hookstest.AdminEmail},
	{"superuser", hookstest.SuperuserEmail},
}

// gateTokens returns an auth token per role name (none for the guest); the apps are built
// from one template, so a token works on each of them.
func gateTokens(t testing.TB, app core.App) map[string]string {
	t.Helper()
	tokens := map[string]string{}
	for _, r := range gateRoles {
		if r.email != "" {
			tokens[r.name] = hookstest.Token(t, app, r.email)
		}
	}
	return tokens
}

// addZebraDraft saves the hidden draft: by Tom, reviewed by Tom, on the ketamine topic.
func addZebraDraft(t testing.TB, app core.App) {
	t.Helper()
	tom := authorID(t, app, tomSlug)
	topic, err := app.FindFirstRecordByData("topics", "slug", "ketamine")
	if err != nil {
		t.Fatal(err)
	}
	_, err = hookstest.CreateArticle(app, tom, map[string]any{
		"title": zebraTitle, "slug": zebraSlug, "status": "draft", "reviewed_by": tom,
		"topics": []string{topic.Id}, "body": "## Merger\n\nNot for the public yet.",
	})
	if err != nil {
		t.Fatal(err)
	}
	// A draft help resource on the same topic, hidden from the public like the draft article.
	createResource(t, app, map[string]any{"name": zebraTitle + " line", "status": "draft", "topics": []string{topic.Id}})
}

// addHiddenLead saves the hidden lead on the published sample article, assigned to the
// reviewer, and waits for its notifications.
func addHiddenLead(t testing.TB, app *tests.TestApp) {
	t.Helper()
	lead := saveLead(t, app, "", map[string]any{"article": articleBySlug(t, app, hookstest.PublishedSlug).Id})
	lead.Set("assigned_to", staffID(t, app, hookstest.ReviewerEmail))
	if err := app.Save(lead); err != nil {
		t.Fatal(err)
	}
	waitForMail(t, app, 2)
}

// newHiddenRecordsApp is an app with both hidden records, its real router and a token per role.
func newHiddenRecordsApp(t testing.TB) (*tests.TestApp, http.Handler, map[string]string) {
	t.Helper()
	app := hookstest.New(t)
	addZebraDraft(t, app)
	addHiddenLead(t, app)
	return app, hookstest.Router(t, app), gateTokens(t, app)
}

// receive returns the messages that reach client c within wait.
func receive(c subscriptions.Client, wait time.Duration) []subscriptions.Message {
	var got []subscriptions.Message
	timeout := time.After(wait)
	for {
		select {
		case m := <-c.Channel():
			got = append(got, m)
		case <-timeout:
			return got
		}
	}
}

// refusedParams returns the parameters a 400 answer refuses with relation_not_allowed.
func refusedParams(status int, body string) []string {
	if status != http.StatusBadRequest {
		return nil
	}
	var got []string
	for _, p := range []string{"filter", "sort", "expand", "fields"} {
		if strings.Contains(body, `"`+p+`":{"code":"relation_not_allowed"`) {
			got = append(got, p)
		}
	}
	return got
}

// expectRefused fails unless the answer is a 400 refusing exactly params.
func expectRefused(t testing.TB, status int, body string, params ...string) {
	t.Helper()
	if got := refusedParams(status, body); !slices.Equal(got, params) {
		t.Fatalf("want %v refused, got %d %s", params, status, short(body))
	}
}

// short cuts an answer for a failure message.
func short(s string) string {
	if len(s) > 400 {
		return s[:400] + "..."
	}
	return s
}
