package engine

import (
	"strconv"
	"time"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
)

// deriveContext adds the keys AWS puts in every request context
// (reference_policies_condition-keys.md) when the request does not give them;
// the caller's values always win. It returns the keys it added.
func deriveContext(req Request, resAcct string) (*condition.Context, []string) {
	ctx := req.Context.Overlay()
	var added []string
	set := func(key string, values ...string) {
		if len(values) == 0 || values[0] == "" || ctx.Has(key) {
			return
		}
		ctx.Set(key, values...)
		added = append(added, key)
	}
	p := req.Principal
	set("aws:PrincipalArn", p.PrincipalARN())
	if p.Kind == arn.Anonymous {
		// reference_policies_condition-keys.md#condition-keys-principalaccount:
		// "For anonymous requests, the request context returns anonymous".
		set("aws:PrincipalAccount", "anonymous")
	} else {
		set("aws:PrincipalAccount", p.Account)
	}
	set("aws:PrincipalType", p.PrincipalType())
	if p.Kind == arn.User {
		set("aws:username", p.Name)
	}
	switch p.Kind {
	case arn.Root:
		set("aws:userid", p.Account)
	case arn.FederatedUser:
		set("aws:userid", p.Account+":"+p.Name)
	case arn.Anonymous:
		set("aws:userid", "anonymous")
	}
	if p.Kind == arn.Service {
		set("aws:PrincipalIsAWSService", "true")
		set("aws:PrincipalServiceName", p.Service)
	} else {
		set("aws:PrincipalIsAWSService", "false")
	}
	if p.Kind == arn.AssumedRole {
		set("aws:RoleSessionName", p.Session)
	}
	set("aws:ResourceAccount", resAcct)
	if a, err := arn.Parse(req.Resource); err == nil && a.Region != "" {
		set("aws:RequestedRegion", a.Region)
	}
	now := req.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC()
	set("aws:CurrentTime", now.Format(time.RFC3339))
	set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	return ctx, added
}
