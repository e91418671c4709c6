package htmlcheck

// allowedAttrs lists every element stored article HTML may contain and the
// attributes each may carry. Anything else is reported, so a widened
// sanitizer policy fails the checker until this list is widened deliberately.
var allowedAttrs = map[string]map[string]bool{
	"p": nil, "br": nil, "hr": nil,
	"h1": {"id": true}, "h2": {"id": true}, "h3": {"id": true},
	"h4": {"id": true}, "h5": {"id": true}, "h6": {"id": true},
	"em": nil, "strong": nil, "del": nil, "s": nil,
	"code": {"class": true}, "pre": nil, "blockquote": nil,
	"ul": nil, "ol": {"start": true}, "li": {"id": true},
	"table": nil, "thead": nil, "tbody": nil, "tr": nil, "th": nil, "td": nil,
	"sup": {"id": true}, "sub": nil,
	"img":   {"src": true, "alt": true, "title": true, "loading": true, "referrerpolicy": true},
	"a":     {"href": true, "title": true, "rel": true},
	"input": {"type": true, "disabled": true, "checked": true},
}

// forbiddenAttrs get a specific message because each is a known script,
// styling or DOM-clobbering vector, not merely an unexpected attribute.
var forbiddenAttrs = map[string]bool{
	"style": true, "srcset": true, "name": true, "formaction": true,
	"background": true, "target": true, "srcdoc": true, "action": true,
	"form": true, "xmlns": true, "dynsrc": true, "lowsrc": true,
	"ping": true, "poster": true, "data": true, "codebase": true,
	"classid": true, "archive": true, "longdesc": true, "manifest": true,
	"http-equiv": true, "content": true, "autofocus": true, "contenteditable": true,
	"is": true,
}

// urlAttrs are attributes a browser resolves as URLs; their scheme is
// checked even where the attribute is allowed.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true,
	"cite": true, "poster": true, "background": true, "data": true,
	"codebase": true, "longdesc": true, "ping": true, "manifest": true,
	"dynsrc": true, "lowsrc": true, "usemap": true, "icon": true,
	"profile": true, "classid": true, "archive": true, "xlink:href": true,
}

// allowedSchemes are the schemes a link may use; images are narrower
// (see imageSchemes) because mailto: or tel: make no sense as a picture.
var allowedSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true}

// imageSchemes are the schemes a src may use.
var imageSchemes = map[string]bool{"http": true, "https": true}
