package condition

import "testing"

func benchEval(b *testing.B, blk Block, ctx *Context) {
	b.Helper()
	c, err := Compile(blk)
	if err != nil {
		b.Fatal(err)
	}
	if ok, m := c.Eval(ctx, Options{Variables: true}); !ok {
		b.Fatalf("benchmark block does not hold: %+v", m)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if ok, _ := c.Eval(ctx, Options{Variables: true}); !ok {
			b.Fatal("did not hold")
		}
	}
}

func BenchmarkEvalStringLike(b *testing.B) {
	ctx := NewContext()
	ctx.Set("s3:prefix", "home/David/projects/2024/report.pdf")
	benchEval(b, Block{{Operator: "StringLike", Key: "s3:prefix", Values: vs("", "home/", "home/David/*")}}, ctx)
}

func BenchmarkEvalIpAddress(b *testing.B) {
	ctx := NewContext()
	ctx.Set("aws:SourceIp", "2001:db8:1234:5678::42")
	benchEval(b, Block{{Operator: "IpAddress", Key: "aws:SourceIp", Values: vs("203.0.113.0/24", "2001:DB8:1234:5678::/64")}}, ctx)
}

func BenchmarkEvalBlock(b *testing.B) {
	ctx := NewContext()
	ctx.Set("aws:PrincipalTag/team", "platform")
	ctx.Set("aws:SourceIp", "203.0.113.7")
	ctx.Set("aws:SecureTransport", "true")
	ctx.Set("aws:username", "David")
	benchEval(b, Block{
		{Operator: "StringEquals", Key: "aws:PrincipalTag/team", Values: vs("platform", "security")},
		{Operator: "IpAddress", Key: "aws:SourceIp", Values: vs("203.0.113.0/24")},
		{Operator: "Bool", Key: "aws:SecureTransport", Values: vs("true")},
	}, ctx)
}

// The other common operators also evaluate without allocating when they hold.
func TestEvalDoesNotAllocate(t *testing.T) {
	ctx := NewContext()
	ctx.Set("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:topic")
	ctx.Set("aws:CurrentTime", "2024-05-01T12:00:00Z")
	ctx.Set("aws:MultiFactorAuthAge", "120")
	ctx.Set("aws:TagKeys", "team", "env")
	ctx.Set("aws:PrincipalAccount", "123456789012")
	ctx.Set("k:binary", "MTIzNDU2Nzg5MDEy")
	c, err := Compile(Block{
		{Operator: "ArnLike", Key: "aws:SourceArn", Values: vs("arn:aws:sns:*:123456789012:*")},
		{Operator: "DateLessThan", Key: "aws:CurrentTime", Values: vs("2030-01-01T00:00:00Z")},
		{Operator: "NumericLessThanEquals", Key: "aws:MultiFactorAuthAge", Values: vs("3600")},
		{Operator: "ForAllValues:StringLike", Key: "aws:TagKeys", Values: vs("team", "env", "cost*")},
		{Operator: "ForAnyValue:StringEquals", Key: "aws:TagKeys", Values: vs("env")},
		{Operator: "StringNotEquals", Key: "aws:PrincipalAccount", Values: vs("999999999999")},
		{Operator: "StringEqualsIgnoreCase", Key: "AWS:principalaccount", Values: vs("123456789012")},
		{Operator: "Null", Key: "aws:TokenIssueTime", Values: vs("true")},
		{Operator: "BoolIfExists", Key: "aws:MultiFactorAuthPresent", Values: vs("true")},
		{Operator: "BinaryEquals", Key: "k:binary", Values: vs("MTIzNDU2Nzg5MDEy")},
		{Operator: "StringLike", Key: "aws:PrincipalAccount", Values: vs("1234*")},
		{Operator: "NotIpAddress", Key: "aws:SourceIp", Values: vs("10.0.0.0/8")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []Options{{}, {Variables: true}} {
		if ok, m := c.Eval(ctx, opts); !ok {
			t.Fatalf("block does not hold: %+v", m)
		}
		if n := testing.AllocsPerRun(100, func() { c.Eval(ctx, opts) }); n != 0 {
			t.Errorf("Eval allocates %v times per run, want 0", n)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	blk := Block{
		{Operator: "StringEquals", Key: "aws:PrincipalTag/team", Values: vs("platform", "security")},
		{Operator: "IpAddress", Key: "aws:SourceIp", Values: vs("203.0.113.0/24", "2001:DB8::/32")},
		{Operator: "StringLike", Key: "s3:prefix", Values: vs("home/${aws:username}/*")},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(blk); err != nil {
			b.Fatal(err)
		}
	}
}
