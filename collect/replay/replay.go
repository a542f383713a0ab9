// Package replay is a test server for the collector: it answers AWS SDK
// requests with HTTP responses recorded in AWS's documented wire formats, so
// that the collector is tested without contacting AWS at all. It understands
// the protocols of the services the collector reads: query/XML (IAM, STS,
// SNS), EC2's query dialect, REST-XML (S3), JSON 1.0 (SQS), JSON 1.1 (KMS,
// Organizations, Secrets Manager, ECR) and REST-JSON (Lambda).
//
// A recording is a file SET/<service>/<Operation>[@SEL[+SEL...]].http under
// a fixtures directory, holding a raw HTTP response: status line, headers,
// a blank line, the body. <service> is the SigV4 signing name. A request is
// answered with the recording of its operation whose selectors are all
// substrings of the request (its region as "region=...", method, path,
// query and body, also URL-unescaped), the longest match winning; a
// recording without selectors matches any request of its operation. SETs
// are searched in order, so a test can lay a set of special cases over a
// common one.
//
// Every request that is not a Get, List or Describe fails the test.
package replay

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Server is a running replay server.
type Server struct {
	URL string // the base URL to give the SDK as its endpoint

	t        testing.TB
	fixtures string
	sets     []string

	mu     sync.Mutex
	log    []Call
	count  map[string]int
	inject func(c Call, n int) string
}

// Call is one request as the server understood it.
type Call struct {
	Service   string // the SigV4 signing name: s3, kms, organizations, ...
	Region    string
	Operation string
	Text      string // what selectors are matched against
}

// New starts a server over the fixture sets (directories under fixtures),
// searched in the order given. It stops when the test ends.
func New(t testing.TB, fixtures string, sets ...string) *Server {
	t.Helper()
	s := &Server{t: t, fixtures: fixtures, sets: sets, count: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Inject sets a function that may answer a request first: it returns the
// path of a recording under the fixtures directory, or "" to let the
// recordings decide. n counts the calls of the same service and operation,
// from 1. Throttling and failure tests use it.
func (s *Server) Inject(f func(c Call, n int) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inject = f
}

// Calls is the log of requests, in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// Times is how often an operation was requested.
func (s *Server) Times(service, op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count[service+" "+op]
}

// IsolateAWSConfig keeps the machine's own AWS configuration, credentials
// and instance metadata out of a test.
func IsolateAWSConfig(t *testing.T) {
	t.Helper()
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE": empty, "AWS_SHARED_CREDENTIALS_FILE": empty, "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ROLE_ARN": "", "AWS_WEB_IDENTITY_TOKEN_FILE": "",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_ENDPOINT_URL": "",
	} {
		t.Setenv(k, v)
	}
}

// ReadOnly reports whether an operation name is a read by AWS's naming:
// Get*, List*, Describe*. It is the server's own check, independent of the
// collector's.
func ReadOnly(op string) bool {
	for _, p := range [...]string{"Get", "List", "Describe"} {
		if rest, ok := strings.CutPrefix(op, p); ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' {
			return true
		}
	}
	return false
}

