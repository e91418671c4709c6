package staff_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/staff"
)

func member(collection, role string) *core.Record {
	c := core.NewAuthCollection(collection)
	c.Fields.Add(&core.TextField{Name: "role"})
	r := core.NewRecord(c)
	r.Set("role", role)
	return r
}

func TestHas(t *testing.T) {
	t.Parallel()
	superuser := core.NewRecord(core.NewAuthCollection(core.CollectionNameSuperusers))
	cases := []struct {
		name  string
		auth  *core.Record
		roles []string
		want  bool
	}{
		{"nobody", nil, staff.Writers, false},
		{"editor writes", member(staff.Collection, staff.RoleEditor), staff.Writers, true},
		{"reviewer does not write", member(staff.Collection, staff.RoleReviewer), staff.Writers, false},
		{"reviewer reviews leads", member(staff.Collection, staff.RoleReviewer), staff.LeadReviewers, true},
		{"editor does not review leads", member(staff.Collection, staff.RoleEditor), staff.LeadReviewers, false},
		{"admin is admin", member(staff.Collection, staff.RoleAdmin), staff.Admins, true},
		{"a users record with role admin is not staff", member("users", staff.RoleAdmin), staff.Admins, false},
		{"superuser", superuser, staff.Admins, true},
	}
	for _, c := range cases {
		if got := staff.Has(c.auth, c.roles...); got != c.want {
			t.Errorf("%s: Has = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRule(t *testing.T) {
	t.Parallel()
	if got, want := staff.Rule(staff.RoleAdmin), `@request.auth.collectionName = "staff" && @request.auth.role = "admin"`; got != want {
		t.Errorf("Rule(admin) = %s, want %s", got, want)
	}
	want := `@request.auth.collectionName = "staff" && (@request.auth.role = "editor" || @request.auth.role = "admin")`
	if got := staff.Rule(staff.Writers...); got != want {
		t.Errorf("Rule(writers) = %s, want %s", got, want)
	}
}
