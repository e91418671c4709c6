package gctune_test

import (
	"testing"

	"recoverycms/internal/gctune"
)

func TestEnvironmentWins(t *testing.T) {
	t.Parallel()
	env := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	cases := []struct {
		vars map[string]string
		want gctune.Settings
	}{
		{nil, gctune.Settings{Percent: gctune.DefaultPercent, Limit: gctune.DefaultLimit}},
		{map[string]string{"GOGC": "50"}, gctune.Settings{Limit: gctune.DefaultLimit}},
		{map[string]string{"GOGC": "off"}, gctune.Settings{Limit: gctune.DefaultLimit}},
		{map[string]string{"GOMEMLIMIT": "1GiB"}, gctune.Settings{Percent: gctune.DefaultPercent}},
		{map[string]string{"GOGC": "100", "GOMEMLIMIT": "off"}, gctune.Settings{}},
		{map[string]string{"GOGC": "", "GOMEMLIMIT": ""}, gctune.Settings{Percent: gctune.DefaultPercent, Limit: gctune.DefaultLimit}},
	}
	for _, c := range cases {
		if got := gctune.For(env(c.vars)); got != c.want {
			t.Errorf("For(%v) = %+v, want %+v", c.vars, got, c.want)
		}
	}
}
