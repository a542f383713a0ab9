// Package collect is whydenied's read-only collector: it calls AWS's
// Get/List/Describe APIs with the AWS SDK for Go v2 and writes an account
// snapshot, laid out as account/LAYOUT.md describes, in which every file is
// what the AWS CLI v2 would have printed for the same command. A snapshot
// written by hand with the CLI and one written by Run are read alike.
//
// What cannot be read is recorded, never skipped: a call AWS refuses
// (AccessDenied, a region not enabled, throttling that outlasted the
// retries) leaves a .error file holding the CLI's error text in place of
// the .json file, so every answer built on the snapshot can name the data it
// lacks. Errors that mean "there is none" (no bucket policy, no tags) are
// facts and are recorded the same way.
//
// The collector only reads. Every operation it sends passes a guard that
// refuses any operation whose name does not begin with Get, List or
// Describe, and docs/collector-policy.json is the exact IAM policy it needs.
package collect
