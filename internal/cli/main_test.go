package cli_test

import (
	"testing"

	"recoverycms/internal/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }
