package pages

// tocEntry is a table-of-contents entry with the entries nested under it.
type tocEntry struct {
	Heading
	Children []*tocEntry
}

// nestTOC turns the flat heading list (levels 2 and 3) into a nested list: each level-3
// heading goes under the level-2 heading before it, or stands at the top when none came first.
func nestTOC(flat []Heading) []*tocEntry {
	var top []*tocEntry
	var parent *tocEntry
	for _, h := range flat {
		e := &tocEntry{Heading: h}
		if h.Level > 2 && parent != nil {
			parent.Children = append(parent.Children, e)
			continue
		}
		top = append(top, e)
		if h.Level <= 2 {
			parent = e
		}
	}
	return top
}
