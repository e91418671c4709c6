package search

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBestIsTheSortedPrefix: the k best postings, by heap or by sort, are the first k of the
// whole list sorted, ties included.
func TestBestIsTheSortedPrefix(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		n := rng.IntN(400)
		all := make([]posting, n)
		for i := range all {
			all[i] = posting{rowid: int64(i), score: -float64(rng.IntN(20))}
		}
		rng.Shuffle(n, func(i, j int) { all[i], all[j] = all[j], all[i] })
		sorted := slices.Clone(all)
		slices.SortFunc(sorted, better)
		k := rng.IntN(n + 1)
		if got := best(slices.Clone(all), k); !slices.Equal(got, sorted[:k]) {
			t.Fatalf("n=%d k=%d: %v, want %v", n, k, got, sorted[:k])
		}
	}
}
