package account

import (
	"net/url"
	"strings"
)

// route is one file of the layout: a path pattern (without extension) whose
// segments are literals, "{}" for a placeholder, or a literal ending in '*'
// for a prefix (paginated outputs).
type route struct {
	pattern string
	read    func(l *loader, in input)
}

func (r route) match(stem string) ([]string, bool) {
	ps := strings.Split(r.pattern, "/")
	ss := strings.Split(stem, "/")
	if len(ps) != len(ss) {
		return nil, false
	}
	var seg []string
	for i, p := range ps {
		switch {
		case p == "{}":
			s, err := url.PathUnescape(ss[i])
			if err != nil || s == "" {
				return nil, false
			}
			seg = append(seg, s)
		case strings.HasSuffix(p, "*"):
			if !strings.HasPrefix(ss[i], strings.TrimSuffix(p, "*")) {
				return nil, false
			}
		case p != ss[i]:
			return nil, false
		}
	}
	return seg, true
}

// iamRoute is the IAM output, which Load also reads ahead in parallel.
var iamRoute = route{"accounts/{}/iam/get-account-authorization-details*", readAuthorizationDetails}

// routes is the layout of LAYOUT.md, file by file.
var routes = [...]route{
	{"organization/describe-organization", readDescribeOrganization},
	{"organization/list-roots", readListRoots},
	{"organization/list-accounts", func(*loader, input) {}}, // reference only: the tree comes from the parents/ listings
	{"organization/parents/{}/list-organizational-units-for-parent", readListOUs},
	{"organization/parents/{}/list-accounts-for-parent", readListAccounts},
	{"organization/targets/{}/{}", readTargetPolicies},
	{"organization/policies/{}", readDescribePolicy},

	iamRoute,

	{"accounts/{}/s3/list-buckets", readAccountListing("s3", false)},
	{"accounts/{}/s3/{}/get-bucket-policy", readResourcePolicy("s3", false, parseBucketPolicy)},
	{"accounts/{}/s3/{}/get-bucket-tagging", readResourceTags("s3", false, parseTagSet)},
	{"accounts/{}/s3/{}/get-bucket-location", readBucketLocation},

	{"accounts/{}/kms/{}/list-keys", readAccountListing("kms", true)},
	{"accounts/{}/kms/{}/list-aliases", readKMSAliases},
	{"accounts/{}/kms/{}/{}/get-key-policy", readResourcePolicy("kms", true, parseKeyPolicy)},
	{"accounts/{}/kms/{}/{}/list-resource-tags", readResourceTags("kms", true, parseKMSTags)},
	{"accounts/{}/kms/{}/{}/describe-key", readDescribeKey},

	{"accounts/{}/sqs/{}/list-queues", readAccountListing("sqs", true)},
	{"accounts/{}/sqs/{}/{}/get-queue-attributes", readResourcePolicy("sqs", true, parseQueueAttributes)},
	{"accounts/{}/sqs/{}/{}/list-queue-tags", readResourceTags("sqs", true, parseTagObject("Tags"))},

	{"accounts/{}/sns/{}/list-topics", readAccountListing("sns", true)},
	{"accounts/{}/sns/{}/{}/get-topic-attributes", readResourcePolicy("sns", true, parseTopicAttributes)},
	{"accounts/{}/sns/{}/{}/list-tags-for-resource", readResourceTags("sns", true, parseKeyValueTags("Tags"))},

	{"accounts/{}/lambda/{}/list-functions", readAccountListing("lambda", true)},
	{"accounts/{}/lambda/{}/{}/get-policy", readResourcePolicy("lambda", true, parseLambdaPolicy)},
	{"accounts/{}/lambda/{}/{}/list-tags", readResourceTags("lambda", true, parseTagObject("Tags"))},

	{"accounts/{}/secretsmanager/{}/list-secrets", readAccountListing("secretsmanager", true)},
	{"accounts/{}/secretsmanager/{}/{}/get-resource-policy", readResourcePolicy("secretsmanager", true, parseSecretPolicy)},
	{"accounts/{}/secretsmanager/{}/{}/describe-secret", readResourceTags("secretsmanager", true, parseDescribeSecret)},

	{"accounts/{}/ecr/{}/describe-repositories", readAccountListing("ecr", true)},
	{"accounts/{}/ecr/{}/{}/get-repository-policy", readResourcePolicy("ecr", true, parseRepositoryPolicy)},
	{"accounts/{}/ecr/{}/{}/list-tags-for-resource", readResourceTags("ecr", true, parseKeyValueTags("tags"))},

	{"accounts/{}/ec2/{}/describe-vpc-endpoints", readVPCEndpoints},
}
