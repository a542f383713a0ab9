package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// examples/org is a snapshot of a small organization built so that each
// common cause of AccessDenied happens exactly once; examples/org/cases holds
// the error each cause makes AWS print and cases.json what the diagnosis must
// say about it. The expectations come from the IAM User Guide pages each case
// names in its "source" (shared/reference/iam-user-guide):
// reference_policies_evaluation-logic.md ("Determining whether a request is
// allowed or denied within an account": an explicit deny anywhere wins; an
// identity or a resource allow is needed; boundaries and session policies
// must allow too; role trust policies and KMS key policies must allow by
// themselves), reference_policies_evaluation-logic-cross-account.md (across
// accounts both sides must allow), and troubleshoot_access-denied.md (the
// policy type each message names). VPC endpoint policies are only described
// by troubleshoot_access-denied.md ("Access denied due to a VPC endpoint
// policy"): the endpoint's policy must allow the request.

const orgSnapshot = "../../examples/org"

type orgRequest struct {
	Principal string `json:"principal"`
	Action    string `json:"action"`
	Resource  string `json:"resource"`
}

type orgCase struct {
	File    string     `json:"file"`
	Cause   string     `json:"cause"`
	Flags   []string   `json:"flags"`
	Request orgRequest `json:"request"`
	Expect  struct {
		Decision  string   `json:"decision"`
		DeniedBy  []string `json:"deniedBy"`
		Statement struct {
			Layer  string `json:"layer"`
			Policy string `json:"policy"`
			Sid    string `json:"sid"`
			Role   string `json:"role"` // "decides" or "closest"
		} `json:"statement"`
		GrantedTo string `json:"grantedTo"`
		Fix       struct {
			Layer string `json:"layer"`
			Where string `json:"where"`
		} `json:"fix"`
	} `json:"expect"`
	Source string `json:"source"`
}

type orgAllowed struct {
	Name    string     `json:"name"`
	Flags   []string   `json:"flags"`
	Request orgRequest `json:"request"`
}

func loadOrgCases(t *testing.T) (cases []orgCase, allowed []orgAllowed) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(orgSnapshot, "cases", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases   []orgCase    `json:"cases"`
		Allowed []orgAllowed `json:"allowed"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("cases.json: %v", err)
	}
	if len(doc.Cases) == 0 || len(doc.Allowed) < 2 {
		t.Fatalf("cases.json lists %d cases and %d allowed requests; expected the ten causes and at least two allowed requests", len(doc.Cases), len(doc.Allowed))
	}
	return doc.Cases, doc.Allowed
}

// orgFlags makes the repository-relative paths of cases.json relative to
// this package's directory, where go test runs.
func orgFlags(flags []string) []string {
	out := make([]string, len(flags))
	for i, f := range flags {
		if strings.HasPrefix(f, "examples/") {
			f = "../../" + f
		}
		out[i] = f
	}
	return out
}

// orgExplanation is the part of explain's JSON contract the cases check.
type orgExplanation struct {
	Principal  *string `json:"principal"`
	Action     *string `json:"action"`
	Resource   *string `json:"resource"`
	PolicyType *string `json:"policyType"`
	DenyKind   *string `json:"denyKind"`
	Diagnosis  struct {
		Causes []struct {
			Title  string `json:"title"`
			Detail string `json:"detail"`
		} `json:"causes"`
		Simulation *struct {
			Decision string   `json:"decision"`
			DeniedBy []string `json:"deniedBy"`
			Trace    struct {
				Layers []struct {
					Layer    string `json:"layer"`
					Policies []struct {
						Name       string `json:"name"`
						Statements []struct {
							Sid     string `json:"sid"`
							Effect  string `json:"effect"`
							Matched bool   `json:"matched"`
							Failed  string `json:"failed"`
						} `json:"statements"`
					} `json:"policies"`
				} `json:"layers"`
			} `json:"trace"`
		} `json:"simulation"`
	} `json:"diagnosis"`
	Fixes []struct {
		Title    string `json:"title"`
		Layer    string `json:"layer"`
		Where    string `json:"where"`
		Verified *struct {
			OK   bool   `json:"ok"`
			Note string `json:"note"`
		} `json:"verified"`
	} `json:"fixes"`
}

func str(p *string) string {
	if p == nil {
		return "(null)"
	}
	return *p
}

func TestExampleOrgExplain(t *testing.T) {
	cases, _ := loadOrgCases(t)
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.File, ".txt"), func(t *testing.T) {
			args := append([]string{"explain", "--format", "json", "--account", orgSnapshot,
				"--file", filepath.Join(orgSnapshot, "cases", c.File)}, orgFlags(c.Flags)...)
			out, stderr, code := runCLI(t, "", args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			var got orgExplanation
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			checkOrgReading(t, c, &got)
			checkOrgSimulation(t, c, &got)
			checkOrgCauses(t, c, &got)
			checkOrgFix(t, c, &got)
		})
	}
}

// checkOrgReading: the case file is read as the request it stands for, and
// its wording blames the case's layer.
func checkOrgReading(t *testing.T, c orgCase, got *orgExplanation) {
	t.Helper()
	if str(got.Principal) != c.Request.Principal || !strings.EqualFold(str(got.Action), c.Request.Action) ||
		strings.Trim(str(got.Resource), `"`) != c.Request.Resource {
		t.Errorf("the error was read as %s / %s / %s, want %s / %s / %s",
			str(got.Principal), str(got.Action), str(got.Resource), c.Request.Principal, c.Request.Action, c.Request.Resource)
	}
	wantKind := "implicit"
	if c.Expect.Decision == "explicitDeny" {
		wantKind = "explicit"
	}
	if str(got.PolicyType) != c.Expect.DeniedBy[0] || str(got.DenyKind) != wantKind {
		t.Errorf("the error blames %s (%s), want %s (%s)", str(got.PolicyType), str(got.DenyKind), c.Expect.DeniedBy[0], wantKind)
	}
}

