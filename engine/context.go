package engine

import (
	"strconv"
	"time"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
)

// derived holds the keys AWS puts in every request context
// (reference_policies_condition-keys.md), computed once per request and
// served to the condition evaluator behind the caller's own context, so the
// caller's values always win and nothing is copied.
type derived struct {
	n      int
	names  [maxDerived]string
	folded [maxDerived]string
	values [maxDerived][]string
	one    [maxDerived][1]string // backing store for single values
}

const maxDerived = 14

func (d *derived) add(name, folded, value string) {
	if value == "" {
		return
	}
	d.names[d.n], d.folded[d.n] = name, folded
	d.one[d.n][0] = value
	d.values[d.n] = d.one[d.n][:]
	d.n++
}

// Lookup implements condition.Defaults.
func (d *derived) Lookup(fk string) ([]string, bool) {
	for i := 0; i < d.n; i++ {
		if d.folded[i] == fk {
			return d.values[i], true
		}
	}
	return nil, false
}

// Each implements condition.Defaults.
func (d *derived) Each(fn func(string, []string)) {
	for i := 0; i < d.n; i++ {
		fn(d.names[i], d.values[i])
	}
}

// deriveContext returns the request context as conditions see it and the
// names of the keys derived because the request did not give them.
func deriveContext(req Request, resAcct string) (*condition.Context, []string) {
	d := &derived{}
	p := req.Principal
	d.add("aws:PrincipalArn", "aws:principalarn", p.PrincipalARN())
	if p.Kind == arn.Anonymous {
		// reference_policies_condition-keys.md#condition-keys-principalaccount:
		// "For anonymous requests, the request context returns anonymous".
		d.add("aws:PrincipalAccount", "aws:principalaccount", "anonymous")
	} else {
		d.add("aws:PrincipalAccount", "aws:principalaccount", p.Account)
	}
	d.add("aws:PrincipalType", "aws:principaltype", p.PrincipalType())
	if p.Kind == arn.User {
		d.add("aws:username", "aws:username", p.Name)
	}
	switch p.Kind {
	case arn.Root:
		d.add("aws:userid", "aws:userid", p.Account)
	case arn.FederatedUser:
		d.add("aws:userid", "aws:userid", p.Account+":"+p.Name)
	case arn.Anonymous:
		d.add("aws:userid", "aws:userid", "anonymous")
	}
	switch p.Kind {
	case arn.Service:
		d.add("aws:PrincipalIsAWSService", "aws:principalisawsservice", "true")
		d.add("aws:PrincipalServiceName", "aws:principalservicename", p.Service)
	case arn.Anonymous:
		// reference_policies_condition-keys.md#condition-keys-principalisawsservice:
		// "Anonymous requests do not include this key".
	default:
		d.add("aws:PrincipalIsAWSService", "aws:principalisawsservice", "false")
	}
	if p.Kind == arn.AssumedRole {
		d.add("aws:RoleSessionName", "aws:rolesessionname", p.Session)
	}
	d.add("aws:ResourceAccount", "aws:resourceaccount", resAcct)
	if a, err := arn.Parse(req.Resource); err == nil && a.Region != "" {
		d.add("aws:RequestedRegion", "aws:requestedregion", a.Region)
	}
	now := req.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC()
	d.add("aws:CurrentTime", "aws:currenttime", now.Format(time.RFC3339))
	d.add("aws:EpochTime", "aws:epochtime", strconv.FormatInt(now.Unix(), 10))

	var added []string
	for i := 0; i < d.n; i++ {
		// Has folds its argument; these are already lower case, so it
		// does not allocate.
		if !req.Context.Has(d.folded[i]) {
			if added == nil {
				added = make([]string, 0, d.n)
			}
			added = append(added, d.names[i])
		}
	}
	return req.Context.WithDefaults(d), added
}
