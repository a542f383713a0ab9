package account_test

import (
	"fmt"

	"github.com/whydenied/whydenied/account"
	"github.com/whydenied/whydenied/condition"
)

// Resolve a request against a snapshot and decide it, the way
// `whydenied simulate --account SNAPSHOT ...` does.
func Example() {
	snap, err := account.Load("../testdata/account/basic")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := condition.NewContext()
	ctx.Set("aws:SecureTransport", "true")
	r, err := snap.Resolve(account.Query{
		Principal: "arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42",
		Action:    "s3:DeleteObject",
		Resource:  "arn:aws:s3:::dev-artifacts/build/app.zip",
		Context:   ctx,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res := r.Evaluate()
	fmt.Println(res.Decision, res.DeniedBy)
	fmt.Println(res.Message)
	for _, s := range r.Sources[:2] {
		fmt.Printf("%s: %s (%s)\n", s.Layer, s.Name, s.File)
	}
	fmt.Println(len(r.Unknowns), "unknowns")
	// Output:
	// implicitDeny [permissionsBoundary]
	// User: arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42 is not authorized to perform: s3:DeleteObject on resource: arn:aws:s3:::dev-artifacts/build/app.zip because no permissions boundary allows the s3:DeleteObject action
	// identity: inline policy deploy-inline of role deploy (accounts/111122223333/iam/get-account-authorization-details.json)
	// permissionsBoundary: arn:aws:iam::111122223333:policy/DeployBoundary (accounts/111122223333/iam/get-account-authorization-details.json)
	// 0 unknowns
}
