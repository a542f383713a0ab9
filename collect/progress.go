package collect

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress counts the calls and files of a run and shows them: on a
// terminal as one line rewritten in place with '\r' (at most ten times a
// second), or, verbose, as one line per file. A nil writer shows nothing
// but still counts.
type progress struct {
	w     io.Writer
	lines bool

	mu      sync.Mutex
	calls   int
	files   int
	missing int
	current string
	drawn   time.Time
	width   int // of the line last drawn, to blank what a shorter one leaves
}

const redrawEvery = 100 * time.Millisecond

// maxLine keeps the line within a narrow terminal, so it never wraps
// (a wrapped line cannot be rewritten with '\r').
const maxLine = 79

func newProgress(w io.Writer, lines bool) *progress {
	return &progress{w: w, lines: lines}
}

// call notes an operation about to be sent.
func (p *progress) call(service, region, op string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	p.current = strings.TrimSpace(service + " " + region + " " + op)
	p.draw(false)
}

// wrote notes a file written; problem is the error text of a gap.
func (p *progress) wrote(name, problem string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if problem != "" {
		p.missing++
	} else {
		p.files++
	}
	if p.w == nil || !p.lines {
		p.draw(false)
		return
	}
	if problem != "" {
		fmt.Fprintf(p.w, "missing %s: %s\n", name, problem)
	} else {
		fmt.Fprintf(p.w, "wrote %s\n", name)
	}
}

// finish draws the final count and ends the line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w == nil || p.lines {
		return
	}
	p.current = "done"
	p.draw(true)
	fmt.Fprint(p.w, "\n")
}

func (p *progress) callCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls
}

// draw rewrites the line; p.mu is held.
func (p *progress) draw(force bool) {
	if p.w == nil || p.lines {
		return
	}
	now := time.Now()
	if !force && now.Sub(p.drawn) < redrawEvery {
		return
	}
	p.drawn = now
	line := fmt.Sprintf("collect: %d calls, %d files, %d missing  %s", p.calls, p.files, p.missing, p.current)
	if len(line) > maxLine {
		line = line[:maxLine]
	}
	pad := ""
	if n := p.width - len(line); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	p.width = len(line)
	fmt.Fprintf(p.w, "\r%s%s", line, pad)
}
