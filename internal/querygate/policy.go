package querygate

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/comments"
	"recoverycms/internal/helpdir"
	"recoverycms/internal/leads"
	"recoverycms/internal/publishing"
	"recoverycms/internal/staff"
)

// publicPaths are the only paths into another collection that callers who are not staff
// may send, per collection and parameter: what the reading site and the SDK examples in the
// README use (articles filtered by their author's or a topic's slug, expanded with their
// author, reviewer and topics, and fields picked from those expands). Each one still has to
// reach only collections the caller may read in full.
var publicPaths = map[string]map[string][]string{
	publishing.Articles: {
		Filter: {"author.slug", "topics.slug"},
		Expand: {"author", "reviewed_by", "topics"},
		Fields: {"author", "reviewed_by", "topics"},
	},
	// The help directory filtered by a topic's slug and expanded with its topics.
	helpdir.Collection: {
		Filter: {"topics.slug"},
		Expand: {"topics"},
	},
}

// staffFields lists, per collection, the fields that everyone may read records of but only
// staff may filter or sort by: the records API hides them from everyone else (see
// comments.Service.Enrich), and a filter such as flags ~ "crisis" would still tell their
// values record by record. The heuristics' flags say which approved comment was held for
// crisis language or personal details, moderated_by which staff member approved it.
var staffFields = map[string][]string{
	comments.Collection: {"flags", "moderated_by"},
}

// readers lists, per collection, who may read it in full: the roles whose list rule lets
// them see every record (the migrations build the same rules from the same staff groups),
// or nil for collections everyone reads in full. A path may reach only collections its
// caller reads in full, because PocketBase does not apply a joined collection's list rule
// inside back-relation and multi-match conditions, and a sort over a join lets the rule
// drop rows: a collection whose rule would hide anything from the caller must not be
// reachable at all. So articles are not public here (drafts and scheduled articles are
// hidden), leads and their trail are for reviewers and admins, webhooks for admins.
// Collections missing from the table (users, new ones) are for superusers only.
var readers = map[string][]string{
	publishing.Authors:   nil,
	publishing.Topics:    nil,
	publishing.Articles:  staff.Roles,
	staff.Collection:     staff.Roles,
	"article_revisions":  staff.Roles,
	"article_approvals":  staff.Roles,
	"article_presence":   staff.Roles,
	"editorial_comments": staff.Roles,
	// Pending, rejected and spam comments are hidden from the public.
	"comments":             staff.Roles,
	"comment_events":       staff.Roles,
	"link_checks":          staff.Roles,
	leads.LeadsCollection:  staff.LeadReviewers,
	leads.EventsCollection: staff.LeadReviewers,
	// consent_texts: every staff member reads the consent wordings.
	leads.ConsentTextsCollection: staff.Roles,
	"call_attempts":              staff.LeadReviewers,
	"webhooks":                   staff.Admins,
	"webhook_deliveries":         staff.Admins,
	// Draft resources are hidden from the public.
	helpdir.Collection: staff.Roles,
}

// ReadableInFull reports whether auth (nil for a guest) may read every record of
// collection, so that a path reaching it hides nothing a rule would have hidden. Superusers
// may read everything.
func ReadableInFull(auth *core.Record, collection string) bool {
	roles, listed := readers[collection]
	if listed && roles == nil {
		return true
	}
	if auth != nil && auth.IsSuperuser() {
		return true
	}
	return listed && staff.Has(auth, roles...)
}

// allowed reports whether auth may send path (the param's text as written, on base) that
// reaches the collections in reached.
func allowed(auth *core.Record, base, param, path string, reached []*core.Collection) bool {
	if len(reached) == 0 {
		return true
	}
	if !staff.IsStaff(auth) && !slices.Contains(publicPaths[base][param], path) {
		return false
	}
	for _, c := range reached {
		if !ReadableInFull(auth, c.Name) {
			return false
		}
	}
	return true
}
