package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"recoverycms/internal/compress"
)

// Cache-Control of the static files: a content-hashed URL never changes its bytes, so a
// browser keeps it for a year without asking; an un-hashed script or stylesheet name (that an
// old page or a bookmark may still use) is revalidated on every use with its ETag. Pages
// carry none of their own, as before: browsers revalidate them (they have an ETag and no
// Last-Modified), and a cache in front keeps them as long as it is told to
// (deploy/nginx keeps them a minute; "no-cache" would stop it storing them at all).
const (
	ImmutableCacheControl  = "public, max-age=31536000, immutable"
	RevalidateCacheControl = "no-cache"
	skipSuccessLogKey      = "__skipSuccessActivityLogger" // as apis.Static sets it
	hashLen                = 10
	indexPage              = router.IndexPage
)

// references finds absolute URLs of scripts and stylesheets in quotes: ES module import
// specifiers ("/assets/dom.js"), <script src> and <link href>.
var references = regexp.MustCompile(`["'](/[A-Za-z0-9_./-]+\.(?:js|css))["']`)

// Assets is the public tree as served: at start-up every script and stylesheet gets a second,
// content-hashed name (assets/site.<hash>.js), and every reference to one in the pages,
// scripts and stylesheets is rewritten to that name, so a browser can cache them forever and
// still never runs an old module beside a new one. The hash of a file covers every file it
// imports, directly or not, so changing dom.js renames each module that imports it.
// Rewriting specifiers (rather than an inline import map) keeps script-src 'self' intact.
// Each text file is also gzip- and brotli-compressed once here. The tree is immutable after
// BuildAssets, so its handlers are safe for concurrent use.
type Assets struct {
	files  map[string]*asset // by path in the tree, hashed names included
	dirs   map[string]bool
	hashed map[string]string // original path -> hashed path
}

// asset is one servable file in every coding.
type asset struct {
	name        string // path in the tree before hashing
	contentType string
	immutable   bool
	varies      bool      // compressible type: answers carry Vary: Accept-Encoding
	offered     bool      // the compressed codings are worth sending
	bodies      [3][]byte // indexed by compress.Encoding
	etags       [3]string
}

// BuildAssets reads public and builds the served tree.
func BuildAssets(public fs.FS) (*Assets, error) {
	orig := map[string][]byte{}
	a := &Assets{files: map[string]*asset{}, dirs: map[string]bool{".": true}, hashed: map[string]string{}}
	err := fs.WalkDir(public, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			a.dirs[p] = true
			return nil
		}
		b, err := fs.ReadFile(public, p)
		orig[p] = b
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the public files: %w", err)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for p := range orig {
			if !yield(p) {
				return
			}
		}
	})
	refs := map[string][]string{}
	for _, p := range names {
		for _, m := range references.FindAllSubmatch(orig[p], -1) {
			if target := strings.TrimPrefix(string(m[1]), "/"); orig[target] != nil && hashable(target) {
				refs[p] = append(refs[p], target)
			}
		}
	}
	for _, p := range names {
		if hashable(p) {
			a.hashed[p] = hashedName(p, closureHash(p, orig, refs))
		}
	}
	for _, p := range names {
		body := orig[p]
		if refs[p] != nil {
			body = a.rewrite(body)
		}
		a.files[p] = newAsset(p, body, false)
		if h, ok := a.hashed[p]; ok {
			a.files[h] = newAsset(p, body, true)
		}
	}
	return a, nil
}

// hashable reports whether p gets a content-hashed name: scripts and stylesheets; pages keep
// theirs, since their URLs are what people link to.
func hashable(p string) bool {
	ext := path.Ext(p)
	return ext == ".js" || ext == ".css"
}

// closureHash hashes the original bytes of p and of every file it references, directly or
// through others (cycles included), so the name changes when any of them does.
func closureHash(p string, orig map[string][]byte, refs map[string][]string) string {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(f string) {
		if seen[f] {
			return
		}
		seen[f] = true
		for _, r := range refs[f] {
			walk(r)
		}
	}
	walk(p)
	h := sha256.New()
	for _, f := range slices.Sorted(func(yield func(string) bool) {
		for f := range seen {
			if !yield(f) {
				return
			}
		}
	}) {
		sum := sha256.Sum256(orig[f])
		fmt.Fprintf(h, "%s\x00%x\n", f, sum)
	}
	return hex.EncodeToString(h.Sum(nil))[:hashLen]
}

// hashedName puts hash before the extension: assets/site.js -> assets/site.<hash>.js.
func hashedName(p, hash string) string {
	ext := path.Ext(p)
	return strings.TrimSuffix(p, ext) + "." + hash + ext
}

