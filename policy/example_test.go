package policy_test

import (
	"fmt"

	"github.com/whydenied/whydenied/policy"
)

func ExampleParse() {
	p, err := policy.Parse([]byte(`{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"
  }
}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	st := p.Statements[0]
	fmt.Println(st.Effect, st.Action.List, st.Principal.Service.List)
	fmt.Println(p.Validate(policy.Trust))
	fmt.Println(p.Validate(policy.Identity))
	out, _ := p.MarshalJSON()
	fmt.Println(string(out))
	// Output:
	// Allow [sts:AssumeRole] [ec2.amazonaws.com]
	// <nil>
	// Statement.Principal: identity-based policies cannot have Principal: their principal is the identity they apply to (line 5, column 5)
	// Statement: missing Resource: every statement needs "Resource" or "NotResource", e.g. "Resource": "*" (line 3, column 16)
	// {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}
}

func ExampleError() {
	_, err := policy.Parse([]byte(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "allow", "Action": "s3:GetObject", "Resource": "*",
     "Condition": {"IpAddress": {"aws:SourceIp": {"cidr": "203.0.113.0/24"}}}}
  ]
}`))
	fmt.Println(err)
	// Output:
	// Statement[0].Effect: expected "Allow" or "Deny", got "allow" (Effect values are case-sensitive: write "Allow") (line 4, column 16)
	// Statement[0].Condition.IpAddress."aws:SourceIp": expected a string or a list of strings, got an object (line 5, column 50)
}
