package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// iam reads every user, group, role and managed policy in use with
// GetAccountAuthorizationDetails, without --filter, as LAYOUT.md asks.
func (c *collector) iam(ctx context.Context) {
	client := iam.NewFromConfig(c.cfg, func(o *iam.Options) { o.BaseEndpoint = c.base() })
	p := iam.NewGetAccountAuthorizationDetailsPaginator(client, &iam.GetAccountAuthorizationDetailsInput{})
	pages(ctx, c, c.acct("iam", "get-account-authorization-details"), "GetAccountAuthorizationDetails", nil, p,
		func(o *iam.GetAccountAuthorizationDetailsOutput) object {
			// The paginator's result keys, in the CLI's order; IsTruncated
			// and Marker are dropped by its auto-pagination.
			return iamDialect.members(
				"UserDetailList", o.UserDetailList,
				"GroupDetailList", o.GroupDetailList,
				"RoleDetailList", o.RoleDetailList,
				"Policies", o.Policies)
		}, nil)
}
