package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// secrets reads, per region, every secret's resource policy and metadata
// (describe-secret carries the tags). No secret value is ever read.
func (c *collector) secrets(ctx context.Context, region string) {
	client := secretsmanager.NewFromConfig(c.cfg, func(o *secretsmanager.Options) { o.Region = region; o.BaseEndpoint = c.base() })
	dir := c.acct("secretsmanager", region)
	pages(ctx, c, dir+"/list-secrets", "ListSecrets", nil,
		secretsmanager.NewListSecretsPaginator(client, &secretsmanager.ListSecretsInput{}),
		func(o *secretsmanager.ListSecretsOutput) object { return pascal.members("SecretList", o.SecretList) },
		func(o *secretsmanager.ListSecretsOutput) {
			for _, s := range o.SecretList {
				name, arn := aws.ToString(s.Name), aws.ToString(s.ARN)
				if name != "" && arn != "" {
					c.pool.spawn(func(ctx context.Context) { c.secret(ctx, client, dir+"/"+seg(name), arn) })
				}
			}
		})
}

func (c *collector) secret(ctx context.Context, client *secretsmanager.Client, stem, arn string) {
	get(ctx, c, stem+"/get-resource-policy", "GetResourcePolicy", nil,
		func(ctx context.Context) (*secretsmanager.GetResourcePolicyOutput, error) {
			return client.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: &arn})
		}, outputOf[*secretsmanager.GetResourcePolicyOutput](pascal))
	get(ctx, c, stem+"/describe-secret", "DescribeSecret", nil,
		func(ctx context.Context) (*secretsmanager.DescribeSecretOutput, error) {
			return client.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: &arn})
		}, outputOf[*secretsmanager.DescribeSecretOutput](pascal))
}
