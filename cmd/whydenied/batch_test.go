package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/whydenied/whydenied/engine"
)

// batchInput is a batch with what a reader must get right: blank and
// space-only lines, CRLF endings, spaces around a line (ASCII and not),
// a bad line, lines longer than the scanner's first buffer, more lines than a block holds,
// and a last line without a newline.
func batchInput() string {
	allow := `{"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","identityPolicies":[{"Version":"2012-10-17","Statement":[{"Sid":"` +
		strings.Repeat("S", 3<<19) + `","Effect":"Allow","Action":"s3:*","Resource":"*"}]}]}`
	anon := `{"principal":"anonymous","action":"s3:GetObject"}`
	var in strings.Builder
	for i := 0; i < 3*blockLines+7; i++ {
		switch {
		case i == 0 || i == blockLines+1:
			in.WriteString(allow + "\n")
		case i%7 == 1:
			in.WriteString("\n   \n" + anon + "\r\n")
		case i%7 == 2:
			in.WriteString("  \t" + anon + " \u00a0\n")
		case i%7 == 3:
			in.WriteString("{not json\n")
		default:
			in.WriteString(anon + "\n")
		}
	}
	in.WriteString(anon) // no newline at the end
	return in.String()
}

// However the input arrives (in pieces of 4 KiB as from a pipe, in halves,
// with the end reported along with the last data), the batch gives the same
// answers.
func TestBatchReaderChunking(t *testing.T) {
	in := batchInput()
	var want, wantErr bytes.Buffer
	wantCode := simulateBatch(strings.NewReader(in), &want, &wantErr, "")
	if wantCode != exitBadInput || !strings.Contains(want.String(), `{"error":"line 6:`) {
		t.Fatalf("the reference run: exit %d, output starts %.200s", wantCode, want.String())
	}
	if got := strings.Count(want.String(), "\n"); got != 3*blockLines+8 {
		t.Fatalf("%d answers, want %d (one per non-blank line)", got, 3*blockLines+8)
	}
	for name, r := range map[string]io.Reader{
		"4 KiB":     &pieces{r: strings.NewReader(in), n: 4096},
		"halves":    iotest.HalfReader(strings.NewReader(in)),
		"data+EOF":  iotest.DataErrReader(strings.NewReader(in)),
		"one block": bytes.NewReader([]byte(in)),
	} {
		var out, errb bytes.Buffer
		if code := simulateBatch(r, &out, &errb, ""); code != wantCode || out.String() != want.String() {
			t.Errorf("%s: exit %d (want %d), output differs: %v", name, code, wantCode, out.String() != want.String())
		}
	}
}

// A read error stops the batch with exit status 2 after the lines read
// before it, named by the line it happened in.
func TestBatchReadError(t *testing.T) {
	lines := `{"principal":"anonymous","action":"s3:GetObject"}` + "\n" + `{"principal":"anonymous","action":"s3:PutObject"}` + "\n"
	r := io.MultiReader(strings.NewReader(lines), iotest.ErrReader(errors.New("disk on fire")))
	var out, errb bytes.Buffer
	code := simulateBatch(r, &out, &errb, "")
	if code != exitBadInput {
		t.Fatalf("exit %d, want %d", code, exitBadInput)
	}
	if strings.Count(out.String(), "\n") != 2 {
		t.Errorf("the lines before the error were not answered: %q", out.String())
	}
	if !strings.Contains(errb.String(), "reading line 3: disk on fire") {
		t.Errorf("stderr %q does not name the line and the error", errb.String())
	}
}

// pieces reads at most n bytes at a time from r.
type pieces struct {
	r io.Reader
	n int
}

func (p *pieces) Read(b []byte) (int, error) {
	if len(b) > p.n {
		b = b[:p.n]
	}
	return p.r.Read(b)
}

// A scenario's name leads its result line, escaped as encoding/json escapes
// it, and the line is still one valid JSON object.
func TestBatchLineName(t *testing.T) {
	res := engine.Result{Decision: engine.Allowed, DeniedBy: []engine.Layer{}}
	for _, name := range []string{"n1", `q"uote\back`, "<b>&amp;</b>", "tab\tnl\n", "é 漢字", "bad\xffutf8", "line\u2028sep"} {
		line := appendBatchLine(nil, name, &res)
		var got struct {
			Name     string `json:"name"`
			Decision string `json:"decision"`
		}
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("%q: %v in %s", name, err, line)
		}
		want, _ := json.Marshal(name)
		if !bytes.HasPrefix(line, append([]byte(`{"name":`), want...)) || got.Decision != "allowed" {
			t.Errorf("%q: line %s", name, line)
		}
	}
}

// A line longer than a batch line may be (64 MiB) stops the batch with exit
// status 2 after the lines before it (bufio.Scanner's limit); a line
// of a megabyte, after a thousand blank lines, is read whole.
func TestBatchLineTooLong(t *testing.T) {
	ok := `{"principal":"anonymous","action":"s3:GetObject"}` + "\n"
	long := `{"name":"` + strings.Repeat("n", 1<<20-100) + `","principal":"anonymous","action":"s3:GetObject"}` + "\n"
	var out, errb bytes.Buffer
	in := ok + strings.Repeat("\n", 1000) + long + ok
	if code := simulateBatch(strings.NewReader(in), &out, &errb, ""); code != exitOK || strings.Count(out.String(), "\n") != 3 {
		t.Fatalf("exit %d, %d answers, want 0 and 3; stderr %q", code, strings.Count(out.String(), "\n"), errb.String())
	}
	out.Reset()
	errb.Reset()
	in = ok + strings.Repeat("x", 64<<20+1) + "\n" + ok
	if code := simulateBatch(strings.NewReader(in), &out, &errb, ""); code != exitBadInput {
		t.Fatalf("exit %d, want %d", code, exitBadInput)
	}
	if strings.Count(out.String(), "\n") != 1 {
		t.Errorf("the line before the long one was not answered: %q", out.String())
	}
	if !strings.Contains(errb.String(), "reading line 2: bufio.Scanner: token too long") {
		t.Errorf("stderr %q does not name the line and the error", errb.String())
	}
}

// A reader that returns nothing, again and again, without an error stops
// the batch rather than hanging it.
func TestBatchReaderWithoutProgress(t *testing.T) {
	var out, errb bytes.Buffer
	if code := simulateBatch(stuck{}, &out, &errb, ""); code != exitBadInput || !strings.Contains(errb.String(), "multiple Read calls return no data or error") {
		t.Errorf("exit %d, stderr %q; want %d and io.ErrNoProgress", code, errb.String(), exitBadInput)
	}
}

type stuck struct{}

func (stuck) Read([]byte) (int, error) { return 0, nil }
