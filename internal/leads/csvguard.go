package leads

// GuardCell makes a CSV cell safe to open in a spreadsheet: a value starting with =, +, -, @,
// tab or carriage return would be read as a formula, so it gets a leading apostrophe.
func GuardCell(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + v
	}
	return v
}
