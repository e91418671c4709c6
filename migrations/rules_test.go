package migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/internal/publishing"
	"recoverycms/internal/staff"
)

// TestRulesFollowTheRoleConstants checks that the API rules the migrations stored say what the
// staff and publishing packages say, so a rule string written in an older migration cannot
// drift from the Go checks.
func TestRulesFollowTheRoleConstants(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	writer := staff.Rule(staff.Writers...)
	reviewer := staff.Rule(staff.LeadReviewers...)
	public := "(" + publishing.PublicRule + ") || " + staff.RuleIsStaff
	resourcePublic := `status = "published" || ` + staff.RuleIsStaff
	// An approved comment is public while its article is: PublicRule on the joined article.
	onArticle := strings.NewReplacer(`status =`, `@collection.articles.status ?=`,
		`published_at !=`, `@collection.articles.published_at ?!=`, `published_at <=`, `@collection.articles.published_at ?<=`,
		`unpublish_at =`, `@collection.articles.unpublish_at ?=`, `unpublish_at >`, `@collection.articles.unpublish_at ?>`)
	commentPublic := `(status = "approved" && @collection.articles.id ?= article && ` +
		onArticle.Replace(publishing.PublicRule) + `) || ` + staff.RuleIsStaff
	want := map[string][5]string{ // list, view, create, update, delete
		"articles":       {public, public, writer, writer, writer},
		"authors":        {"", "", writer, writer, writer},
		"topics":         {"", "", writer, writer, writer},
		"callback_leads": {reviewer, reviewer, "", reviewer, staff.Rule(staff.Admins...)},
		"resources":      {resourcePublic, resourcePublic, writer, writer, writer},
		"comments":       {commentPublic, commentPublic, "", writer, staff.Rule(staff.Admins...)},
	}
	for name, rules := range want {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatal(err)
		}
		got := [5]*string{c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule}
		for i, r := range got {
			if r == nil || *r != rules[i] {
				t.Errorf("%s rule %d = %v, want %q", name, i, deref(r), rules[i])
			}
		}
	}
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
