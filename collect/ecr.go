package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
)

// ecr reads, per region, every repository's policy and tags. ECR's model
// names members in camelCase, so its outputs go through ecrDialect.
func (c *collector) ecr(ctx context.Context, region string) {
	client := ecr.NewFromConfig(c.cfg, func(o *ecr.Options) { o.Region = region; o.BaseEndpoint = c.base() })
	dir := c.acct("ecr", region)
	pages(ctx, c, dir+"/describe-repositories", "DescribeRepositories", nil,
		ecr.NewDescribeRepositoriesPaginator(client, &ecr.DescribeRepositoriesInput{}),
		func(o *ecr.DescribeRepositoriesOutput) object {
			return ecrDialect.members("repositories", o.Repositories)
		},
		func(o *ecr.DescribeRepositoriesOutput) {
			for _, r := range o.Repositories {
				name, registry, arn := aws.ToString(r.RepositoryName), r.RegistryId, aws.ToString(r.RepositoryArn)
				if name != "" {
					c.pool.spawn(func(ctx context.Context) { c.repository(ctx, client, dir+"/"+seg(name), name, registry, arn) })
				}
			}
		})
}

func (c *collector) repository(ctx context.Context, client *ecr.Client, stem, name string, registry *string, arn string) {
	get(ctx, c, stem+"/get-repository-policy", "GetRepositoryPolicy", noRepositoryPolicy,
		func(ctx context.Context) (*ecr.GetRepositoryPolicyOutput, error) {
			return client.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: &name, RegistryId: registry})
		}, outputOf[*ecr.GetRepositoryPolicyOutput](ecrDialect))
	if arn == "" {
		return
	}
	get(ctx, c, stem+"/list-tags-for-resource", "ListTagsForResource", nil,
		func(ctx context.Context) (*ecr.ListTagsForResourceOutput, error) {
			return client.ListTagsForResource(ctx, &ecr.ListTagsForResourceInput{ResourceArn: &arn})
		},
		func(o *ecr.ListTagsForResourceOutput) object { return ecrDialect.members("tags", o.Tags) })
}
