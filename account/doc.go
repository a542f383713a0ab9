// Package account reads an account snapshot, a directory of unmodified AWS
// CLI outputs laid out as LAYOUT.md describes, and resolves a request against
// it: the principal to its identity policies, permissions boundary and SCP
// chain; the resource to its resource policy and RCP chain; the condition
// keys the snapshot knows.
//
// What the snapshot does not hold is never assumed away in silence: each gap
// a request depends on becomes a sentence in Resolved.Unknowns ("no SCP data
// for account 111122223333: the answer assumes none apply"), and a strict
// query turns those sentences into an error.
//
// A Snapshot is immutable after Load and safe for concurrent use.
package account
