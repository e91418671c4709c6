package hookstest

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/review"
)

// Articles the public must never see, present in every test app beside the sample content.
const (
	DraftSlug     = "draft-naloxone-at-home"
	DraftTitle    = "Naloxone at home, draft"
	ScheduledSlug = "scheduled-winter-support"
	// SecretWord appears only in the hidden articles' bodies, so a leak is easy to spot.
	SecretWord = "zanzibarquokka"
	// PublishedSlug is a sample article the public can read.
	PublishedSlug = "how-to-beat-ketamine-addiction"
)

// PublishedCount is how many articles the public can see in a fresh test app.
const PublishedCount = 3

// CreateHiddenArticles adds the draft and the article scheduled for 2099 that every test app
// has, both mentioning SecretWord; the load server adds them too for scripts/sdk-check.
func CreateHiddenArticles(app core.App) error {
	author, err := app.FindFirstRecordByData("authors", "slug", "priya-nair")
	if err != nil {
		return err
	}
	topic, err := app.FindFirstRecordByData("topics", "slug", "ketamine")
	if err != nil {
		return err
	}
	hidden := []map[string]any{
		{"title": DraftTitle, "slug": DraftSlug, "status": "draft",
			"body": "## Not ready\n\nThis draft mentions " + SecretWord + " and is not ready."},
		{"title": "Winter support, scheduled", "slug": ScheduledSlug, "status": "published",
			"published_at": "2099-01-01 09:00:00.000Z",
			"body":         "## Coming soon\n\nScheduled text with " + SecretWord + "."},
	}
	for _, fields := range hidden {
		fields["topics"] = []string{topic.Id}
		fields["reviewed_by"] = author.Id
		if _, err := CreateArticle(app, author.Id, fields); err != nil {
			return err
		}
	}
	return nil
}

// CreateArticle saves an article by authorID with the given fields, through every hook. A
// reviewed_by among fields is taken as a review already done, as the import records one.
func CreateArticle(app core.App, authorID string, fields map[string]any) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId("articles")
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Set("author", authorID)
	for k, v := range fields {
		r.Set(k, v)
	}
	if _, ok := fields["reviewed_by"]; ok {
		review.MarkImported(r)
	}
	return r, app.Save(r)
}
