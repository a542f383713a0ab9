package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// lambda reads, per region, every function's resource policy (of the
// unqualified function: versions and aliases have policies of their own,
// which the snapshot layout has no place for) and tags.
func (c *collector) lambda(ctx context.Context, region string) {
	client := lambda.NewFromConfig(c.cfg, func(o *lambda.Options) { o.Region = region; o.BaseEndpoint = c.base() })
	dir := c.acct("lambda", region)
	pages(ctx, c, dir+"/list-functions", "ListFunctions", nil, lambda.NewListFunctionsPaginator(client, &lambda.ListFunctionsInput{}),
		func(o *lambda.ListFunctionsOutput) object {
			// Unlike the CLI, environment variables are left out: they
			// often hold secrets, and a snapshot is made to be shared.
			return object{{"Functions", without(pascal.items(o.Functions), "Environment")}}
		},
		func(o *lambda.ListFunctionsOutput) {
			for _, f := range o.Functions {
				name, arn := aws.ToString(f.FunctionName), aws.ToString(f.FunctionArn)
				if name != "" {
					c.pool.spawn(func(ctx context.Context) { c.function(ctx, client, dir+"/"+seg(name), name, arn) })
				}
			}
		})
}

func (c *collector) function(ctx context.Context, client *lambda.Client, stem, name, arn string) {
	get(ctx, c, stem+"/get-policy", "GetPolicy", noFunctionPolicy,
		func(ctx context.Context) (*lambda.GetPolicyOutput, error) {
			return client.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: &name})
		}, outputOf[*lambda.GetPolicyOutput](pascal))
	if arn == "" {
		return
	}
	get(ctx, c, stem+"/list-tags", "ListTags", nil,
		func(ctx context.Context) (*lambda.ListTagsOutput, error) {
			return client.ListTags(ctx, &lambda.ListTagsInput{Resource: &arn})
		},
		func(o *lambda.ListTagsOutput) object { return pascal.members("Tags", o.Tags) })
}