// checkOrgSimulation: against the snapshot the request is denied by exactly
// the intended layer, and the statement that decides (a Deny that matched)
// or comes closest (an Allow that failed only on resource, principal or
// condition) is in the trace.
func checkOrgSimulation(t *testing.T, c orgCase, got *orgExplanation) {
	t.Helper()
	sim := got.Diagnosis.Simulation
	if sim == nil {
		t.Fatal("no simulation: the snapshot was not used")
	}
	if sim.Decision != c.Expect.Decision || !slices.Equal(sim.DeniedBy, c.Expect.DeniedBy) {
		t.Errorf("simulated %s by %v, want %s by %v", sim.Decision, sim.DeniedBy, c.Expect.Decision, c.Expect.DeniedBy)
	}
	want := c.Expect.Statement
	found := false
	for _, l := range sim.Trace.Layers {
		if l.Layer != want.Layer {
			continue
		}
		for _, p := range l.Policies {
			if !strings.Contains(p.Name, want.Policy) {
				continue
			}
			for _, s := range p.Statements {
				if s.Sid != want.Sid {
					continue
				}
				found = true
				switch want.Role {
				case "decides":
					if !s.Matched || s.Effect != "Deny" {
						t.Errorf("%s %q: matched=%v effect=%s, want a matching Deny", p.Name, s.Sid, s.Matched, s.Effect)
					}
				case "closest":
					if s.Matched || s.Effect != "Allow" || !slices.Contains([]string{"resource", "principal", "condition"}, s.Failed) {
						t.Errorf("%s %q: matched=%v effect=%s failed=%q, want an Allow that fails on resource, principal or condition",
							p.Name, s.Sid, s.Matched, s.Effect, s.Failed)
					}
				default:
					t.Errorf("cases.json: statement role %q, expected decides or closest", want.Role)
				}
			}
		}
	}
	if !found {
		t.Errorf("no statement %q of a policy named like %q in the %s layer of the trace", want.Sid, want.Policy, want.Layer)
	}
}

// checkOrgCauses: the causes name the statement (policy and Sid) and, when
// the permission was given to another identity, that identity.
func checkOrgCauses(t *testing.T, c orgCase, got *orgExplanation) {
	t.Helper()
	want := c.Expect.Statement
	named, granted := false, c.Expect.GrantedTo == ""
	for _, cause := range got.Diagnosis.Causes {
		if strings.Contains(cause.Title, want.Policy) && strings.Contains(cause.Title, `"`+want.Sid+`"`) {
			named = true
		}
		if c.Expect.GrantedTo != "" && strings.Contains(cause.Title, c.Expect.GrantedTo) {
			granted = true
		}
	}
	if !named || !granted {
		var titles []string
		for _, cause := range got.Diagnosis.Causes {
			titles = append(titles, cause.Title)
		}
		if !named {
			t.Errorf("no cause names statement %q of %s; causes:\n  %s", want.Sid, want.Policy, strings.Join(titles, "\n  "))
		}
		if !granted {
			t.Errorf("no cause names %s, who holds the permission; causes:\n  %s", c.Expect.GrantedTo, strings.Join(titles, "\n  "))
		}
	}
}

