package leads

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leadcrypt"
)

// SealedFields are the fields sealed at rest, per collection (migrations 1764960000 and
// 1764970000).
var SealedFields = map[string][]string{
	LeadsCollection:    {"name", "phone", "email", "message", "consent_text", "source_url", "notes"},
	RepeatsCollection:  {"name", "email", "message", "consent_text", "source_url"},
	AttemptsCollection: {"notes"},
}

// Reseal re-seals every sealed value under ring's current key (ring must also hold the keys
// they are sealed with now) and recomputes every blind phone index, in one transaction: all
// of it under the new key, or none. It returns how many rows it rewrote.
func Reseal(app core.App, ring *leadcrypt.Keyring) (int, error) {
	rows := 0
	err := app.RunInTransaction(func(tx core.App) error {
		for collection, fields := range SealedFields {
			cols := append([]string{"id"}, fields...)
			q := tx.DB().Select(cols...).From(collection)
			raw := []dbx.NullStringMap{}
			if err := q.All(&raw); err != nil {
				return err
			}
			for _, r := range raw {
				values := dbx.Params{}
				for _, f := range fields {
					plain, err := ring.Open(f, r[f].String)
					if err != nil {
						return err
					}
					sealed, err := ring.Seal(f, plain)
					if err != nil {
						return err
					}
					values[f] = sealed
					if collection == LeadsCollection && f == "phone" {
						values[PhoneIndexField] = ring.Index(plain)
					}
				}
				if _, err := tx.DB().Update(collection, values, dbx.HashExp{"id": r["id"].String}).Execute(); err != nil {
					return err
				}
				rows++
			}
		}
		// Audit values of notes changes are sealed in plain text fields (events.go).
		var events []dbx.NullStringMap
		if err := tx.DB().Select("id", "from", "to").From(EventsCollection).
			Where(dbx.HashExp{"action": ActionNotes}).All(&events); err != nil {
			return err
		}
		for _, ev := range events {
			values := dbx.Params{}
			for _, f := range []string{"from", "to"} {
				plain, err := ring.Open("event_"+f, ev[f].String)
				if err != nil {
					return err
				}
				if values[f], err = ring.Seal("event_"+f, plain); err != nil {
					return err
				}
			}
			if _, err := tx.DB().Update(EventsCollection, values, dbx.HashExp{"id": ev["id"].String}).Execute(); err != nil {
				return err
			}
			rows++
		}
		return nil
	})
	return rows, err
}

// UsesKey reports whether any lead is sealed with the key of id kid: after a rotation cut
// short, whether its re-sealing committed.
func UsesKey(app core.App, kid string) (bool, error) {
	var n int
	err := app.DB().Select("COUNT(*)").From(LeadsCollection).
		Where(dbx.Like("name", "enc:v1:"+kid+":").Match(false, true)).Row(&n)
	return n > 0, err
}
