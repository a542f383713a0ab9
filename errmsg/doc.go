// Package errmsg reads what a person pastes after an AWS authorization
// failure and states what the text says, never guessing: the error code,
// the operation and service, the caller, the action and resource, the
// policy type AWS blames and whether the deny was explicit, the policy ARN
// newer messages append, the encoded authorization message, and whether
// the failure is a permission problem at all (expired tokens, unknown
// keys, bad signatures and clock skew are not).
//
// Reading happens in three steps:
//
//  1. The text is cleaned (colour codes, carriage returns, zero-width
//     characters), log prefixes are removed line by line, JSON documents
//     are spread into "key: value" lines, and escaping is undone. The lines
//     are joined with '\n' marks that stand for a space or for nothing, so
//     that text wrapped by words (Terraform) or cut at a fixed width (a
//     terminal, mid-ARN) reads the same.
//  2. The wrapper is found: the AWS CLI/botocore sentence, the Go SDK's
//     operation error, the Java SDK's "(Service: ...)" tail, a .NET
//     exception, a CloudFormation handler message, a JSON or XML error body,
//     a CloudTrail record, a bare "CODE: message", or the AWS message alone.
//     Outer wrappers are tried before inner ones. A message continues on the
//     next lines while the grammar expects more.
//  3. The AWS message is read with the grammar of the IAM User Guide's
//     "Troubleshoot access denied error messages" page and the variants in
//     aws-formats.md.
//
// The output of `aws sts decode-authorization-message` is read as a
// DecodedMessage.
package errmsg
