package collect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// sqs reads, per region, every queue's attributes (with --attribute-names
// All, so Policy and QueueArn come) and tags.
func (c *collector) sqs(ctx context.Context, region string) {
	client := sqs.NewFromConfig(c.cfg, func(o *sqs.Options) { o.Region = region; o.BaseEndpoint = c.base() })
	dir := c.acct("sqs", region)
	// Without MaxResults ListQueues returns at most 1000 queues and no
	// NextToken; with it, every queue page by page.
	p := sqs.NewListQueuesPaginator(client, &sqs.ListQueuesInput{MaxResults: aws.Int32(1000)})
	pages(ctx, c, dir+"/list-queues", "ListQueues", nil, p,
		func(o *sqs.ListQueuesOutput) object { return pascal.members("QueueUrls", o.QueueUrls) },
		func(o *sqs.ListQueuesOutput) {
			for _, url := range o.QueueUrls {
				if name := queueName(url); name != "" {
					c.pool.spawn(func(ctx context.Context) { c.queue(ctx, client, dir+"/"+seg(name), url) })
				}
			}
		})
}

func (c *collector) queue(ctx context.Context, client *sqs.Client, stem, url string) {
	get(ctx, c, stem+"/get-queue-attributes", "GetQueueAttributes", nil,
		func(ctx context.Context) (*sqs.GetQueueAttributesOutput, error) {
			return client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
				QueueUrl:       &url,
				AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll},
			})
		},
		func(o *sqs.GetQueueAttributesOutput) object { return pascal.members("Attributes", o.Attributes) })
	get(ctx, c, stem+"/list-queue-tags", "ListQueueTags", nil,
		func(ctx context.Context) (*sqs.ListQueueTagsOutput, error) {
			return client.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: &url})
		},
		func(o *sqs.ListQueueTagsOutput) object { return pascal.members("Tags", o.Tags) })
}

// queueName is the last path segment of a queue URL
// (https://sqs.us-east-1.amazonaws.com/111122223333/orders → orders).
func queueName(url string) string {
	url = strings.TrimRight(url, "/")
	return url[strings.LastIndexByte(url, '/')+1:]
}
