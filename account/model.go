package account

import (
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

// Snapshot is a loaded account snapshot. It is not modified after Load.
type Snapshot struct {
	dir      string
	accounts map[string]*accountData
	org      *orgData // nil: the snapshot has no organization/ directory
	vpces    map[string]*endpoint
	buckets  map[string]*resource // S3 bucket names are global
	// awsManaged holds the AWS managed policies that some account attaches
	// but does not carry in its authorization details, from the embedded set.
	awsManaged    map[string]*managedDoc
	managedSource string // where awsManaged came from, for Sources
	// builtins are FullAWSAccess and RCPFullAWSAccess, parsed once.
	builtins [2]*policy.Policy
	problems []*Problem
}

// accountData is everything the snapshot holds about one account.
type accountData struct {
	id        string
	partition string // from its IAM ARNs; "aws" when none
	iam       *iamData
	iamGap    string               // why the IAM data is missing, when a .error says so
	resources map[string]*resource // by arnKey
	aliases   map[string]string    // kms "region/alias/NAME" → key id
	gaps      []serviceGap         // listings that failed: a whole service (region) unknown
}

// serviceGap is a .error file standing for a whole service or region of an
// account.
type serviceGap struct {
	service, region, file, text string
}

type iamData struct {
	files    []string
	users    map[string]*iamUser
	roles    map[string]*iamRole
	groups   map[string]*iamGroup
	policies map[string]*managedDoc // by ARN: customer managed, and AWS managed ones listed in the output
}

// entity is what users, groups and roles share.
type entity struct {
	name, arn, id, path, file string
	inline                    []inlinePolicy
	attached                  []string // managed policy ARNs
	boundary                  string   // permissions boundary policy ARN, "" when none
	tags                      []tag
	broken                    []string // sentences for parts of the entity that could not be read
}

type inlinePolicy struct {
	name   string
	path   string // JSON path in the file
	policy *policy.Policy
}

type iamUser struct {
	entity
	groups []string // group names, as GroupList gives them
}

type iamGroup struct{ entity }

type iamRole struct {
	entity
	trust      *policy.Policy
	trustPath  string
	trustError string // why the trust policy could not be read
}

// managedDoc is one managed policy's default version.
type managedDoc struct {
	arn, name string
	file      string // snapshot file, or "" for the embedded set
	path      string // JSON path of the document
	doc       *policy.Policy
	problem   string // why doc is nil
}

// state is how much the snapshot knows about one piece of data.
type state uint8

const (
	unknown state = iota // no file: the snapshot does not say
	absent               // known not to exist (a "no such policy" error, or an output without it)
	present
	broken // a file exists but could not be read, or the call failed
)

// resource is one resource with its policy and tags.
type resource struct {
	service, account, region, name string
	arn                            string // set once all its files are read
	arnFromOutput                  string

	policy     *policy.Policy
	policyPath string
	policyFile string
	policySt   state
	policyWhy  string // the error text when broken

	tags     []tag
	tagsSt   state
	tagsFile string

	awsManagedKey bool   // KMS KeyManager AWS: RCPs do not apply to it
	location      string // an S3 bucket's region, from get-bucket-location
}

type endpoint struct {
	id, vpc, owner, account, region, service, file, path string
	policy                                               *policy.Policy
	problem                                              string
}

// orgData is the organization as its listings describe it.
type orgData struct {
	id, mgmt, featureSet string
	describeFile         string
	rootOrgID, rootMgmt  string // from the root's ARN in list-roots
	idKnown, mgmtKnown   bool   // whether id and mgmt came from some output
	complete             bool   // every listing of the tree was read (treeComplete)
	notInUse             bool   // describe-organization said AWSOrganizationsNotInUseException
	gap                  string // the organization as a whole could not be read
	rootsKnown           bool
	roots                []string
	enabled              map[string]bool   // policy type → enabled at the root
	parent               map[string]string // child id (OU or account) → parent id
	names                map[string]string // OU and account names
	listed               map[string]uint8  // parent id → listings read (listOUs | listAccounts)
	listGaps             map[string]string // parent id → error text of a failed listing
	targets              map[string]*target
	policies             map[string]*orgPolicy
}

const (
	listOUs uint8 = 1 << iota
	listAccounts
)

type target struct {
	file string
	st   state
	why  string
	ids  []string
}

type orgPolicy struct {
	id, name, arn, typ, file string
	doc                      *policy.Policy
	problem                  string
}

// Policy types as Organizations names them.
const (
	typeSCP = "SERVICE_CONTROL_POLICY"
	typeRCP = "RESOURCE_CONTROL_POLICY"
)

// Source says where one policy of a Resolved came from.
type Source struct {
	Layer engine.Layer `json:"layer"`
	Level int          `json:"level"`          // organization level of an SCP or RCP (0 = root); -1 for other layers
	Name  string       `json:"name"`           // the name the trace shows
	File  string       `json:"file"`           // snapshot file relative to its directory, or the embedded set it came from
	Path  string       `json:"path,omitempty"` // JSON path of the document in File ("" when not from a file)
	Via   string       `json:"via"`            // how it reaches the request: "attached to group developers", "inline in role deploy"...
}
