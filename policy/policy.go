// Package policy reads, checks and writes IAM JSON policy documents.
//
// Parse accepts a document as AWS tools print it (a JSON object, a JSON string
// holding the document, or URL-encoded JSON) and reports every grammar error
// with its JSON path and line/column. Validate adds the rules AWS enforces
// for one kind of policy (identity, trust, SCP, RCP...). MarshalJSON writes a
// policy back in a canonical compact form that is stable under re-parsing.
package policy

import "github.com/whydenied/whydenied/condition"

// Effect is the value of a statement's Effect element.
type Effect string

// The two effects the grammar allows (reference_policies_grammar.md,
// <effect_block>). AWS compares them case-sensitively.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Policy is one policy document.
type Policy struct {
	Version    string // "" when absent
	ID         string
	Statements []Statement

	// src is the decoded document text: the strings above point into it, and
	// Validate uses it to turn offsets into line and column.
	src string
	// single records a Statement written as one object rather than a list,
	// so that MarshalJSON writes it back the same way.
	single bool
	// jsonSafe: see JSONSafeStrings.
	jsonSafe bool
	hasID    bool  // "Id" present, even if empty
	start    int32 // offset of the document's '{' plus one; 0 = unknown
	offs     [docElems]int32
}

// Statement is one entry of the Statement element.
type Statement struct {
	Index  int // position in the Statement array (0 when Statement was a single object)
	Sid    string
	Effect Effect
	// actions sums up Action or NotAction (see MayMatchAction); it is
	// here, beside the fields every evaluation reads first, so that
	// rejecting a statement for its action reads one part of memory.
	actions actionFilter
	// plainResources: see PlainResource.
	plainResources uint64
	Principal      *Principal // nil when absent
	NotPrincipal   *Principal
	// Exactly one of Action and NotAction is Set in a valid statement.
	Action, NotAction Values
	// At most one of Resource and NotResource is Set; trust policies have neither.
	Resource, NotResource Values
	// Condition lists operator/key pairs in document order: operators in the
	// order written, then keys in the order written under each operator.
	Condition condition.Block
	// Conditions is the compiled Condition element; nil when there is none.
	Conditions *condition.Compiled

	hasSid  bool // "Sid" present, even if empty
	hasCond bool // "Condition" present, even if it holds no operator
	// condSingle[i] records that Condition[i]'s values were written as a
	// plain value rather than a list; ignored unless len matches Condition.
	condSingle []bool
	start      int32 // offset of the statement's '{' plus one; 0 = unknown
	offs       [stmtElems]int32
}

// Values is an element that takes a string or a list of strings.
type Values struct {
	List   []string
	Set    bool // the element is present
	Single bool // written as a plain string rather than a list (kept for byte-stable marshal)
}

// Principal is the value of a Principal or NotPrincipal element.
type Principal struct {
	Wildcard                               bool // "Principal": "*"
	AWS, Service, Federated, CanonicalUser Values
}

// Top-level elements, in the order MarshalJSON writes them.
const (
	elemVersion = iota
	elemID
	elemStatement
	docElems
)

// Statement elements, in the order MarshalJSON writes them.
const (
	elemSid = iota
	elemEffect
	elemPrincipal
	elemNotPrincipal
	elemAction
	elemNotAction
	elemResource
	elemNotResource
	elemCondition
	stmtElems
)

var docElemNames = [docElems]string{"Version", "Id", "Statement"}

var stmtElemNames = [stmtElems]string{
	"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
}

// Principal map keys, in the order MarshalJSON writes them
// (reference_policies_grammar.md, <principal_map_entry>).
var principalKeys = [4]string{"AWS", "CanonicalUser", "Federated", "Service"}

func (p *Principal) field(i int) *Values {
	switch i {
	case 0:
		return &p.AWS
	case 1:
		return &p.CanonicalUser
	case 2:
		return &p.Federated
	default:
		return &p.Service
	}
}
