package collect

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Options say what to collect and where to write it.
type Options struct {
	// Out is the snapshot directory. It must not exist or be empty, so that
	// a snapshot never mixes files from two runs.
	Out string
	// Profile names a profile of the shared AWS config files; "" means the
	// standard credential chain's default.
	Profile string
	// Regions are the regions whose regional services (KMS, SQS, SNS,
	// Lambda, Secrets Manager, ECR, EC2) are read. Empty means the region
	// the configuration names (us-east-1 when it names none, as the
	// Summary then says); the single value "all" means every region
	// enabled for the account (ec2:DescribeRegions). S3 buckets are read in
	// whichever region they live, whatever this says.
	Regions []string
	// Org also reads the AWS Organizations tree, SCPs and RCPs. It needs
	// the management account or a delegated administrator.
	Org bool
	// Progress receives the progress display; nil means quiet. Without
	// Verbose it is a single line rewritten with '\r', for a terminal.
	Progress io.Writer
	// Verbose makes Progress one line per file written instead.
	Verbose bool
	// Endpoint sends every service to this base URL, with path-style S3.
	// It exists for tests against a local replaying server.
	Endpoint string
	// Credentials replace the standard credential chain when non-nil.
	Credentials aws.CredentialsProvider
	// Concurrency bounds the calls in flight; 0 means 8.
	Concurrency int
	// MaxAttempts bounds the attempts of one call, retries included (0
	// means 10); MaxBackoff caps the wait between them (0 means 20s).
	MaxAttempts int
	MaxBackoff  time.Duration
}

// AllRegions is the Regions value that asks for every enabled region.
const AllRegions = "all"

const (
	defaultConcurrency = 8
	defaultMaxAttempts = 10
	defaultMaxBackoff  = 20 * time.Second
)

// Summary says what a run wrote.
type Summary struct {
	Account string   // the account the credentials belong to
	Caller  string   // the caller's ARN (sts:GetCallerIdentity)
	Regions []string // the regions read
	Calls   int      // API operations sent (each page counts; retries do not)
	Files   int      // .json files written
	// Absent counts .error files that record a fact: the resource has no
	// policy or no tags (NoSuchBucketPolicy, ...). They are not gaps.
	Absent int
	// Missing lists the .error files that mark data unknown, in file order.
	Missing []Missing
}

// Missing is one piece of data the run could not read.
type Missing struct {
	File      string // the .error file, relative to the snapshot directory, with '/'
	Operation string // GetBucketPolicy
	Code      string // AccessDenied; "" when the failure carried no AWS error code
	Text      string // what the file holds: the CLI's error text
}

// SetupError is a failure before any data was collected: bad options, no
// usable credentials, an unusable output directory. A CLI exits 2 on it.
type SetupError struct{ Err error }

func (e *SetupError) Error() string { return e.Err.Error() }
func (e *SetupError) Unwrap() error { return e.Err }

func setupErrorf(format string, args ...any) error {
	return &SetupError{Err: fmt.Errorf(format, args...)}
}

// IsSetupError reports whether err is (or wraps) a *SetupError.
func IsSetupError(err error) bool {
	var s *SetupError
	return errors.As(err, &s)
}

// withDefaults checks the options and fills in the defaults.
func (o Options) withDefaults() (Options, error) {
	if strings.TrimSpace(o.Out) == "" {
		return o, setupErrorf("collect: no output directory: expected --out SNAPSHOT-DIRECTORY")
	}
	if o.Concurrency < 0 || o.MaxAttempts < 0 || o.MaxBackoff < 0 {
		return o, setupErrorf("collect: concurrency, attempts and backoff must not be negative")
	}
	if o.Concurrency == 0 {
		o.Concurrency = defaultConcurrency
	}
	if o.MaxAttempts == 0 {
		o.MaxAttempts = defaultMaxAttempts
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = defaultMaxBackoff
	}
	regions := make([]string, 0, len(o.Regions))
	for _, r := range o.Regions {
		r = strings.TrimSpace(r)
		switch {
		case r == "":
			continue
		case r == AllRegions && len(o.Regions) > 1:
			return o, setupErrorf("collect: regions: %q stands alone; got %q", AllRegions, strings.Join(o.Regions, ","))
		case r != AllRegions && !validRegion(r):
			return o, setupErrorf("collect: regions: expected region names such as us-east-1 or eu-west-1, got %q", r)
		}
		if !slices.Contains(regions, r) {
			regions = append(regions, r)
		}
	}
	o.Regions = regions
	return o, nil
}

// validRegion accepts what AWS region names are made of: lower-case
// letters, digits and dashes, such as us-gov-west-1 or cn-north-1.
func validRegion(r string) bool {
	if len(r) < 3 || len(r) > 40 || r[0] == '-' || r[len(r)-1] == '-' || !strings.Contains(r, "-") {
		return false
	}
	for _, c := range r {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
