package catalog

import "testing"

// ARN shapes: reference-arns.md and the service authorization reference's
// formats. The widening rule (the resource's own name kept, what lies under
// it wildcarded) is this package's choice for fixes; the guide's own
// examples grant objects as arn:aws:s3:::bucket/* (reference_policies_
// elements_resource.md, "Using wildcards in resource ARNs").
func TestResourceARNFor(t *testing.T) {
	c := mustLoad(t)
	cases := []struct {
		action, resource string
		parts            ARNParts
		wantType, want   string // the first result
		n                int    // how many results
	}{
		{"s3:GetObject", "b", ARNParts{}, "object", "arn:aws:s3:::b/*", 2},
		{"s3:GetObject", "b", ARNParts{ResourceType: "OBJECT"}, "object", "arn:aws:s3:::b/*", 1},
		{"s3:GetObject", "arn:aws:s3:::b/build/app.zip", ARNParts{}, "object", "arn:aws:s3:::b/*", 1},
		{"s3:PutObject", "arn:aws-cn:s3:::b/k", ARNParts{}, "object", "arn:aws-cn:s3:::b/*", 1},
		{"s3:ListBucket", "b", ARNParts{}, "bucket", "arn:aws:s3:::b", 2},
		{"s3:ListBucket", "arn:aws:s3:::b", ARNParts{}, "bucket", "arn:aws:s3:::b", 1},
		{"iam:PassRole", "deploy", ARNParts{Account: "111122223333"}, "role", "arn:aws:iam::111122223333:role/deploy", 1},
		{"iam:PassRole", "arn:aws:iam::111122223333:role/service-role/deploy", ARNParts{}, "role", "arn:aws:iam::111122223333:role/service-role/deploy", 1},
		{"dynamodb:Query", "orders", ARNParts{Region: "eu-west-1", Account: "111122223333"}, "table", "arn:aws:dynamodb:eu-west-1:111122223333:table/orders", 2},
		{"dynamodb:Query", "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/byDate", ARNParts{}, "index", "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/*", 1},
		{"dynamodb:Query", "orders", ARNParts{}, "table", "arn:aws:dynamodb:*:*:table/orders", 2},
		{"logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:i-1", ARNParts{}, "log-stream", "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:*", 1},
		{"lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:f", ARNParts{}, "function", "arn:aws:lambda:us-east-1:111122223333:function:f", 1},
		{"S3:GETOBJECT", "", ARNParts{ResourceType: "object"}, "object", "arn:aws:s3:::*/*", 1},
	}
	for _, tc := range cases {
		got := c.ResourceARNFor(tc.action, tc.resource, tc.parts)
		if len(got) != tc.n || got[0].ResourceType != tc.wantType || got[0].ARN != tc.want {
			t.Errorf("ResourceARNFor(%s, %q, %+v) = %+v; want %d results, first %s %s", tc.action, tc.resource, tc.parts, got, tc.n, tc.wantType, tc.want)
		}
	}
	// Nothing to offer: unknown action, action without resource types, an
	// ARN of another kind, a type the action does not have.
	none := []struct{ action, resource, typ string }{
		{"s3:NoSuch", "b", ""},
		{"sts:GetCallerIdentity", "x", ""},
		{"s3:ListBucket", "arn:aws:s3:::b/k", ""},
		{"s3:GetObject", "arn:aws:s3:::b", ""},
		{"s3:GetObject", "arn:aws:iam::1:role/r", ""},
		{"s3:GetObject", "b", "bucket"},
		{"s3:GetObject", "arn:" + string(make([]byte, 3000)), ""},
	}
	for _, tc := range none {
		if got := c.ResourceARNFor(tc.action, tc.resource, ARNParts{ResourceType: tc.typ}); len(got) != 0 {
			t.Errorf("ResourceARNFor(%s, %q, %q) = %+v, want none", tc.action, tc.resource, tc.typ, got)
		}
	}
}

func TestResourceTypeOf(t *testing.T) {
	c := mustLoad(t)
	cases := []struct{ action, arn, want string }{
		{"s3:ListBucket", "arn:aws:s3:::b", "bucket"},
		{"s3:GetObject", "arn:aws:s3:::b/k/deeper", "object"},
		{"s3:GetObject", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/k", "accesspointobject"},
		{"s3:GetObject", "arn:aws:s3:::b/*", "object"},
		{"iam:PassRole", "arn:aws:iam::111122223333:role/a/b/c", "role"},
		{"dynamodb:Query", "arn:aws:dynamodb:us-east-1:111122223333:table/t", "table"},
		{"dynamodb:Query", "arn:aws:dynamodb:us-east-1:111122223333:table/t/index/i", "index"},
	}
	for _, tc := range cases {
		got, ok := c.ResourceTypeOf(tc.action, tc.arn)
		if !ok || got.Name != tc.want {
			t.Errorf("ResourceTypeOf(%s, %s) = %q, %v; want %s", tc.action, tc.arn, got.Name, ok, tc.want)
		}
	}
	// An object ARN is not a bucket: the classic ListBucket mistake.
	for _, tc := range []struct{ action, arn string }{
		{"s3:ListBucket", "arn:aws:s3:::b/*"},
		{"s3:ListBucket", "not an arn"},
		{"nosuch:Action", "arn:aws:s3:::b"},
	} {
		if got, ok := c.ResourceTypeOf(tc.action, tc.arn); ok {
			t.Errorf("ResourceTypeOf(%s, %s) = %s, want no match", tc.action, tc.arn, got.Name)
		}
	}
}