// rewrite replaces each quoted reference to a hashed file with its hashed URL.
func (a *Assets) rewrite(body []byte) []byte {
	return references.ReplaceAllFunc(body, func(m []byte) []byte {
		quote, target := m[0], string(m[1:len(m)-1])
		if m[len(m)-1] != quote {
			return m
		}
		h, ok := a.hashed[strings.TrimPrefix(target, "/")]
		if !ok {
			return m
		}
		return []byte(string(quote) + "/" + h + string(quote))
	})
}

// newAsset prepares one file: its type, ETags and compressed bodies.
func newAsset(p string, body []byte, immutable bool) *asset {
	ct := mime.TypeByExtension(path.Ext(p))
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:16])
	f := &asset{name: p, contentType: ct, immutable: immutable, varies: compress.Compressible(ct), offered: compress.Worth(ct, len(body))}
	for _, enc := range []compress.Encoding{compress.Identity, compress.Gzip, compress.Brotli} {
		f.etags[enc] = `"` + tag + enc.ETagSuffix() + `"`
		f.bodies[enc] = body
		if f.offered {
			f.bodies[enc] = compress.Encode(enc, body)
		}
	}
	return f
}

// URL returns the content-hashed URL of the file at the absolute URL u (u itself when the
// file has no hashed name), for tests and templates.
func (a *Assets) URL(u string) string {
	if h, ok := a.hashed[strings.TrimPrefix(u, "/")]; ok {
		return "/" + h
	}
	return u
}

// Handler serves the tree under root ("" for the whole tree, "admin" for the panel) at a
// route with a {path...} wildcard, like apis.Static: a directory's index.html at its slash
// URL, redirects for a directory without its slash, a file with one or a spelled-out
// index.html, and with indexFallback the root's index.html for unknown paths (clean URLs
// such as /articles/{slug} survive a reload).
func (a *Assets) Handler(root string, indexFallback bool) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		if e.Get(skipSuccessLogKey) == nil {
			e.Set(skipSuccessLogKey, true)
		}
		name := path.Clean("/" + e.Request.PathValue("path"))[1:]
		if name == "" {
			name = "."
		}
		full := path.Join(root, name)
		urlPath := e.Request.URL.Path
		if f, ok := a.files[full]; ok {
			switch {
			case strings.HasSuffix(urlPath, "/"):
				if trimmed := strings.TrimRight(urlPath, "/"); trimmed != "" {
					return e.Redirect(http.StatusMovedPermanently, safeRedirect(trimmed))
				}
			case path.Base(urlPath) == indexPage:
				return e.Redirect(http.StatusMovedPermanently, safeRedirect(strings.TrimSuffix(urlPath, indexPage)))
			}
			return a.serve(e, f)
		}
		if a.dirs[full] {
			if !strings.HasSuffix(urlPath, "/") {
				return e.Redirect(http.StatusMovedPermanently, safeRedirect(urlPath+"/"))
			}
			if f, ok := a.files[path.Join(full, indexPage)]; ok {
				return a.serve(e, f)
			}
		}
		if f, ok := a.files[path.Join(root, indexPage)]; ok && indexFallback {
			return a.serve(e, f)
		}
		return router.ErrFileNotFound
	}
}

// safeRedirect keeps a redirect on this host: "//evil.example" would leave it.
func safeRedirect(p string) string {
	return "/" + strings.TrimLeft(p, "/\\")
}

// serve answers with f in the coding the request accepts, with its ETag, Cache-Control and
// Vary, or 304 for a matching If-None-Match.
func (a *Assets) serve(e *core.RequestEvent, f *asset) error {
	enc := compress.Identity
	if f.offered {
		enc = compress.Negotiate(e.Request.Header.Get("Accept-Encoding"))
	}
	h := e.Response.Header()
	h.Set("ETag", f.etags[enc])
	switch {
	case f.immutable:
		h.Set("Cache-Control", ImmutableCacheControl)
	case hashable(f.name):
		h.Set("Cache-Control", RevalidateCacheControl)
	}
	if f.varies {
		h.Add("Vary", "Accept-Encoding")
	}
	if etagListMatches(e.Request.Header.Get("If-None-Match"), f.etags[enc]) {
		return e.NoContent(http.StatusNotModified)
	}
	if enc != compress.Identity {
		h.Set("Content-Encoding", enc.Token())
	}
	return e.Blob(http.StatusOK, f.contentType, f.bodies[enc])
}

// etagListMatches applies If-None-Match's weak comparison: a list of tags or "*".
func etagListMatches(header, etag string) bool {
	for part := range strings.SplitSeq(header, ",") {
		if tag := strings.TrimPrefix(strings.TrimSpace(part), "W/"); tag != "" && (tag == "*" || tag == etag) {
			return true
		}
	}
	return false
}
