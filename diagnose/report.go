// Package diagnose turns what an AWS error states (errmsg.Reading), and the
// policies when they are at hand, into causes, checks and the smallest fix.
package diagnose

import (
	"github.com/whydenied/whydenied/engine"
)

// Report is the diagnosis of one authorization failure.
type Report struct {
	Summary string      `json:"summary"`
	Caller  *Caller     `json:"caller"`
	Action  *ActionInfo `json:"actionInfo"`
	// Causes are the likely causes, most likely first.
	Causes []Cause `json:"causes"`
	// Checks are commands that confirm or rule out a cause, names filled in.
	Checks []Check  `json:"checks"`
	Fixes  []Fix    `json:"fixes"`
	Notes  []string `json:"notes,omitempty"`
	// Simulation is the engine's decision when policies were at hand.
	Simulation *engine.Result `json:"simulation,omitempty"`
}

// Caller is who really made the call, as far as the error says.
type Caller struct {
	ARN      string `json:"arn"`
	Kind     string `json:"kind"`
	Account  string `json:"account,omitempty"`
	RoleARN  string `json:"roleArn,omitempty"`
	RoleName string `json:"roleName,omitempty"`
	UserName string `json:"userName,omitempty"`
	Session  string `json:"sessionName,omitempty"`
	// Note says what a person most often gets wrong about this caller.
	Note string `json:"note,omitempty"`
}

// ActionInfo is what AWS's service reference says of the refused action.
type ActionInfo struct {
	Name          string   `json:"name"`
	Known         bool     `json:"known"`
	Suggestions   []string `json:"suggestions,omitempty"`
	AccessLevel   string   `json:"accessLevel,omitempty"`
	ResourceTypes []string `json:"resourceTypes,omitempty"`
	// ResourceType is the type the refused resource is, when it fits one.
	ResourceType string `json:"resourceType,omitempty"`
}

// Cause is one likely reason for the failure.
type Cause struct {
	Title  string `json:"title"`
	Detail string `json:"detail,omitempty"`
}

// Check is a command that tells whether a cause is the one.
type Check struct {
	Purpose string `json:"purpose"`
	Command string `json:"command"`
}

// Fix is one change that makes the request succeed.
type Fix struct {
	Title string `json:"title"`
	// Layer is where the change goes (a layer name of the result contract).
	Layer string `json:"layer"`
	// Where names the policy to change, e.g. "an inline policy of role deploy".
	Where string `json:"where"`
	// Statement is the least-privilege statement to add, as JSON; empty for
	// fixes that remove or narrow something.
	Statement string `json:"statement,omitempty"`
	// Policy is the whole policy with the statement merged in, when the
	// policy to change was at hand (scenario or snapshot): ready to put back.
	Policy    string `json:"policy,omitempty"`
	CLI       string `json:"cli,omitempty"`
	Terraform string `json:"terraform,omitempty"`
	// OrgAdmins is true when the account cannot fix it itself (SCP, RCP).
	OrgAdmins bool `json:"orgAdmins,omitempty"`
	// Verified is set when the fix was re-simulated on the policies at hand.
	Verified *Verification `json:"verified,omitempty"`

	// exact: the statement grants exactly the refused action on exactly the
	// refused resource (and so nothing more).
	exact bool
}

// Verification is the engine's decision with the fix applied.
type Verification struct {
	Before   engine.Decision `json:"before"`
	After    engine.Decision `json:"after"`
	DeniedBy []engine.Layer  `json:"deniedByAfter"`
	OK       bool            `json:"ok"`
	Note     string          `json:"note,omitempty"`
}
