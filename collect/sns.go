package collect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// sns reads, per region, every topic's attributes (Policy, TopicArn) and
// tags.
func (c *collector) sns(ctx context.Context, region string) {
	client := sns.NewFromConfig(c.cfg, func(o *sns.Options) { o.Region = region; o.BaseEndpoint = c.base() })
	dir := c.acct("sns", region)
	pages(ctx, c, dir+"/list-topics", "ListTopics", nil, sns.NewListTopicsPaginator(client, &sns.ListTopicsInput{}),
		func(o *sns.ListTopicsOutput) object { return pascal.members("Topics", o.Topics) },
		func(o *sns.ListTopicsOutput) {
			for _, t := range o.Topics {
				arn := aws.ToString(t.TopicArn)
				if name := arnName(arn, ':'); name != "" {
					c.pool.spawn(func(ctx context.Context) { c.topic(ctx, client, dir+"/"+seg(name), arn) })
				}
			}
		})
}

func (c *collector) topic(ctx context.Context, client *sns.Client, stem, arn string) {
	get(ctx, c, stem+"/get-topic-attributes", "GetTopicAttributes", nil,
		func(ctx context.Context) (*sns.GetTopicAttributesOutput, error) {
			return client.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: &arn})
		},
		func(o *sns.GetTopicAttributesOutput) object { return pascal.members("Attributes", o.Attributes) })
	get(ctx, c, stem+"/list-tags-for-resource", "ListTagsForResource", nil,
		func(ctx context.Context) (*sns.ListTagsForResourceOutput, error) {
			return client.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: &arn})
		},
		func(o *sns.ListTagsForResourceOutput) object { return pascal.members("Tags", o.Tags) })
}

// arnName is what follows the last sep in an ARN: a topic's name after
// ':', or "" when the ARN has no such part.
func arnName(arn string, sep byte) string {
	i := strings.LastIndexByte(arn, sep)
	if i < 0 {
		return ""
	}
	return arn[i+1:]
}
