package site

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestHashedNamesFollowImports(t *testing.T) {
	t.Parallel()
	tree := func(dom string) fstest.MapFS {
		return fstest.MapFS{
			"index.html":       {Data: []byte(`<script type="module" src="/assets/site.js"></script><link href='/assets/site.css'>`)},
			"assets/site.js":   {Data: []byte(`import { h } from "/assets/dom.js";` + "\n" + `import "/assets/missing.js";`)},
			"assets/dom.js":    {Data: []byte(dom)},
			"assets/site.css":  {Data: []byte(`body { color: black }`)},
			"assets/a.js":      {Data: []byte(`import "/assets/b.js";`)},
			"assets/b.js":      {Data: []byte(`import "/assets/a.js";`)}, // a cycle
			"admin/index.html": {Data: []byte(`<script type="module" src="/admin/x.js"></script>`)},
		}
	}
	one, err := BuildAssets(tree("export const h = 1;"))
	if err != nil {
		t.Fatal(err)
	}
	two, err := BuildAssets(tree("export const h = 2;"))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"/assets/site.js", "/assets/dom.js", "/assets/site.css", "/assets/a.js", "/assets/b.js"} {
		if one.URL(u) == u || !strings.HasPrefix(one.URL(u), strings.TrimSuffix(u, ".js")[:len(u)-3]) {
			t.Errorf("URL(%s) = %s", u, one.URL(u))
		}
	}
	if one.URL("/assets/dom.js") == two.URL("/assets/dom.js") || one.URL("/assets/site.js") == two.URL("/assets/site.js") {
		t.Error("changing dom.js did not rename dom.js and its importer site.js")
	}
	if one.URL("/assets/site.css") != two.URL("/assets/site.css") || one.URL("/assets/a.js") != two.URL("/assets/a.js") {
		t.Error("changing dom.js renamed files that do not import it")
	}
	site := string(one.files["assets/site.js"].bodies[0])
	if !strings.Contains(site, `from "`+one.URL("/assets/dom.js")+`"`) || !strings.Contains(site, `"/assets/missing.js"`) {
		t.Errorf("site.js rewritten as %s", site)
	}
	if string(one.files[strings.TrimPrefix(one.URL("/assets/site.js"), "/")].bodies[0]) != site {
		t.Error("the hashed name serves other bytes")
	}
	index := string(one.files["index.html"].bodies[0])
	if !strings.Contains(index, `src="`+one.URL("/assets/site.js")+`"`) || !strings.Contains(index, `href='`+one.URL("/assets/site.css")+`'`) {
		t.Errorf("index.html rewritten as %s", index)
	}
	if one.URL("/index.html") != "/index.html" {
		t.Error("a page got a hashed name")
	}
}
