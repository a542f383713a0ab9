package policy

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

// typicalPolicy is a 5-statement identity policy with conditions, the shape
// batch scenarios carry most.
const typicalPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadArtifacts",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::artifacts-bucket", "arn:aws:s3:::artifacts-bucket/*"],
      "Condition": {"StringEquals": {"aws:PrincipalTag/team": "build"}, "Bool": {"aws:SecureTransport": "true"}}
    },
    {
      "Sid": "WriteBuilds",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::artifacts-bucket/build/${aws:username}/*",
      "Condition": {"StringLike": {"s3:x-amz-server-side-encryption": ["aws:kms", "AES256"]}}
    },
    {
      "Sid": "DenyOutsideNetwork",
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}, "Bool": {"aws:ViaAWSService": "false"}}
    },
    {
      "Sid": "KmsForS3",
      "Effect": "Allow",
      "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
      "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
    },
    {
      "Sid": "RecentMfaForIam",
      "Effect": "Allow",
      "NotAction": ["iam:CreateUser", "iam:DeleteUser"],
      "Resource": "arn:aws:iam::111122223333:user/${aws:username}",
      "Condition": {"NumericLessThanEquals": {"aws:MultiFactorAuthAge": 3600}}
    }
  ]
}`

func BenchmarkParseTypical(b *testing.B) {
	data := []byte(typicalPolicy)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalTypical(b *testing.B) {
	p, err := Parse([]byte(typicalPolicy))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateTypical(b *testing.B) {
	p, err := Parse([]byte(typicalPolicy))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := p.Validate(Identity); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenBaseline walks the same document with encoding/json's
// Decoder.Token alone, without building anything: the floor a Token-based
// parser could not go under, for comparison with BenchmarkParseTypical.
func BenchmarkTokenBaseline(b *testing.B) {
	data := []byte(typicalPolicy)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d := json.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
