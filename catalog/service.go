package catalog

// Service is one AWS service as the authorization reference describes it.
type Service struct {
	Prefix       string // "s3": the part before the colon in its actions
	Name         string // "Amazon S3"
	RCPSupported bool   // resource control policies apply to it
	// Actions are the action names without the prefix ("GetObject"), in
	// case-insensitive order.
	Actions       []string
	ResourceTypes []ResourceType
	ConditionKeys []ConditionKey // the keys its actions and resources list, aws: ones included
}

// ResourceType is a kind of resource a service's actions act on.
type ResourceType struct {
	Name          string // "object"
	ARNFormat     string // "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
	ConditionKeys []string
}

// ConditionKey is a condition key and the type AWS gives its values: String,
// ARN, Bool, Date, IPAddress, Numeric, ArrayOfString, ArrayOfARN, ArrayOfBool.
// A name may carry a variable part, as in aws:ResourceTag/${TagKey}.
type ConditionKey struct {
	Name string
	Type string
}

// Service looks a service up by prefix, ignoring case.
func (c *Catalog) Service(prefix string) (*Service, bool) {
	i, ok := c.t.findService(prefix)
	if !ok {
		return nil, false
	}
	s := c.t.service(i)
	out := &Service{Prefix: s.prefix, Name: s.name, RCPSupported: s.rcp}
	out.Actions = make([]string, 0, s.nActs)
	for j := s.firstAction; j < s.firstAction+s.nActs; j++ {
		out.Actions = append(out.Actions, c.t.actionName(j))
	}
	r := c.t.record(s.record)
	out.ResourceTypes = r.resourceTypes()
	n := r.count()
	for j := 0; j < n && !r.bad; j++ {
		out.ConditionKeys = append(out.ConditionKeys, ConditionKey{Name: r.str(), Type: r.str()})
	}
	return out, true
}

// resourceTypes decodes the first part of a service record.
func (r *reader) resourceTypes() []ResourceType {
	n := r.count()
	var out []ResourceType
	for j := 0; j < n && !r.bad; j++ {
		out = append(out, ResourceType{Name: r.str(), ARNFormat: r.str(), ConditionKeys: r.strs()})
	}
	return out
}

type rtHead struct{ name, arn string }

// resourceTypeHeads decodes only the names and ARN formats of a service's
// resource types, skipping their key lists: what an action lookup needs.
func (r *reader) resourceTypeHeads() []rtHead {
	n := r.count()
	out := make([]rtHead, 0, n)
	for j := 0; j < n && !r.bad; j++ {
		h := rtHead{name: r.str(), arn: r.str()}
		for k := r.count(); k > 0 && !r.bad; k-- {
			r.uint()
		}
		out = append(out, h)
	}
	return out
}
