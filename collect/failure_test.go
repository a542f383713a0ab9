package collect

// No live AWS here: replayServer (replay_test.go) answers every call with
// responses recorded in AWS's documented wire formats; the failures below
// are recorded error responses it is told to answer with.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/whydenied/whydenied/collect/replay"
)

// TestThrottlingIsRetried: a throttled call (EC2 answers
// RequestLimitExceeded, HTTP 503) is sent again after a backoff, and the
// data comes in as if nothing had happened. (EC2 is throttled here because
// it is the last call of its client: after a throttle the adaptive retryer
// slows that client's later calls down to a couple a second, by design.)
func TestThrottlingIsRetried(t *testing.T) {
	r := newReplay(t, "account")
	r.Inject(func(c replay.Call, n int) string {
		if key(c) == "ec2 DescribeVpcEndpoints" && n == 1 {
			return "errors/throttling-ec2.http"
		}
		return ""
	})
	o := r.options(t)
	sum := r.run(t, o)
	if n := r.Times("ec2", "DescribeVpcEndpoints"); n != 2 {
		t.Errorf("DescribeVpcEndpoints sent %d times, want 2 (throttled, then answered)", n)
	}
	eps := readJSON(t, filepath.Join(o.Out, acct+"ec2/us-east-1/describe-vpc-endpoints.json"))
	if got := at(eps, "VpcEndpoints.0.VpcEndpointId"); got != "vpce-1a2b3c4d" {
		t.Errorf("describe-vpc-endpoints.json after a retry: VpcEndpoints[0] = %q", got)
	}
	if len(sum.Missing) != 3 {
		t.Errorf("a retried call is missing: %+v", sum.Missing)
	}
}

// TestThrottlingOutlastingRetries: when every attempt is throttled, the
// listing is recorded as missing with the CLI's text, which names the
// retries botocore made, and the rest of the run goes on.
func TestThrottlingOutlastingRetries(t *testing.T) {
	r := newReplay(t, "account")
	r.Inject(func(c replay.Call, n int) string {
		if key(c) == "sns ListTopics" {
			return "errors/throttling-query.http"
		}
		return ""
	})
	o := r.options(t)
	o.MaxAttempts = 2
	sum := r.run(t, o)
	if n := r.Times("sns", "ListTopics"); n != 2 {
		t.Errorf("ListTopics sent %d times, want MaxAttempts = 2", n)
	}
	name := acct + "sns/us-east-1/list-topics.error"
	b, err := os.ReadFile(filepath.Join(o.Out, name))
	want := "An error occurred (Throttling) when calling the ListTopics operation (reached max retries: 1): Rate exceeded\n"
	if err != nil || string(b) != want {
		t.Errorf("%s = %q (%v), want %q", name, b, err, want)
	}
	if !hasMissing(sum, name, "Throttling") {
		t.Errorf("Summary.Missing lacks %s: %+v", name, sum.Missing)
	}
	if _, err := os.Stat(filepath.Join(o.Out, acct+"kms/us-east-1/list-keys.json")); err != nil {
		t.Errorf("the run stopped at the throttled service: %v", err)
	}
}

// TestAccessDeniedIsRecorded: IAM refuses GetAccountAuthorizationDetails;
// the .error takes the place of the output, Summary names it, and every
// other service is still read.
func TestAccessDeniedIsRecorded(t *testing.T) {
	r := newReplay(t, "account")
	r.Inject(func(c replay.Call, n int) string {
		if key(c) == "iam GetAccountAuthorizationDetails" {
			return "errors/access-denied-iam.http"
		}
		return ""
	})
	o := r.options(t)
	sum := r.run(t, o)
	name := acct + "iam/get-account-authorization-details.error"
	b, err := os.ReadFile(filepath.Join(o.Out, name))
	if err != nil || !strings.HasPrefix(string(b), "An error occurred (AccessDenied) when calling the GetAccountAuthorizationDetails operation: User: arn:aws:iam::111122223333:user/auditor is not authorized") {
		t.Errorf("%s = %q (%v)", name, b, err)
	}
	if _, err := os.Stat(filepath.Join(o.Out, acct+"iam/get-account-authorization-details.json")); err == nil {
		t.Errorf("both the output and the error of IAM were written")
	}
	if !hasMissing(sum, name, "AccessDenied") {
		t.Errorf("Summary.Missing lacks %s: %+v", name, sum.Missing)
	}
	if _, err := os.Stat(filepath.Join(o.Out, acct+"ec2/us-east-1/describe-vpc-endpoints.json")); err != nil {
		t.Errorf("the run did not go on after the refusal: %v", err)
	}
}

