package markdown

// Heading is one table-of-contents entry (h2 and h3 only), so front ends
// can build in-page navigation without parsing the HTML themselves.
type Heading struct {
	Level int    `json:"level"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// tocLevel returns the TOC level of an element name, or 0 when the element
// does not belong in the table of contents.
func tocLevel(name string) int {
	switch name {
	case "h2":
		return 2
	case "h3":
		return 3
	}
	return 0
}
