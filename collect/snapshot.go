package collect

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// snapshot writes the files of one run and keeps its tally. It is safe for
// concurrent use.
type snapshot struct {
	dir      string
	progress *progress

	mu      sync.Mutex
	files   int
	absent  int
	missing []Missing
	err     error  // the first write failure; the run stops on it
	onFail  func() // stops the run
}

// openSnapshot makes dir, or accepts it when it exists and is empty.
func openSnapshot(dir string, p *progress) (*snapshot, error) {
	if err := checkOut(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, setupErrorf("collect: cannot create the snapshot directory: %v", err)
	}
	return &snapshot{dir: dir, progress: p}, nil
}

// checkOut accepts a directory that does not exist or is empty, so that a
// snapshot never mixes files of two runs. Run checks before any call is
// made, and again when it creates the directory.
func checkOut(dir string) error {
	f, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return setupErrorf("collect: cannot open the snapshot directory: %v", err)
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if err != nil && !errors.Is(err, io.EOF) {
		return setupErrorf("collect: %s: expected a new or empty directory: %v", dir, err)
	}
	if len(names) > 0 {
		return setupErrorf("collect: %s already holds files; a snapshot is written into a new or empty directory, so that no file of an older run is mistaken for current data", dir)
	}
	return nil
}

// seg makes a resource name one path segment, as LAYOUT.md says: URL
// escaped where it holds a '/' (ECR repositories, secrets) or anything a
// path cannot hold; "." and ".." are escaped too, since a directory cannot
// be named so. The loader unescapes with url.PathUnescape.
func seg(name string) string {
	switch name {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	return url.PathEscape(name)
}

// rel joins path segments that are already escaped (see seg).
func rel(parts ...string) string { return strings.Join(parts, "/") }

// writeJSON writes stem+".json" (stem is relative, with '/').
func (s *snapshot) writeJSON(stem string, v any) {
	data, err := cliIndent(v)
	if err != nil {
		s.fail(fmt.Errorf("collect: encoding %s.json: %w", stem, err))
		return
	}
	if s.write(stem+".json", data) {
		s.mu.Lock()
		s.files++
		s.mu.Unlock()
		s.progress.wrote(stem+".json", "")
	}
}

// writeError records a failed call: stem+".error" holding the CLI's text.
// A code in facts means "there is none" and is counted as such; any other
// failure is a gap that Summary.Missing lists.
func (s *snapshot) writeError(stem, op string, callErr error, facts []string) {
	code, text := cliError(op, callErr)
	name := stem + ".error"
	if !s.write(name, []byte(text+"\n")) {
		return
	}
	fact := code != "" && slices.Contains(facts, code)
	s.mu.Lock()
	if fact {
		s.absent++
	} else {
		s.missing = append(s.missing, Missing{File: name, Operation: op, Code: code, Text: text})
	}
	s.mu.Unlock()
	if fact {
		s.progress.wrote(name, "")
	} else {
		s.progress.wrote(name, text)
	}
}

func (s *snapshot) write(name string, data []byte) bool {
	path := filepath.Join(s.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		s.fail(fmt.Errorf("collect: %w", err))
		return false
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		s.fail(fmt.Errorf("collect: %w", err))
		return false
	}
	return true
}

func (s *snapshot) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
	if s.onFail != nil {
		s.onFail()
	}
}

func (s *snapshot) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// tally fills the counts of a finished run into sum.
func (s *snapshot) tally(sum *Summary) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum.Files = s.files
	sum.Absent = s.absent
	sum.Missing = slices.Clone(s.missing)
	slices.SortFunc(sum.Missing, func(a, b Missing) int { return strings.Compare(a.File, b.File) })
}
