package account

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/whydenied/whydenied/arn"
)

// LoadOptions change how Load treats problems.
type LoadOptions struct {
	// Strict makes any problem with a file an error; by default a bad file
	// is reported by Problems and only the data it held is lost.
	Strict bool
}

// Load reads the snapshot in dir (see LAYOUT.md). It fails only when dir
// cannot be read or holds no snapshot; problems with single files are kept
// in Problems, and what those files held counts as unknown.
func Load(dir string) (*Snapshot, error) { return LoadWith(dir, LoadOptions{}) }

// LoadWith is Load with options.
func LoadWith(dir string, opts LoadOptions) (*Snapshot, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("snapshot %s: expected a directory holding accounts/ and/or organization/ (account/LAYOUT.md)", dir)
	}
	l := newLoader(dir)
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			l.problem(problemf(l.rel(path), "", "cannot read: %v", err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		// Only accounts/ and organization/ belong to the layout; anything
		// else at the top (a README, notes, example error texts) is the
		// user's own and is passed over without a warning.
		if filepath.Dir(path) == filepath.Clean(dir) && d.Name() != "accounts" && d.Name() != "organization" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", dir, err)
	}
	sort.Strings(files)
	l.readPagesInParallel(files)
	seen := false
	for _, path := range files {
		if l.file(path) {
			seen = true
		}
	}
	if !seen {
		return nil, fmt.Errorf("snapshot %s: no file of the snapshot layout found; expected accounts/ACCOUNT-ID/iam/get-account-authorization-details.json, organization/..., as account/LAYOUT.md describes", dir)
	}
	l.finish()
	if opts.Strict && len(l.snap.problems) > 0 {
		return nil, &LoadError{Problems: l.snap.problems}
	}
	return l.snap, nil
}

// Problems lists what was wrong with the snapshot's files, in file order.
func (s *Snapshot) Problems() []*Problem { return s.problems }

// Dir is the directory the snapshot was loaded from.
func (s *Snapshot) Dir() string { return s.dir }

// Accounts lists the account ids the snapshot has a directory for, sorted.
func (s *Snapshot) Accounts() []string {
	out := make([]string, 0, len(s.accounts))
	for id := range s.accounts {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// loader holds the state of one Load.
type loader struct {
	snap *Snapshot
	// pages holds the IAM pages read ahead in parallel, by relative path.
	pages map[string]*iamReader
}

func newLoader(dir string) *loader {
	return &loader{snap: &Snapshot{
		dir:        dir,
		accounts:   map[string]*accountData{},
		vpces:      map[string]*endpoint{},
		buckets:    map[string]*resource{},
		awsManaged: map[string]*managedDoc{},
	}}
}

func (l *loader) rel(path string) string {
	r, err := filepath.Rel(l.snap.dir, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

func (l *loader) problem(p *Problem) { l.snap.problems = append(l.snap.problems, p) }

// report records err, which the readers return as a *Problem.
func (l *loader) report(file string, err error) {
	var p *Problem
	if errors.As(err, &p) {
		l.problem(p)
		return
	}
	l.problem(problemf(file, "", "%v", err))
}

// input is one file handed to a reader.
type input struct {
	rel  string   // path relative to the snapshot, '/'-separated
	seg  []string // the placeholders of the pattern that matched, in order
	data []byte
	// failed holds the AWS error of a .error file; data is then nil.
	failed *awsError
}

// file dispatches one file by its place in the layout; it reports whether
// the file belongs to the layout.
func (l *loader) file(path string) bool {
	rel := l.rel(path)
	ext := filepath.Ext(rel)
	if ext != ".json" && ext != ".error" {
		return false // READMEs and notes beside the data are welcome
	}
	stem := strings.TrimSuffix(rel, ext)
	for _, r := range routes {
		seg, ok := r.match(stem)
		if !ok {
			continue
		}
		in := input{rel: rel, seg: seg}
		if l.pages[rel] != nil {
			r.read(l, in) // read ahead already
			return true
		}
		data, err := os.ReadFile(path)
		if err != nil {
			l.problem(problemf(rel, "", "cannot read: %v", err))
			return true
		}
		if ext == ".error" {
			e := parseAWSError(string(data))
			in.failed = &e
		} else {
			in.data = data
		}
		r.read(l, in)
		return true
	}
	l.problem(problemf(rel, "", "not a file of the snapshot layout (account/LAYOUT.md); ignored"))
	return false
}

// account returns the data of an account, creating it on first use.
func (l *loader) account(id string) *accountData {
	a := l.snap.accounts[id]
	if a == nil {
		a = &accountData{id: id, partition: "aws", resources: map[string]*resource{}, aliases: map[string]string{}}
		l.snap.accounts[id] = a
	}
	return a
}

// readPagesInParallel reads the IAM authorization details ahead, several at
// a time: they are nearly all of a large snapshot's bytes, and each page is
// read on its own (readIAMPage). Failures are left to the ordinary pass.
func (l *loader) readPagesInParallel(files []string) {
	type job struct{ path, rel, acct string }
	var jobs []job
	for _, path := range files {
		rel := l.rel(path)
		if filepath.Ext(rel) != ".json" {
			continue
		}
		if seg, ok := iamRoute.match(strings.TrimSuffix(rel, ".json")); ok && arn.IsAccountID(seg[0]) {
			jobs = append(jobs, job{path, rel, seg[0]})
		}
	}
	if len(jobs) < 2 {
		return
	}
	results := make([]*iamReader, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if data, err := os.ReadFile(jobs[i].path); err == nil {
					results[i] = readIAMPage(jobs[i].acct, jobs[i].rel, data)
				}
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	l.pages = make(map[string]*iamReader, len(jobs))
	for i, j := range jobs {
		if results[i] != nil {
			l.pages[j.rel] = results[i]
		}
	}
}

// Identities lists the ARNs of the IAM users and roles the snapshot holds
// for an account, users first, each sorted: the callers a diagnosis can try
// in place of the one that was refused ("the policy is on user alice, but
// the code runs as role deploy").
func (s *Snapshot) Identities(accountID string) []string {
	a := s.accounts[accountID]
	if a == nil || a.iam == nil {
		return nil
	}
	var users, roles []string
	for _, u := range a.iam.users {
		users = append(users, u.arn)
	}
	for _, r := range a.iam.roles {
		roles = append(roles, r.arn)
	}
	sort.Strings(users)
	sort.Strings(roles)
	return append(users, roles...)
}
