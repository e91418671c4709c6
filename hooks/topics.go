package hooks

import "github.com/pocketbase/pocketbase/core"

// registerTopics keeps every topic's slug unique, deriving it from the name when empty.
func registerTopics(app core.App) {
	derive := func(e *core.RecordEvent) error {
		if err := assignSlug(e.App, e.Record, "name", "topic"); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate("topics").BindFunc(derive)
	app.OnRecordUpdate("topics").BindFunc(derive)
}