// TestLaterPageFailureFailsTheListing: a listing whose second page is
// refused must not be written as if complete; the resources of the first
// page are still read.
func TestLaterPageFailureFailsTheListing(t *testing.T) {
	r := newReplay(t, "account")
	r.Inject(func(c replay.Call, n int) string {
		if key(c) == "kms ListKeys" && n == 2 {
			return "errors/access-denied-kms.http"
		}
		return ""
	})
	o := r.options(t)
	sum := r.run(t, o)
	dir := filepath.Join(o.Out, acct+"kms/us-east-1")
	if _, err := os.Stat(filepath.Join(dir, "list-keys.json")); err == nil {
		t.Errorf("a listing cut short was written as complete")
	}
	if !hasMissing(sum, acct+"kms/us-east-1/list-keys.error", "AccessDeniedException") {
		t.Errorf("Summary.Missing lacks list-keys.error: %+v", sum.Missing)
	}
	if _, err := os.Stat(filepath.Join(dir, "1234abcd-12ab-34cd-56ef-1234567890ab", "get-key-policy.json")); err != nil {
		t.Errorf("the key of the first page was not read: %v", err)
	}
}

// TestAllRegions: --regions all lists the enabled regions with
// ec2:DescribeRegions and reads each; a region that refuses a service
// (UnrecognizedClientException, as an opt-in region not enabled answers)
// makes that service's listing missing there only.
func TestAllRegions(t *testing.T) {
	r := newReplay(t, "all-regions", "account")
	o := r.options(t)
	o.Regions = []string{AllRegions}
	sum := r.run(t, o)
	if !slices.Equal(sum.Regions, []string{"eu-west-1", "us-east-1"}) {
		t.Errorf("regions = %q", sum.Regions)
	}
	for _, name := range []string{
		acct + "kms/eu-west-1/list-keys.json",
		acct + "sqs/eu-west-1/list-queues.json",
		acct + "ec2/eu-west-1/describe-vpc-endpoints.json",
		acct + "ecr/eu-west-1/describe-repositories.error",
		acct + "kms/us-east-1/list-keys.json",
	} {
		if _, err := os.Stat(filepath.Join(o.Out, name)); err != nil {
			t.Errorf("missing %s: %v", name, err)
		}
	}
	if !hasMissing(sum, acct+"ecr/eu-west-1/describe-repositories.error", "UnrecognizedClientException") {
		t.Errorf("Summary.Missing lacks the refused region: %+v", sum.Missing)
	}
	// An empty listing is written as the CLI prints it: ListQueues with
	// no queue has no QueueUrls member at all.
	if got := listFiles(t, filepath.Join(o.Out, acct+"sqs/eu-west-1")); !slices.Equal(got, []string{"list-queues.json"}) {
		t.Errorf("sqs/eu-west-1 holds %q", got)
	}
	if b, _ := os.ReadFile(filepath.Join(o.Out, acct+"sqs/eu-west-1/list-queues.json")); string(b) != "{}\n" {
		t.Errorf("empty list-queues.json = %q", b)
	}
}

// TestNotInAnOrganization: DescribeOrganization answers
// AWSOrganizationsNotInUseException; that is recorded and nothing more of
// the organization is asked.
func TestNotInAnOrganization(t *testing.T) {
	r := newReplay(t, "account")
	r.Inject(func(c replay.Call, n int) string {
		if c.Service == "organizations" && c.Operation == "DescribeOrganization" {
			return "errors/not-in-use-organizations.http"
		}
		return ""
	})
	o := r.options(t)
	o.Org = true
	r.run(t, o)
	if got := listFiles(t, filepath.Join(o.Out, "organization")); !slices.Equal(got, []string{"describe-organization.error"}) {
		t.Errorf("organization/ holds %q", got)
	}
	if n := r.Times("organizations", "ListRoots"); n != 0 {
		t.Errorf("ListRoots sent %d times outside an organization", n)
	}
}

