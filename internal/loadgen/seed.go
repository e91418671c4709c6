// Package loadgen fills a recoverycms database with generated articles for benchmarks and
// load tests: realistic sizes (about 8 KB of markdown each), spread-out publish dates, several
// authors and topics, saved through every hook so derived fields and the search index are real.
package loadgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// words is the vocabulary of generated text; "relapse" and friends make search meaningful.
var words = strings.Fields(`recovery relapse support therapy counselling craving trigger plan
family sleep routine meeting group detox assessment doctor nurse bladder ketamine alcohol opioid
cannabis nicotine withdrawal symptom anxiety mood exercise walk breathe journal friend sponsor
step goal week month morning evening honest kind patient steady hope progress setback learn
listen talk share help service helpline pharmacy naloxone harm reduction safety`)

// Options shape the generated data.
type Options struct {
	// Articles is how many published articles to create.
	Articles int
	// BodyBytes is the approximate markdown size of each body.
	BodyBytes int
	// Seed makes the text reproducible.
	Seed uint64
}

// Seed creates opts.Articles published articles (by the existing authors, with existing
// topics) in transactions of 500. Dates run back one hour per article from now.
func Seed(app core.App, opts Options) error {
	if opts.BodyBytes <= 0 {
		opts.BodyBytes = 8 << 10
	}
	articles, err := app.FindCollectionByNameOrId("articles")
	if err != nil {
		return err
	}
	authors, err := app.FindAllRecords("authors")
	if err != nil || len(authors) == 0 {
		return fmt.Errorf("loadgen needs authors: %v", err)
	}
	topics, err := app.FindAllRecords("topics")
	if err != nil || len(topics) == 0 {
		return fmt.Errorf("loadgen needs topics: %v", err)
	}
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	start := time.Now().UTC().Add(-time.Minute)
	const batch = 500
	for done := 0; done < opts.Articles; done += batch {
		err := app.RunInTransaction(func(tx core.App) error {
			for i := done; i < min(done+batch, opts.Articles); i++ {
				r := core.NewRecord(articles)
				r.Set("title", fmt.Sprintf("%s %s and %s, part %d", title(rng), pick(rng), pick(rng), i+1))
				r.Set("slug", fmt.Sprintf("generated-article-%d", i+1))
				r.Set("status", "published")
				r.Set("published_at", start.Add(-time.Duration(i)*time.Hour).Format("2006-01-02 15:04:05.000Z"))
				r.Set("author", authors[i%len(authors)].Id)
				r.Set("topics", []string{topics[i%len(topics)].Id, topics[(i/3+1)%len(topics)].Id})
				// One rare word per article (shared by 1 in 100) gives search a selective term.
				r.Set("body", fmt.Sprintf("Series marker%d. ", i%100)+body(rng, opts.BodyBytes))
				if err := tx.Save(r); err != nil {
					return fmt.Errorf("article %d: %w", i+1, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func pick(rng *rand.Rand) string { return words[rng.IntN(len(words))] }

func title(rng *rand.Rand) string {
	w := pick(rng)
	return strings.ToUpper(w[:1]) + w[1:]
}

// body writes markdown of about size bytes: headed sections of sentence paragraphs.
func body(rng *rand.Rand, size int) string {
	var b strings.Builder
	for section := 1; b.Len() < size; section++ {
		fmt.Fprintf(&b, "## %s and %s %d\n\n", title(rng), pick(rng), section)
		for p := 0; p < 3 && b.Len() < size; p++ {
			for s := 0; s < 5; s++ {
				b.WriteString(title(rng))
				for w := 0; w < 11; w++ {
					b.WriteByte(' ')
					b.WriteString(pick(rng))
				}
				b.WriteString(". ")
			}
			b.WriteString("\n\n")
		}
	}
	return b.String()
}
