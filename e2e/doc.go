// Package e2e drives the public reading site and the staff panel in a real headless Chromium
// against the real app served on a loopback port, and runs axe-core accessibility checks.
// It holds only tests; they skip when no chromium is installed, except under CI=true.
package e2e
