// Package cachepurge removes changed pages from an nginx proxy cache when a signed article
// webhook arrives (cmd/purger serves it; deploy/nginx/recoverycms.conf is the matching nginx
// recipe). Open-source nginx has no purge command, so the receiver deletes the cache files
// itself: nginx then treats the entry as missing and fetches it again on the next request.
package cachepurge

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Cache is an nginx proxy_cache_path directory. The receiver must run on the nginx host as a
// user that may delete its files.
type Cache struct {
	Dir string
}

// headerLimit bounds how much of a cache file is read to find its key; nginx writes the
// key right after a small binary header.
const headerLimit = 8 << 10

var keyMarker = []byte("\nKEY: ")

// Remove deletes every entry whose cache key match accepts and reports how many it removed.
// Entries are found by the key nginx stores in each file, so query strings and keys the
// caller cannot list in advance (page 2, a topic filter, a search) are found too. The cache
// of one site is small, and a walk on each article change costs little.
func (c Cache) Remove(match func(key string) bool) (int, error) {
	removed := 0
	err := filepath.WalkDir(c.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // nginx removed it meanwhile
			}
			return err
		}
		if d.IsDir() || !isEntryName(d.Name()) {
			return nil // temporary files of responses still being written are skipped
		}
		key, err := Key(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || !match(key) {
			return nil
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removed++
		return nil
	})
	return removed, err
}

// Key reads the cache key nginx stored in the entry file at path.
func Key(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, headerLimit)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return "", err
	}
	head = head[:n]
	i := bytes.Index(head, keyMarker)
	if i < 0 {
		return "", errors.New("no KEY line in cache file " + path)
	}
	rest := head[i+len(keyMarker):]
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		return "", errors.New("unterminated KEY line in cache file " + path)
	}
	return string(rest[:end]), nil
}

// isEntryName reports whether name is a finished entry: 32 lower-case hex digits, the md5 of
// its key (a temporary file has a numeric suffix).
func isEntryName(name string) bool {
	if len(name) != 32 {
		return false
	}
	for _, c := range name {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
