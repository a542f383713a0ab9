package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// ec2 reads, per region, every VPC endpoint with its policy document.
func (c *collector) ec2(ctx context.Context, region string) {
	client := ec2.NewFromConfig(c.cfg, func(o *ec2.Options) { o.Region = region; o.BaseEndpoint = c.base() })
	pages(ctx, c, c.acct("ec2", region, "describe-vpc-endpoints"), "DescribeVpcEndpoints", nil,
		ec2.NewDescribeVpcEndpointsPaginator(client, &ec2.DescribeVpcEndpointsInput{}),
		func(o *ec2.DescribeVpcEndpointsOutput) object { return pascal.members("VpcEndpoints", o.VpcEndpoints) }, nil)
}