var credentialScope = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (s *Server) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	c, ok := s.identify(req, body)
	if !ok {
		http.Error(w, "unrecognised request", http.StatusBadRequest)
		return
	}
	if !ReadOnly(c.Operation) {
		s.t.Errorf("the collector sent %s %s, which is not a Get, List or Describe operation", c.Service, c.Operation)
		http.Error(w, "write refused by the test", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.log = append(s.log, c)
	key := c.Service + " " + c.Operation
	s.count[key]++
	n := s.count[key]
	inject := s.inject
	s.mu.Unlock()

	path := ""
	if inject != nil {
		if p := inject(c, n); p != "" {
			path = filepath.Join(s.fixtures, p)
		}
	}
	if path == "" {
		path = s.find(c)
	}
	if path == "" {
		s.t.Errorf("no recording for %s %s in %s (request: %q)", c.Service, c.Operation, c.Region, c.Text)
		http.Error(w, "no recording", http.StatusNotImplemented)
		return
	}
	s.replay(w, req, path)
}

// identify names the service (from the SigV4 credential scope), the region
// and the operation (from the protocol: Action for query, X-Amz-Target for
// JSON, method and path for REST).
func (s *Server) identify(req *http.Request, body []byte) (Call, bool) {
	m := credentialScope.FindStringSubmatch(req.Header.Get("Authorization"))
	if m == nil {
		s.t.Errorf("unsigned request %s %s", req.Method, req.URL)
		return Call{}, false
	}
	c := Call{Region: m[1], Service: m[2]}
	c.Text = "region=" + c.Region + "\n" + req.Method + " " + req.URL.EscapedPath() + "?" + req.URL.RawQuery + "\n" + string(body)
	switch {
	case req.Header.Get("X-Amz-Target") != "":
		t := req.Header.Get("X-Amz-Target")
		c.Operation = t[strings.LastIndexByte(t, '.')+1:]
	case c.Service == "s3":
		c.Operation = s3Operation(req)
	case c.Service == "lambda":
		c.Operation = lambdaOperation(req)
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			s.t.Errorf("query request with a bad form body: %v", err)
			return Call{}, false
		}
		c.Operation = form.Get("Action")
		// Decoded, so that selectors read as the values do.
		c.Text += "\n" + form.Encode()
	}
	if c.Operation == "" {
		s.t.Errorf("cannot tell the operation of %s %s %s", c.Service, req.Method, req.URL)
		return Call{}, false
	}
	if u, err := url.PathUnescape(c.Text); err == nil {
		c.Text += "\n" + u
	}
	return c, true
}

// s3Operation names an S3 REST request. Anything but a GET of the
// sub-resources the collector reads is named for what it would do, so that
// the read-only check catches it.
func s3Operation(req *http.Request) string {
	q := req.URL.Query()
	if req.Method != http.MethodGet {
		return req.Method + "Bucket"
	}
	bucketLevel := strings.Count(strings.Trim(req.URL.Path, "/"), "/") == 0 && strings.Trim(req.URL.Path, "/") != ""
	switch {
	case strings.Trim(req.URL.Path, "/") == "":
		return "ListBuckets"
	case bucketLevel && q.Has("policy"):
		return "GetBucketPolicy"
	case bucketLevel && q.Has("tagging"):
		return "GetBucketTagging"
	case bucketLevel && q.Has("location"):
		return "GetBucketLocation"
	}
	return "GetUnknown" + req.URL.Path
}

// lambdaOperation names a Lambda REST request.
func lambdaOperation(req *http.Request) string {
	p := req.URL.Path
	if req.Method != http.MethodGet {
		return req.Method + "Function"
	}
	switch {
	case strings.HasPrefix(p, "/2015-03-31/functions") && strings.HasSuffix(p, "/policy"):
		return "GetPolicy"
	case strings.TrimSuffix(p, "/") == "/2015-03-31/functions":
		return "ListFunctions"
	case strings.HasPrefix(p, "/2017-03-31/tags/"):
		return "ListTags"
	}
	return "GetUnknown" + p
}

// find picks the recording for a call: among the files
// DIR/<service>/<Operation>[@SELECTOR[+SELECTOR...]].http of the first
// fixture set that has any that match, the one whose selectors are all
// substrings of the request and longest in total. A selector is
// URL-unescaped first, so "%2F" stands for '/'.
func (s *Server) find(c Call) string {
	for _, dir := range s.sets {
		files, _ := filepath.Glob(filepath.Join(s.fixtures, dir, c.Service, c.Operation+"*.http"))
		best, bestScore := "", -1
		for _, f := range files {
			base := strings.TrimSuffix(filepath.Base(f), ".http")
			op, sel, _ := strings.Cut(base, "@")
			if op != c.Operation {
				continue
			}
			score, ok := 0, true
			if sel != "" {
				for _, s := range strings.Split(sel, "+") {
					if u, err := url.PathUnescape(s); err == nil {
						s = u
					}
					if !strings.Contains(c.Text, s) {
						ok = false
						break
					}
					score += len(s)
				}
			}
			if ok && score > bestScore {
				best, bestScore = f, score
			}
		}
		if best != "" {
			return best
		}
	}
	return ""
}

// replay writes a recorded HTTP response: status line, headers, blank
// line, body.
func (s *Server) replay(w http.ResponseWriter, req *http.Request, path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		s.t.Errorf("recording: %v", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), req)
	if err != nil {
		s.t.Errorf("recording %s: %v", path, err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(resp.StatusCode)
	w.Write(bytes.TrimRight(body, "\n"))
}
