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
// caller's values always win and nothing is copied. Only keys the caller
// did not give are computed at all.
type derived struct {
	n     int
	keys  [maxDerived]uint8     // indexes into derivedKeys
	one   [maxDerived][1]string // each key's single value
	names [maxDerived]string    // the trace's DerivedContext, backed here to save an allocation
	view  condition.Context     // the request context with these keys behind it
}

// clock remembers the last time written as aws:CurrentTime and
// aws:EpochTime: a batch decides many requests in the same second, and
// formatting the time was a fifth of the allocations of a decision.
type clock struct {
	unix         int64
	text, epoch  string
	hasFormatted bool
}

// format returns now (in UTC) as RFC 3339 and as seconds since the epoch.
func (c *clock) format(now time.Time) (text, epoch string) {
	now = now.UTC()
	if !c.hasFormatted || now.Unix() != c.unix {
		c.unix, c.hasFormatted = now.Unix(), true
		c.text, c.epoch = now.Format(time.RFC3339), strconv.FormatInt(now.Unix(), 10)
	}
	return c.text, c.epoch
}

// derivedKeys names every key derived, as written and folded. A constant
// table, never written.
var derivedKeys = [...][2]string{
	{"aws:PrincipalArn", "aws:principalarn"},
	{"aws:PrincipalAccount", "aws:principalaccount"},
	{"aws:PrincipalType", "aws:principaltype"},
	{"aws:username", "aws:username"},
	{"aws:userid", "aws:userid"},
	{"aws:PrincipalIsAWSService", "aws:principalisawsservice"},
	{"aws:PrincipalServiceName", "aws:principalservicename"},
	{"aws:RoleSessionName", "aws:rolesessionname"},
	{"aws:ResourceAccount", "aws:resourceaccount"},
	{"aws:RequestedRegion", "aws:requestedregion"},
	{"aws:CurrentTime", "aws:currenttime"},
	{"aws:EpochTime", "aws:epochtime"},
}

const (
	dPrincipalArn = iota
	dPrincipalAccount
	dPrincipalType
	dUsername
	dUserid
	dPrincipalIsAWSService
	dPrincipalServiceName
	dRoleSessionName
	dResourceAccount
	dRequestedRegion
	dCurrentTime
	dEpochTime
)

const maxDerived = len(derivedKeys)

// wants reports whether key k is to be derived: the caller's context does
// not give it.
func (d *derived) wants(ctx *condition.Context, k int) bool {
	return !ctx.HasFolded(derivedKeys[k][1])
}

func (d *derived) add(k int, value string) {
	if value == "" {
		return
	}
	d.keys[d.n] = uint8(k)
	d.one[d.n][0] = value
	d.n++
}

// Lookup implements condition.Defaults.
func (d *derived) Lookup(fk string) ([]string, bool) {
	for i := 0; i < d.n; i++ {
		if derivedKeys[d.keys[i]][1] == fk {
			return d.one[i][:], true
		}
	}
	return nil, false
}

// Each implements condition.Defaults.
func (d *derived) Each(fn func(string, []string)) {
	for i := 0; i < d.n; i++ {
		fn(derivedKeys[d.keys[i]][0], d.one[i][:])
	}
}

// deriveContext returns the request context as conditions see it and the
// names of the keys derived because the request did not give them.
func deriveContext(req Request, resAcct, region string, d *derived, clk *clock) (*condition.Context, []string) {
	p := req.Principal
	ctx := req.Context
	add := func(k int, value string) {
		if d.wants(ctx, k) {
			d.add(k, value)
		}
	}
	if d.wants(ctx, dPrincipalArn) {
		d.add(dPrincipalArn, p.PrincipalARN())
	}
	if p.Kind == arn.Anonymous {
		// reference_policies_condition-keys.md#condition-keys-principalaccount:
		// "For anonymous requests, the request context returns anonymous".
		add(dPrincipalAccount, "anonymous")
	} else {
		add(dPrincipalAccount, p.Account)
	}
	if d.wants(ctx, dPrincipalType) {
		d.add(dPrincipalType, p.PrincipalType())
	}
	if p.Kind == arn.User {
		add(dUsername, p.Name)
	}
	switch p.Kind {
	case arn.Root:
		add(dUserid, p.Account)
	case arn.FederatedUser:
		if d.wants(ctx, dUserid) {
			d.add(dUserid, p.Account+":"+p.Name)
		}
	case arn.Anonymous:
		add(dUserid, "anonymous")
	}
	switch p.Kind {
	case arn.Service:
		add(dPrincipalIsAWSService, "true")
		add(dPrincipalServiceName, p.Service)
	case arn.Anonymous:
		// reference_policies_condition-keys.md#condition-keys-principalisawsservice:
		// "Anonymous requests do not include this key".
	default:
		add(dPrincipalIsAWSService, "false")
	}
	if p.Kind == arn.AssumedRole {
		add(dRoleSessionName, p.Session)
	}
	add(dResourceAccount, resAcct)
	if region != "" {
		add(dRequestedRegion, region)
	}
	wantTime, wantEpoch := d.wants(ctx, dCurrentTime), d.wants(ctx, dEpochTime)
	if wantTime || wantEpoch {
		now := req.Now
		if now.IsZero() {
			now = time.Now()
		}
		text, epoch := clk.format(now)
		if wantTime {
			d.add(dCurrentTime, text)
		}
		if wantEpoch {
			d.add(dEpochTime, epoch)
		}
	}

	var added []string
	if d.n > 0 {
		added = d.names[:d.n:d.n]
		for i := 0; i < d.n; i++ {
			added[i] = derivedKeys[d.keys[i]][0]
		}
	}
	return ctx.WithDefaultsIn(&d.view, d), added
}
