package account

import (
	"fmt"
	"strings"

	"github.com/whydenied/whydenied/policy"
)

// Problem is something wrong with one file of a snapshot: the file (relative
// to the snapshot directory, with '/' separators), the JSON path inside it
// (empty for the whole file) and what was expected.
type Problem struct {
	File string
	Path string
	Msg  string
}

func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Path != "" {
		b.WriteString(": ")
		b.WriteString(p.Path)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	return b.String()
}

// problemf builds a Problem.
func problemf(file, path, format string, args ...any) *Problem {
	return &Problem{File: file, Path: path, Msg: fmt.Sprintf(format, args...)}
}

// policyProblem turns a policy parse error into a Problem whose path runs
// from the file's root through the document to the faulty element. Only the
// first error of a document is kept: the rest usually follow from it.
func policyProblem(file, path string, err error) *Problem {
	p, msg := policy.Within(path, err)
	return &Problem{File: file, Path: p, Msg: msg}
}

// LoadError is what a strict Load returns: every problem found.
type LoadError struct {
	Problems []*Problem
}

func (e *LoadError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "snapshot has %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// UnknownError is what a strict Resolve returns: the data the request needed
// that the snapshot does not hold.
type UnknownError struct {
	Unknowns []string
}

func (e *UnknownError) Error() string {
	return "the snapshot lacks data this request needs (strict mode):\n  " + strings.Join(e.Unknowns, "\n  ")
}
