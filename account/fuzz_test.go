package account

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// segsFor fills a route's placeholders with plausible values, so a fuzzed
// file can be handed to its reader without a file system.
func segsFor(pattern string) []string {
	var seg []string
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if p != "{}" {
			continue
		}
		switch prev := parts[i-1]; {
		case prev == "accounts":
			seg = append(seg, "111122223333")
		case prev == "parents" || prev == "targets":
			seg = append(seg, "r-ab12")
		case prev == "policies":
			seg = append(seg, "p-x")
		case prev == "{}" && parts[1] == "targets":
			seg = append(seg, typeSCP)
		case prev == "s3" || prev == "{}":
			seg = append(seg, "res-name")
		default:
			seg = append(seg, "us-east-1")
		}
	}
	return seg
}

// fuzzQueries touch every part of Resolve.
var fuzzQueries = []Query{
	{Principal: "arn:aws:iam::111122223333:user/u", Action: "s3:GetObject", Resource: "arn:aws:s3:::res-name/k", SourceVPCE: "vpce-1"},
	{Principal: "arn:aws:sts::111122223333:assumed-role/r/s", Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:111122223333:alias/a"},
	{Principal: "arn:aws:iam::111122223333:role/r", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111122223333:role/r"},
	{Principal: "arn:aws:iam::111122223333:root", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:111122223333:res-name"},
	{Principal: "arn:aws:sts::111122223333:federated-user/f", Action: "secretsmanager:GetSecretValue",
		Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:res-name", FederatedBy: "u"},
}

// FuzzReaders hands arbitrary bytes to the reader of every CLI output of the
// layout (which picks the route), as the output itself or as its .error
// file, then resolves requests over whatever was read: nothing may panic.
func FuzzReaders(f *testing.F) {
	_ = filepath.WalkDir(basicDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(basicDir, path)
		rel = filepath.ToSlash(rel)
		ext := filepath.Ext(rel)
		for i, r := range routes {
			if _, ok := r.match(strings.TrimSuffix(rel, ext)); ok {
				data, _ := os.ReadFile(path)
				f.Add(uint8(i), ext == ".error", data)
			}
		}
		return nil
	})
	f.Add(uint8(0), false, []byte(`{"Organization": {"Id": 1}}`))
	f.Add(uint8(7), false, []byte(`{"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r", "AssumeRolePolicyDocument": "%7B"}]}`))
	f.Fuzz(func(t *testing.T, which uint8, isError bool, data []byte) {
		r := routes[int(which)%len(routes)]
		l := newLoader("/snapshot")
		in := input{rel: "fuzz", seg: segsFor(r.pattern)}
		if isError {
			e := parseAWSError(string(data))
			in.failed = &e
		} else {
			in.data = data
		}
		r.read(l, in)
		l.finish()
		for _, p := range l.snap.problems {
			if p.Msg == "" {
				t.Errorf("problem without a message: %+v", p)
			}
		}
		for _, q := range fuzzQueries {
			if _, err := l.snap.Resolve(q); err != nil {
				t.Errorf("Resolve(%+v) failed on a well-formed query: %v", q, err)
			}
		}
	})
}

// FuzzMatchRoute checks that any path either matches no route or yields
// placeholders that are not empty.
func FuzzMatchRoute(f *testing.F) {
	f.Add("accounts/111122223333/s3/b/get-bucket-policy")
	f.Add("organization/targets/r-ab12/SERVICE_CONTROL_POLICY")
	f.Add("accounts/1/ecr/us-east-1/team%2Fapp/get-repository-policy")
	f.Add("accounts/1/ecr/us-east-1/%zz/get-repository-policy")
	f.Fuzz(func(t *testing.T, stem string) {
		for _, r := range routes {
			seg, ok := r.match(stem)
			if !ok {
				continue
			}
			for _, s := range seg {
				if s == "" {
					t.Errorf("route %s matched %q with an empty placeholder", r.pattern, stem)
				}
			}
		}
	})
}
