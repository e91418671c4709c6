package markdown

import "strings"

// TextBlocks returns the visible text of HTML that Render produced, one whitespace-collapsed
// string per block (paragraph, heading, list item, table cell, ...), in document order and
// without empty blocks. It is the same text as Result.PlainText, cut where the page starts a
// new block, so a reader of sentences (internal/readability) never runs a heading into the
// paragraph after it.
func TextBlocks(rendered string) []string {
	nodes, err := parseFragment(rendered)
	if err != nil {
		return nil
	}
	var blocks []string
	var cur strings.Builder
	flush := func() {
		if s := collapseSpace(cur.String()); s != "" {
			blocks = append(blocks, s)
		}
		cur.Reset()
	}
	for _, n := range nodes {
		walkText(n, func(s string) { cur.WriteString(s) }, flush)
	}
	flush()
	return blocks
}
