package helpdir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pocketbase/pocketbase/core"
)

// SampleFile is the file of fsys holding sample resources: a JSON list of resources with
// their topics as slugs and, for each, the source its number was checked against.
const SampleFile = "resources.json"

// sample is one resource of SampleFile.
type sample struct {
	Name        string          `json:"name"`
	Kind        string          `json:"kind"`
	Country     string          `json:"country"`
	Phone       string          `json:"phone"`
	TextNumber  string          `json:"text_number"`
	Description string          `json:"description"`
	URL         string          `json:"url"`
	Area        string          `json:"area"`
	Hours       json.RawMessage `json:"hours"`
	Languages   []string        `json:"languages"`
	Cost        string          `json:"cost"`
	Topics      []string        `json:"topics"`
	Source      string          `json:"source"`
}

// ImportSample saves the resources of fsys's SampleFile (none when there is no such file) as
// published and verified at import by no one, in one transaction, through every hook. It
// reports how many it created. The seed step calls it for an empty database only.
func ImportSample(app core.App, fsys fs.FS) (int, error) {
	raw, err := fs.ReadFile(fsys, SampleFile)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var samples []sample
	if err := json.Unmarshal(raw, &samples); err != nil {
		return 0, fmt.Errorf("%s: %w", SampleFile, err)
	}
	err = app.RunInTransaction(func(tx core.App) error {
		col, err := tx.FindCollectionByNameOrId(Collection)
		if err != nil {
			return err
		}
		for _, s := range samples {
			r, err := s.record(tx, col)
			if err != nil {
				return err
			}
			MarkImported(r)
			if err := tx.Save(r); err != nil {
				return fmt.Errorf("%s: %s: %w", SampleFile, s.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(samples), nil
}

func (s sample) record(app core.App, col *core.Collection) (*core.Record, error) {
	topicIDs := make([]string, 0, len(s.Topics))
	for _, slug := range s.Topics {
		t, err := app.FindFirstRecordByData("topics", "slug", slug)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: unknown topic %q", SampleFile, s.Name, slug)
		}
		topicIDs = append(topicIDs, t.Id)
	}
	r := core.NewRecord(col)
	r.Load(map[string]any{
		"name": s.Name, "kind": s.Kind, "country": s.Country, "phone": s.Phone, "text_number": s.TextNumber,
		"description": s.Description, "url": s.URL, "area": s.Area, "hours": s.Hours, "languages": s.Languages,
		"cost": s.Cost, "topics": topicIDs, "source": s.Source, "status": "published",
	})
	return r, nil
}