// TestSetupErrors: what stops a run before it starts is a SetupError (the
// CLI's exit 2), and no snapshot directory is left behind.
func TestSetupErrors(t *testing.T) {
	r := newReplay(t, "account")
	cases := []struct {
		name   string
		change func(o *Options)
		inject string
		want   string
	}{
		{"no output directory", func(o *Options) { o.Out = " " }, "", "expected --out"},
		{"bad region", func(o *Options) { o.Regions = []string{"us east 1"} }, "", "expected region names"},
		{"all with others", func(o *Options) { o.Regions = []string{"all", "us-east-1"} }, "", `"all" stands alone`},
		{"negative concurrency", func(o *Options) { o.Concurrency = -1 }, "", "must not be negative"},
		{"no credentials", func(o *Options) { o.Credentials = nil }, "", "no usable AWS credentials"},
		{"unknown profile", func(o *Options) { o.Credentials = nil; o.Profile = "nosuch" }, "", "nosuch"},
		{"refused credentials", nil, "errors/invalid-client-token-sts.http", "InvalidClientTokenId"},
		{"regions not listable", func(o *Options) { o.Regions = []string{AllRegions} }, "errors/unauthorized-ec2.http", "UnauthorizedOperation"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := r.options(t)
			if tc.change != nil {
				tc.change(&o)
			}
			r.Inject(func(c replay.Call, n int) string {
				if tc.inject != "" && (c.Service == "sts" || c.Operation == "DescribeRegions") {
					return tc.inject
				}
				return ""
			})
			before := len(r.Calls())
			_, err := Run(context.Background(), o)
			if err == nil || !IsSetupError(err) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run error = %v, want a SetupError containing %q", err, tc.want)
			}
			if _, statErr := os.Stat(o.Out); statErr == nil && strings.TrimSpace(o.Out) != "" {
				t.Errorf("a failed start left %s behind", o.Out)
			}
			for _, c := range r.Calls()[before:] {
				if c.Service != "sts" && c.Operation != "DescribeRegions" {
					t.Errorf("a failed start sent %s %s", c.Service, c.Operation)
				}
			}
		})
	}
	r.Inject(nil)
}

// TestOutputDirectoryMustBeEmpty: an older snapshot is never added to;
// the run fails before sending anything.
func TestOutputDirectoryMustBeEmpty(t *testing.T) {
	r := newReplay(t, "account")
	o := r.options(t)
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(o.Out, "old.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), o)
	if !IsSetupError(err) || !strings.Contains(err.Error(), "already holds files") {
		t.Fatalf("Run error = %v", err)
	}
	if n := len(r.Calls()); n != 0 {
		t.Errorf("%d calls sent before refusing the directory", n)
	}
	// An existing empty directory is fine.
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	o.Out = empty
	r.run(t, o)
}

// TestCancelledRun: a cancelled context stops the run with ctx's error and
// writes no .error file for the calls it interrupted.
func TestCancelledRun(t *testing.T) {
	r := newReplay(t, "account")
	ctx, cancel := context.WithCancel(context.Background())
	r.Inject(func(c replay.Call, n int) string {
		if c.Service == "iam" {
			cancel()
			time.Sleep(50 * time.Millisecond)
		}
		return ""
	})
	o := r.options(t)
	_, err := Run(ctx, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
	// Recorded refusals answered before the cancel are data; a call cut
	// short by it is not, and would read "Could not complete ...".
	for _, f := range listFiles(t, o.Out) {
		if !strings.HasSuffix(f, ".error") {
			continue
		}
		if b, _ := os.ReadFile(filepath.Join(o.Out, f)); !strings.HasPrefix(string(b), "An error occurred (") {
			t.Errorf("a cancelled call was recorded as missing data: %s: %s", f, b)
		}
	}
}

// TestWriteOperationsRefused: the collector's own guard refuses anything
// but Get, List and Describe before it is sent, even through the SDK
// clients it configures.
func TestWriteOperationsRefused(t *testing.T) {
	r := newReplay(t, "account")
	o := r.options(t)
	cfg, err := loadConfig(context.Background(), o, newProgress(nil, false))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Region = "us-east-1"
	client := s3.NewFromConfig(cfg, func(so *s3.Options) { so.BaseEndpoint = aws.String(r.URL); so.UsePathStyle = true })
	_, err = client.PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{Bucket: aws.String("example-artifacts"), Policy: aws.String("{}")})
	if err == nil || !strings.Contains(err.Error(), "refusing to send S3 PutBucketPolicy") {
		t.Errorf("PutBucketPolicy error = %v", err)
	}
	if _, err := client.GetBucketPolicy(context.Background(), &s3.GetBucketPolicyInput{Bucket: aws.String("example-artifacts")}); err != nil {
		t.Errorf("GetBucketPolicy through the same client: %v", err)
	}
	if got := r.Calls(); len(got) != 1 || got[0].Operation != "GetBucketPolicy" {
		t.Errorf("the server saw %+v, want only the GetBucketPolicy", got)
	}
}

func TestReadOnlyOperation(t *testing.T) {
	for op, want := range map[string]bool{
		"GetBucketPolicy": true, "ListKeys": true, "DescribeVpcEndpoints": true, "GetAccountAuthorizationDetails": true,
		"PutBucketPolicy": false, "DeleteBucket": false, "CreateKey": false, "Get": false, "Listen": false,
		"Getaway": false, "Describe": false, "TagResource": false, "UpdateSecret": false, "": false,
	} {
		if got := readOnlyOperation(op); got != want {
			t.Errorf("readOnlyOperation(%q) = %v, want %v", op, got, want)
		}
	}
}

func hasMissing(sum Summary, file, code string) bool {
	for _, m := range sum.Missing {
		if m.File == file && m.Code == code {
			return true
		}
	}
	return false
}
