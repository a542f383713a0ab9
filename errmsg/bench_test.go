package errmsg

import (
	"strings"
	"testing"
)

// longTraceback is a boto3 traceback of a denied PutObject as a deploy
// script prints it, with the frames boto3 and s3transfer add.
func longTraceback() string {
	var b strings.Builder
	b.WriteString("Traceback (most recent call last):\n")
	for i := 0; i < 20; i++ {
		b.WriteString("  File \"/opt/hostedtoolcache/Python/3.12.3/x64/lib/python3.12/site-packages/s3transfer/futures.py\", line 103, in result\n")
		b.WriteString("    return self._coordinator.result()\n")
		b.WriteString("           ^^^^^^^^^^^^^^^^^^^^^^^^^^\n")
	}
	b.WriteString("  File \"/opt/hostedtoolcache/Python/3.12.3/x64/lib/python3.12/site-packages/botocore/client.py\", line 1021, in _make_api_call\n")
	b.WriteString("    raise error_class(parsed_response, operation_name)\n")
	b.WriteString("botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: ")
	b.WriteString("User: arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42 is not authorized to perform: s3:PutObject on resource: ")
	b.WriteString("\"arn:aws:s3:::artifacts-bucket/build/app.zip\" because no identity-based policy allows the s3:PutObject action\n")
	b.WriteString("\nDuring handling of the above exception, another exception occurred:\n\n")
	b.WriteString("Traceback (most recent call last):\n  File \"/home/runner/work/app/deploy.py\", line 88, in <module>\n    main()\n")
	b.WriteString("boto3.exceptions.S3UploadFailedError: Failed to upload build/app.zip to artifacts-bucket/build/app.zip: An error occurred (AccessDenied) when calling the PutObject operation: ")
	b.WriteString("User: arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42 is not authorized to perform: s3:PutObject on resource: ")
	b.WriteString("\"arn:aws:s3:::artifacts-bucket/build/app.zip\" because no identity-based policy allows the s3:PutObject action\n")
	return b.String()
}

func TestLongTraceback(t *testing.T) {
	r, err := Parse(longTraceback())
	if err != nil {
		t.Fatal(err)
	}
	if r.Tool != ToolBoto3 || r.Action != "s3:PutObject" || r.Resource != "arn:aws:s3:::artifacts-bucket/build/app.zip" || r.PolicyType != LayerIdentity {
		t.Errorf("got %+v", r)
	}
	if len(r.Notes) != 1 || !strings.HasPrefix(r.Notes[0], NoteSeveral+": ") {
		t.Errorf("notes = %q, want the several-errors note", r.Notes)
	}
}

func BenchmarkParse(b *testing.B) {
	text := longTraceback()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCLILine(b *testing.B) {
	text := "An error occurred (AccessDenied) when calling the ListRoles operation: User: arn:aws:iam::123456789012:user/Matt is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::123456789012:role/* with an explicit deny in a service control policy: arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}
