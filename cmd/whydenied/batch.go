package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/scenario"
)

// blockLines is how many lines are read before they are shared out to the
// workers; large enough to keep every core busy, small enough to keep the
// first results coming quickly.
const blockLines = 256

// lineJob is one input line and, once a worker is done with it, its answer.
type lineJob struct {
	number int
	data   []byte
	out    []byte // the result line, or the {"error": ...} line
	note   string // what goes to stderr: an unmet expectation
	status int
}

// simulateBatch answers every line, in input order; a bad line answers with
// its error and the others still come. Lines are decided in parallel, one
// scenario.Loader (and so one policy cache) per worker. The exit status is
// the worst seen: bad input over an unmet expectation.
func simulateBatch(in io.Reader, stdout, stderr io.Writer, expect engine.Decision) int {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	w := bufio.NewWriterSize(stdout, 1<<16)
	defer w.Flush()

	workers := runtime.GOMAXPROCS(0)
	loaders := make([]*scenario.Loader, workers)
	for i := range loaders {
		loaders[i] = scenario.NewLoader()
	}
	jobs := make([]lineJob, 0, blockLines)
	status := exitOK
	line := 0

	flush := func() error {
		decideAll(jobs, loaders, expect)
		for i := range jobs {
			if _, err := w.Write(jobs[i].out); err != nil {
				return err
			}
			if jobs[i].note != "" {
				fmt.Fprintf(stderr, "line %d: %s\n", jobs[i].number, jobs[i].note)
			}
			status = worse(status, jobs[i].status)
		}
		jobs = jobs[:0]
		return nil
	}
	for sc.Scan() {
		line++
		data := bytes.TrimSpace(sc.Bytes())
		if len(data) == 0 {
			continue
		}
		jobs = append(jobs, lineJob{number: line, data: append([]byte(nil), data...)})
		if len(jobs) == blockLines {
			if err := flush(); err != nil {
				fmt.Fprintf(stderr, "whydenied simulate: writing results: %v\n", err)
				return exitBadInput
			}
		}
	}
	if err := flush(); err != nil {
		fmt.Fprintf(stderr, "whydenied simulate: writing results: %v\n", err)
		return exitBadInput
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "whydenied simulate: reading line %d: %v\n", line+1, err)
		return exitBadInput
	}
	return status
}

// decideAll fills in every job's answer, worker k taking jobs k, k+W, ...
func decideAll(jobs []lineJob, loaders []*scenario.Loader, expect engine.Decision) {
	if len(jobs) < 2*len(loaders) {
		for i := range jobs {
			decide(&jobs[i], loaders[0], expect)
		}
		return
	}
	var wg sync.WaitGroup
	for k, l := range loaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < len(jobs); i += len(loaders) {
				decide(&jobs[i], l, expect)
			}
		}()
	}
	wg.Wait()
}

func decide(j *lineJob, l *scenario.Loader, expect engine.Decision) {
	s, err := l.Load(j.data)
	if err != nil {
		msg, _ := json.Marshal(map[string]string{"error": fmt.Sprintf("line %d: %v", j.number, err)})
		j.out = append(msg, '\n')
		j.status = exitBadInput
		return
	}
	res := engine.Evaluate(s.Request, &s.Policies)
	j.out = appendBatchLine(j.out[:0], s.Name, &res)
	if j.note = unmet(res, s.Expect, expect); j.note != "" {
		j.status = exitMismatch
	}
}

func worse(a, b int) int {
	if a == exitBadInput || b == exitBadInput {
		return exitBadInput
	}
	if a == exitMismatch || b == exitMismatch {
		return exitMismatch
	}
	return exitOK
}
