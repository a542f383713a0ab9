package collect

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
)

// orgPolicyTypes are the policy types whose attachments are read at every
// level: the two that take part in authorization.
var orgPolicyTypes = [...]types.PolicyType{types.PolicyTypeServiceControlPolicy, types.PolicyTypeResourceControlPolicy}

// org walks the organization as LAYOUT.md says: the roots, then for the
// root and every OU its child OUs and accounts; for every root, OU and
// account the SCPs and RCPs attached; then each policy seen, once.
func (c *collector) org(ctx context.Context) {
	client := organizations.NewFromConfig(c.cfg, func(o *organizations.Options) { o.BaseEndpoint = c.base() })
	_, err := get(ctx, c, "organization/describe-organization", "DescribeOrganization", nil,
		func(ctx context.Context) (*organizations.DescribeOrganizationOutput, error) {
			return client.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
		}, outputOf[*organizations.DescribeOrganizationOutput](pascal))
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "AWSOrganizationsNotInUseException" {
		// The account belongs to no organization: nothing below exists,
		// and the .error just written says so.
		return
	}
	pages(ctx, c, "organization/list-roots", "ListRoots", nil,
		organizations.NewListRootsPaginator(client, &organizations.ListRootsInput{}),
		func(o *organizations.ListRootsOutput) object { return pascal.members("Roots", o.Roots) },
		func(o *organizations.ListRootsOutput) {
			for _, r := range o.Roots {
				c.orgParent(client, aws.ToString(r.Id))
			}
		})
}

// orgParent queues the reading of a root's or an OU's children and of the
// policies attached to it.
func (c *collector) orgParent(client *organizations.Client, id string) {
	if id == "" || !c.firstSight("parent/"+id) {
		return
	}
	c.pool.spawn(func(ctx context.Context) { c.orgChildren(ctx, client, id) })
	c.orgTarget(client, id)
}

func (c *collector) orgChildren(ctx context.Context, client *organizations.Client, parent string) {
	dir := rel("organization", "parents", seg(parent))
	pages(ctx, c, dir+"/list-organizational-units-for-parent", "ListOrganizationalUnitsForParent", nil,
		organizations.NewListOrganizationalUnitsForParentPaginator(client, &organizations.ListOrganizationalUnitsForParentInput{ParentId: &parent}),
		func(o *organizations.ListOrganizationalUnitsForParentOutput) object {
			return pascal.members("OrganizationalUnits", o.OrganizationalUnits)
		},
		func(o *organizations.ListOrganizationalUnitsForParentOutput) {
			for _, ou := range o.OrganizationalUnits {
				c.orgParent(client, aws.ToString(ou.Id))
			}
		})
	pages(ctx, c, dir+"/list-accounts-for-parent", "ListAccountsForParent", nil,
		organizations.NewListAccountsForParentPaginator(client, &organizations.ListAccountsForParentInput{ParentId: &parent}),
		func(o *organizations.ListAccountsForParentOutput) object {
			return pascal.members("Accounts", o.Accounts)
		},
		func(o *organizations.ListAccountsForParentOutput) {
			for _, a := range o.Accounts {
				if id := aws.ToString(a.Id); id != "" && c.firstSight("account/"+id) {
					c.orgTarget(client, id)
				}
			}
		})
}

// orgTarget queues the listing of the SCPs and RCPs attached to a root, OU
// or account, and the reading of each policy not seen before.
func (c *collector) orgTarget(client *organizations.Client, target string) {
	for _, kind := range orgPolicyTypes {
		c.pool.spawn(func(ctx context.Context) {
			pages(ctx, c, rel("organization", "targets", seg(target), string(kind)), "ListPoliciesForTarget", noOrgPolicies,
				organizations.NewListPoliciesForTargetPaginator(client, &organizations.ListPoliciesForTargetInput{TargetId: &target, Filter: kind}),
				func(o *organizations.ListPoliciesForTargetOutput) object {
					return pascal.members("Policies", o.Policies)
				},
				func(o *organizations.ListPoliciesForTargetOutput) {
					for _, p := range o.Policies {
						if id := aws.ToString(p.Id); id != "" && c.firstSight("policy/"+id) {
							c.pool.spawn(func(ctx context.Context) { c.orgPolicy(ctx, client, id) })
						}
					}
				})
		})
	}
}

func (c *collector) orgPolicy(ctx context.Context, client *organizations.Client, id string) {
	get(ctx, c, rel("organization", "policies", seg(id)), "DescribePolicy", nil,
		func(ctx context.Context) (*organizations.DescribePolicyOutput, error) {
			return client.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: &id})
		}, outputOf[*organizations.DescribePolicyOutput](pascal))
}