// checkOrgFix: the first fix goes to the layer that denied, at the place
// named, and a fix that adds a statement turns the decision into allowed.
func checkOrgFix(t *testing.T, c orgCase, got *orgExplanation) {
	t.Helper()
	if len(got.Fixes) == 0 {
		t.Fatal("no fix")
	}
	fx := got.Fixes[0]
	if fx.Layer != c.Expect.Fix.Layer || !strings.Contains(fx.Where, c.Expect.Fix.Where) {
		t.Errorf("first fix: layer %s, where %q; want layer %s, where containing %q", fx.Layer, fx.Where, c.Expect.Fix.Layer, c.Expect.Fix.Where)
	}
	for _, f := range got.Fixes {
		if f.Verified != nil && !f.Verified.OK {
			t.Errorf("fix %q (%s) does not allow the request when re-simulated: %s", f.Title, f.Layer, f.Verified.Note)
		}
	}
}

// orgSimulation is the part of simulate --account's JSON the cases check.
type orgSimulation struct {
	Decision string   `json:"decision"`
	DeniedBy []string `json:"deniedBy"`
	Message  *string  `json:"message"`
	Unknowns []string `json:"unknowns"`
}

func simulateOrg(t *testing.T, r orgRequest, flags []string) orgSimulation {
	t.Helper()
	args := append([]string{"simulate", "--format", "json", "--account", orgSnapshot,
		"--principal", r.Principal, "--action", r.Action, "--resource", r.Resource}, orgFlags(flags)...)
	out, stderr, code := runCLI(t, "", args...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var got orgSimulation
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got.Unknowns) > 0 {
		t.Errorf("the snapshot lacks data the request needs: %v", got.Unknowns)
	}
	return got
}

// The request of each case, decided from the snapshot alone (no error text),
// is denied by the case's layer, and AWS's message for it is the case file's
// (the file may add what the engine leaves out: the quotes S3 puts around the
// resource, the denying policy's ARN; SQS prints actions in lower case).
func TestExampleOrgSimulate(t *testing.T) {
	cases, allowed := loadOrgCases(t)
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.File, ".txt"), func(t *testing.T) {
			got := simulateOrg(t, c.Request, c.Flags)
			if got.Decision != c.Expect.Decision || !slices.Equal(got.DeniedBy, c.Expect.DeniedBy) {
				t.Errorf("%s by %v, want %s by %v", got.Decision, got.DeniedBy, c.Expect.Decision, c.Expect.DeniedBy)
			}
			data, err := os.ReadFile(filepath.Join(orgSnapshot, "cases", c.File))
			if err != nil {
				t.Fatal(err)
			}
			_, text, ok := strings.Cut(strings.TrimSpace(string(data)), " operation: ")
			if !ok {
				t.Fatalf("%s: expected the AWS CLI's form, An error occurred (CODE) when calling the OP operation: ...", c.File)
			}
			text = strings.ReplaceAll(text, `"`, "")
			msg := str(got.Message)
			if len(text) < len(msg) || !strings.EqualFold(text[:len(msg)], msg) {
				t.Errorf("the case file says\n  %s\nAWS would say\n  %s", text, msg)
			}
		})
	}
	for _, a := range allowed {
		t.Run("allowed/"+a.Name, func(t *testing.T) {
			if got := simulateOrg(t, a.Request, a.Flags); got.Decision != "allowed" {
				t.Errorf("%s by %v (%s), want allowed", got.Decision, got.DeniedBy, str(got.Message))
			}
		})
	}
}

// Every error file in cases/ is a case, and the example's README runs one.
func TestExampleOrgFilesListed(t *testing.T) {
	cases, _ := loadOrgCases(t)
	listed := map[string]bool{}
	for _, c := range cases {
		listed[c.File] = true
	}
	files, err := filepath.Glob(filepath.Join(orgSnapshot, "cases", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("%s is not in cases.json", f)
		}
	}
	if len(files) != len(cases) {
		t.Errorf("%d error files, %d cases", len(files), len(cases))
	}
	readme, err := os.ReadFile(filepath.Join(orgSnapshot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "explain --account examples/org --file examples/org/cases/")
	if !ok {
		t.Fatal("the README does not run explain on a case")
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 || !listed[fields[0]] {
		name := ""
		if len(fields) > 0 {
			name = fields[0]
		}
		t.Errorf("the README runs explain on %q, which is not a case", name)
	}
}
