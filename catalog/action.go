package catalog

import "strings"

// Action is one IAM action and what the reference says it acts on.
type Action struct {
	Service string // "s3"
	Name    string // "GetObject"
	// AccessLevel is the level AWS classifies the action under: Read, Write,
	// List, Tagging or Permissions management.
	AccessLevel string
	// AccessLevels is every level the data states, most specific first: a
	// tagging action is ["Tagging", "Write"], a policy-changing one
	// ["Permissions management", "Write"], others just [AccessLevel].
	AccessLevels []string
	// ResourceTypes are the kinds of resource a policy can name for the
	// action, in the reference's order. Empty means the action supports no
	// resource-level permissions: a policy must name Resource "*".
	ResourceTypes []ResourceRef
	// ConditionKeys are the keys the action itself supports (resource-type
	// keys are on each ResourceRef).
	ConditionKeys []string
	// DependentActions are the other actions a request for this one also
	// needs permission for: the action's own, then each resource type's, with
	// duplicates removed.
	DependentActions []string
}

// ResourceRef is one resource type as an action uses it.
type ResourceRef struct {
	Name string // "object"
	// Required means every request for the action involves this resource
	// type; in the reference a required type is marked with an asterisk.
	// Where an action reaches a resource in alternative ways (an S3 object
	// directly or through an access point), the data marks none of them
	// required: s3:GetObject lists object and accesspointobject, both false.
	Required bool
	// ARNFormats are the ARN shapes of the type, with ${Variables}. The
	// reference gives one per type; it is a list so a later format can add
	// more without an API change.
	ARNFormats       []string
	ConditionKeys    []string // keys that apply when a request names this type
	DependentActions []string
}

// FullName is the action as a policy names it: "s3:GetObject".
func (a *Action) FullName() string { return a.Service + ":" + a.Name }

// Action looks an action up by its full name, "s3:GetObject", ignoring case.
// The name must be exact: wildcards are for Expand.
func (c *Catalog) Action(name string) (*Action, bool) {
	prefix, act, ok := splitAction(name)
	if !ok {
		return nil, false
	}
	si, ok := c.t.findService(prefix)
	if !ok {
		return nil, false
	}
	s := c.t.service(si)
	ai, ok := c.t.findAction(s, act)
	if !ok {
		return nil, false
	}
	sr := c.t.record(s.record)
	rts := sr.resourceTypeHeads()
	r := c.t.record(c.t.actionRecord(ai))
	a := &Action{Service: s.prefix, Name: c.t.actionName(ai)}
	level := r.str()
	a.AccessLevels = splitLevels(level)
	if len(a.AccessLevels) > 0 {
		a.AccessLevel = a.AccessLevels[0]
	}
	n := r.count()
	var deps []string
	for j := 0; j < n && !r.bad; j++ {
		ref := ResourceRef{}
		if k := int(r.uint()); k < len(rts) {
			ref.Name = rts[k].name
			ref.ARNFormats = []string{rts[k].arn}
		}
		ref.Required = r.uint() == 1
		ref.ConditionKeys = r.strs()
		ref.DependentActions = r.strs()
		deps = append(deps, ref.DependentActions...)
		a.ResourceTypes = append(a.ResourceTypes, ref)
	}
	a.ConditionKeys = r.strs()
	a.DependentActions = dedupe(append(r.strs(), deps...))
	if r.bad {
		return nil, false
	}
	return a, true
}

func splitLevels(level string) []string {
	if level == "" {
		return nil
	}
	parts := strings.Split(level, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// dedupe keeps the first of each case-insensitively equal name.
func dedupe(names []string) []string {
	if len(names) < 2 {
		return names
	}
	out := names[:0]
	for _, n := range names {
		dup := false
		for _, o := range out {
			if strings.EqualFold(n, o) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, n)
		}
	}
	return out
}
