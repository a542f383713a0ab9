package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// s3 lists the account's general purpose buckets and reads each bucket's
// policy and tags in the bucket's own region, whatever Options.Regions
// says: a bucket policy matters wherever the bucket lives.
func (c *collector) s3(ctx context.Context) {
	home := c.s3Client(c.cfg.Region)
	// MaxBuckets makes S3 return each bucket's BucketRegion (it does only
	// when the request has a parameter), which saves a GetBucketLocation
	// per bucket.
	p := s3.NewListBucketsPaginator(home, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
	pages(ctx, c, c.acct("s3", "list-buckets"), "ListBuckets", nil, p,
		func(o *s3.ListBucketsOutput) object {
			// Buckets is the paginator's result key; Owner and Prefix are
			// kept from the first page. Unsure: whether the CLI's
			// paginator lists Owner among its non-aggregate keys.
			return pascal.members("Buckets", o.Buckets, "Owner", o.Owner, "Prefix", o.Prefix)
		},
		func(o *s3.ListBucketsOutput) {
			for _, b := range o.Buckets {
				name, region := aws.ToString(b.Name), aws.ToString(b.BucketRegion)
				if name != "" {
					c.pool.spawn(func(ctx context.Context) { c.bucket(ctx, name, region) })
				}
			}
		})
}

func (c *collector) bucket(ctx context.Context, name, region string) {
	if region == "" {
		region = c.cfg.Region
		loc, err := c.s3Client(c.cfg.Region).GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: &name})
		if err == nil {
			region = bucketRegion(string(loc.LocationConstraint))
		}
		// Without the location the calls below go to the home region;
		// if that is wrong, their own errors are recorded.
	}
	client := c.s3Client(region)
	stem := c.acct("s3", seg(name))
	get(ctx, c, stem+"/get-bucket-policy", "GetBucketPolicy", noBucketPolicy,
		func(ctx context.Context) (*s3.GetBucketPolicyOutput, error) {
			return client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &name})
		},
		func(o *s3.GetBucketPolicyOutput) object { return pascal.members("Policy", o.Policy) })
	get(ctx, c, stem+"/get-bucket-tagging", "GetBucketTagging", noBucketTags,
		func(ctx context.Context) (*s3.GetBucketTaggingOutput, error) {
			return client.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: &name})
		},
		func(o *s3.GetBucketTaggingOutput) object { return pascal.members("TagSet", o.TagSet) })
}

// bucketRegion reads GetBucketLocation's answer: empty for us-east-1, and
// the legacy "EU" for eu-west-1.
func bucketRegion(constraint string) string {
	switch constraint {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return constraint
}

// s3Client is the S3 client for a region, path-style when an endpoint
// override is in force (a local server has no per-bucket host names).
func (c *collector) s3Client(region string) *s3.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.s3Clients[region]; ok {
		return cl
	}
	cl := s3.NewFromConfig(c.cfg, func(o *s3.Options) {
		o.Region = region
		o.BaseEndpoint = c.base()
		o.UsePathStyle = c.endpoint != ""
	})
	c.s3Clients[region] = cl
	return cl
}
