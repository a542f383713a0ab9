package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// kms reads, per region, the key list, the aliases, and each key's policy,
// tags and metadata (KeyManager says whether AWS manages the key).
func (c *collector) kms(ctx context.Context, region string) {
	client := kms.NewFromConfig(c.cfg, func(o *kms.Options) { o.Region = region; o.BaseEndpoint = c.base() })
	dir := c.acct("kms", region)
	pages(ctx, c, dir+"/list-keys", "ListKeys", nil, kms.NewListKeysPaginator(client, &kms.ListKeysInput{}),
		func(o *kms.ListKeysOutput) object { return pascal.members("Keys", o.Keys) },
		func(o *kms.ListKeysOutput) {
			for _, k := range o.Keys {
				if id := aws.ToString(k.KeyId); id != "" {
					c.pool.spawn(func(ctx context.Context) { c.kmsKey(ctx, client, dir+"/"+seg(id), id) })
				}
			}
		})
	pages(ctx, c, dir+"/list-aliases", "ListAliases", nil, kms.NewListAliasesPaginator(client, &kms.ListAliasesInput{}),
		func(o *kms.ListAliasesOutput) object { return pascal.members("Aliases", o.Aliases) }, nil)
}

func (c *collector) kmsKey(ctx context.Context, client *kms.Client, stem, id string) {
	get(ctx, c, stem+"/get-key-policy", "GetKeyPolicy", nil,
		func(ctx context.Context) (*kms.GetKeyPolicyOutput, error) {
			return client.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: &id, PolicyName: aws.String("default")})
		}, outputOf[*kms.GetKeyPolicyOutput](pascal))
	pages(ctx, c, stem+"/list-resource-tags", "ListResourceTags", nil,
		kms.NewListResourceTagsPaginator(client, &kms.ListResourceTagsInput{KeyId: &id}),
		func(o *kms.ListResourceTagsOutput) object { return pascal.members("Tags", o.Tags) }, nil)
	get(ctx, c, stem+"/describe-key", "DescribeKey", nil,
		func(ctx context.Context) (*kms.DescribeKeyOutput, error) {
			return client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &id})
		}, outputOf[*kms.DescribeKeyOutput](pascal))
}
