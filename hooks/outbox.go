package hooks

import "github.com/pocketbase/pocketbase/core"

// withinTransaction runs the rest of an execute chain (the row write itself and the handlers
// after this one) and then steps, all in one transaction, so what must not be lost with a
// change commits with it or not at all. PocketBase runs a create or update outside any
// transaction unless the caller opened one (a batch request does; it is then reused), and
// opens its delete transaction only below this hook.
func withinTransaction(e *core.RecordEvent, steps func(tx core.App) error) error {
	outer := e.App
	err := outer.RunInTransaction(func(tx core.App) error {
		e.App = tx
		if err := e.Next(); err != nil {
			return err
		}
		return steps(tx)
	})
	e.App = outer
	return err
}
