package collect

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
)

func render(t *testing.T, v any) string {
	t.Helper()
	b, err := marshalNoHTML(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCLITime: the CLI prints timestamps with Python's isoformat(), which
// gives microseconds only when there are any and the offset as +00:00.
func TestCLITime(t *testing.T) {
	cases := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2015, 1, 1, 12, 0, 0, 0, time.UTC), "2015-01-01T12:00:00+00:00"},
		{time.Date(2017, 7, 5, 21, 4, 55, 918_000_000, time.UTC), "2017-07-05T21:04:55.918000+00:00"},
		{time.Date(2017, 7, 5, 21, 4, 55, 999, time.UTC), "2017-07-05T21:04:55+00:00"}, // below a microsecond
		{time.Date(2020, 2, 1, 10, 0, 0, 0, time.FixedZone("CET", 3600)), "2020-02-01T09:00:00+00:00"},
	}
	for _, c := range cases {
		if got := cliTime(c.in); got != c.want {
			t.Errorf("cliTime(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestIAMPolicyDecoding: IAM sends policy documents URL-encoded (RFC
// 3986); the CLI prints them decoded, as JSON objects, key order kept.
func TestIAMPolicyDecoding(t *testing.T) {
	cases := []struct{ in, want string }{
		{"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D", `{"Version":"2012-10-17","Statement":[]}`},
		// '+' is a plus sign, not a space (botocore uses unquote).
		{"%7B%22Statement%22%3A%5B%7B%22Sid%22%3A%22a+b%22%7D%5D%2C%22Version%22%3A%222012-10-17%22%7D", `{"Statement":[{"Sid":"a+b"}],"Version":"2012-10-17"}`},
		// Not URL-encoded at all: the JSON is kept.
		{`{"Version":"2012-10-17"}`, `{"Version":"2012-10-17"}`},
		// Not JSON once decoded: kept as the string, which the loader
		// also accepts.
		{"not%20a%20policy", `"not a policy"`},
		{"%zz", `"%zz"`},
	}
	for _, c := range cases {
		if got := render(t, decodeIAMPolicy(c.in)); got != c.want {
			t.Errorf("decodeIAMPolicy(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	// Only the policyDocumentType members are decoded.
	role := iamtypes.RoleDetail{
		RoleName:                 aws.String("r%20x"),
		AssumeRolePolicyDocument: aws.String("%7B%7D"),
		RolePolicyList:           []iamtypes.PolicyDetail{{PolicyName: aws.String("p"), PolicyDocument: aws.String("%7B%22a%22%3A1%7D")}},
	}
	got := render(t, iamDialect.output(role))
	want := `{"AssumeRolePolicyDocument":{},"RoleName":"r%20x","RolePolicyList":[{"PolicyDocument":{"a":1},"PolicyName":"p"}]}`
	if got != want {
		t.Errorf("IAM role:\n got %s\nwant %s", got, want)
	}
}

// TestECRNames: ECR's model names members in camelCase, but its Tag shape
// uses Key and Value (the CLI's output for ecr list-tags-for-resource).
func TestECRNames(t *testing.T) {
	repo := ecrtypes.Repository{
		RepositoryName:             aws.String("team/app"),
		ImageScanningConfiguration: &ecrtypes.ImageScanningConfiguration{ScanOnPush: true},
	}
	if got, want := render(t, ecrDialect.output(repo)), `{"imageScanningConfiguration":{"scanOnPush":true},"repositoryName":"team/app"}`; got != want {
		t.Errorf("repository = %s, want %s", got, want)
	}
	tags := ecrDialect.members("tags", []ecrtypes.Tag{{Key: aws.String("k"), Value: aws.String("v")}})
	if got, want := render(t, tags), `{"tags":[{"Key":"k","Value":"v"}]}`; got != want {
		t.Errorf("tags = %s, want %s", got, want)
	}
}

// TestValueTranslation covers the kinds the SDK's outputs use.
func TestValueTranslation(t *testing.T) {
	type enum string
	type inner struct{ N *int32 }
	type out struct {
		Absent    *string
		Empty     *string
		Enum      enum
		NoEnum    enum
		Flag      bool
		Count     int64
		Blob      []byte
		List      []string
		NilList   []string
		EmptyList []string
		Map       map[string]string
		Nested    *inner
		When      *time.Time
		secret    string
	}
	n := int32(7)
	when := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	v := out{Empty: aws.String(""), Enum: "ENABLED", Flag: true, Count: 3, Blob: []byte("hi"), List: []string{"a"},
		EmptyList: []string{}, Map: map[string]string{"b": "2", "a": "<&>"}, Nested: &inner{N: &n}, When: &when, secret: "x"}
	got := render(t, pascal.output(v))
	want := `{"Empty":"","Enum":"ENABLED","Flag":true,"Count":3,"Blob":"aGk=","List":["a"],"EmptyList":[],"Map":{"a":"<&>","b":"2"},"Nested":{"N":7},"When":"2024-05-01T12:00:00+00:00"}`
	if got != want {
		t.Errorf("output:\n got %s\nwant %s", got, want)
	}
	if got := render(t, pascal.output(nil)); got != "{}" {
		t.Errorf("output(nil) = %s", got)
	}
}

// TestMergePage is botocore's build_full_result: result lists joined,
// other members from the first page.
func TestMergePage(t *testing.T) {
	var all object
	all = mergePage(all, object{{"Buckets", []any{"a"}}, {"Owner", "me"}})
	all = mergePage(all, object{{"Buckets", []any{"b", "c"}}, {"Owner", "other"}})
	all = mergePage(all, object{{"Later", []any{"x"}}})
	if got, want := render(t, all), `{"Buckets":["a","b","c"],"Owner":"me","Later":["x"]}`; got != want {
		t.Errorf("merged = %s, want %s", got, want)
	}
}

// TestSeg: names are URL-escaped where a path segment cannot hold them
// (account/LAYOUT.md), and the loader's url.PathUnescape undoes it.
func TestSeg(t *testing.T) {
	for in, want := range map[string]string{
		"team/app": "team%2Fapp", "my-bucket.logs": "my-bucket.logs", "a b": "a%20b",
		".": "%2E", "..": "%2E%2E", "secret+=@_-": "secret+=@_-", "q?x": "q%3Fx",
	} {
		if got := seg(in); got != want {
			t.Errorf("seg(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCLIError: the text botocore's ClientError prints.
func TestCLIError(t *testing.T) {
	api := &smithy.GenericAPIError{Code: "AccessDenied", Message: "Access Denied"}
	wrap := func(err error) error {
		return &smithy.OperationError{ServiceID: "S3", OperationName: "GetBucketPolicy", Err: err}
	}
	cases := []struct {
		err        error
		code, text string
	}{
		{wrap(api), "AccessDenied", "An error occurred (AccessDenied) when calling the GetBucketPolicy operation: Access Denied"},
		{wrap(&retry.MaxAttemptsError{Attempt: 5, Err: &smithy.GenericAPIError{Code: "SlowDown", Message: "Please reduce your request rate."}}),
			"SlowDown", "An error occurred (SlowDown) when calling the GetBucketPolicy operation (reached max retries: 4): Please reduce your request rate."},
		{wrap(&smithy.GenericAPIError{Code: "InternalError"}), "InternalError", "An error occurred (InternalError) when calling the GetBucketPolicy operation: Unknown"},
		{wrap(&smithy.GenericAPIError{Code: "X", Message: "two\n  lines"}), "X", "An error occurred (X) when calling the GetBucketPolicy operation: two lines"},
		{wrap(errors.New("dial tcp: connection refused")), "", "Could not complete the GetBucketPolicy operation: operation error S3: GetBucketPolicy, dial tcp: connection refused"},
	}
	for _, c := range cases {
		code, text := cliError("GetBucketPolicy", c.err)
		if code != c.code || text != c.text {
			t.Errorf("cliError(%v) = %q, %q\nwant %q, %q", c.err, code, text, c.code, c.text)
		}
	}
}

// TestProgress: a terminal gets one line rewritten with '\r' and ended
// once; verbose gets a line per file; nil gets nothing but still counts.
func TestProgress(t *testing.T) {
	var term bytes.Buffer
	p := newProgress(&term, false)
	p.call("KMS", "us-east-1", "ListKeys")
	p.wrote("accounts/1/kms/us-east-1/list-keys.json", "")
	p.wrote("accounts/1/s3/b/get-bucket-policy.error", "An error occurred (AccessDenied) ...")
	p.finish()
	out := term.String()
	last := out[strings.LastIndexByte(out, '\r')+1:]
	if !strings.HasPrefix(out, "\rcollect: 1 calls, 0 files, 0 missing  KMS us-east-1 ListKeys\r") ||
		strings.TrimRight(last, " \n") != "collect: 1 calls, 1 files, 1 missing  done" ||
		!strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("terminal progress = %q", out)
	}

	var verbose bytes.Buffer
	p = newProgress(&verbose, true)
	p.call("S3", "", "ListBuckets")
	p.wrote("a.json", "")
	p.wrote("b.error", "An error occurred (AccessDenied)")
	p.finish()
	if got, want := verbose.String(), "wrote a.json\nmissing b.error: An error occurred (AccessDenied)\n"; got != want {
		t.Errorf("verbose progress = %q, want %q", got, want)
	}

	p = newProgress(nil, false)
	for i := range 3 {
		p.call("SQS", "eu-west-1", fmt.Sprint("GetQueueAttributes", i))
	}
	p.finish()
	if p.callCount() != 3 {
		t.Errorf("quiet progress counted %d calls", p.callCount())
	}

	// A long line is cut to fit a terminal, and a shorter one blanks what
	// the longer left.
	var narrow bytes.Buffer
	p = newProgress(&narrow, false)
	p.call("SecretsManager", "ap-southeast-2", strings.Repeat("X", 100))
	p.current = "short"
	p.draw(true)
	lines := strings.Split(strings.TrimPrefix(narrow.String(), "\r"), "\r")
	if len(lines) != 2 || len(lines[0]) != maxLine || len(lines[1]) != maxLine {
		t.Errorf("narrow progress = %q", narrow.String())
	}
}
