package markdown

// Heading is one table-of-contents entry (h2 and h3 only), so front ends
// can build in-page navigation without parsing the HTML themselves.
type Heading struct {
	// Level is 2 or 3, for indenting the entry.
	Level int `json:"level"`
	// ID is the heading's id attribute in Result.HTML, the link target "#"+ID.
	ID string `json:"id"`
	// Text is the heading's visible text, whitespace-collapsed.
	Text string `json:"text"`
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
