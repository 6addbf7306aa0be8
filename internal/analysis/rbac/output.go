package rbac

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// APIVersion is the version of the JSON documents the rbac commands write.
const APIVersion = "kubeward.dev/v1alpha1"

// WhoCanResult is the answer to a who-can question.
type WhoCanResult struct {
	APIVersion string  `json:"apiVersion"`
	Kind       string  `json:"kind"`
	Request    Request `json:"request"`
	Grants     []Grant `json:"grants"`
	// Assumed names built-in roles the input referred to without defining.
	Assumed []string `json:"assumed,omitempty"`
}

// NewWhoCan answers a who-can question.
func NewWhoCan(p *Policy, r Request) *WhoCanResult {
	g := p.WhoCan(r)
	if g == nil {
		g = []Grant{}
	}
	return &WhoCanResult{APIVersion: APIVersion, Kind: "WhoCan", Request: r, Grants: g, Assumed: p.Assumed}
}

// PermissionsResult is a subject's effective permissions.
type PermissionsResult struct {
	APIVersion  string       `json:"apiVersion"`
	Kind        string       `json:"kind"`
	Subject     Subject      `json:"subject"`
	Identity    User         `json:"identity"` // the user and groups the bindings were matched against
	Permissions []Permission `json:"permissions"`
	Assumed     []string     `json:"assumed,omitempty"`
}

// NewPermissions lists a subject's effective permissions; extra names
// groups a user is known to be in.
func NewPermissions(p *Policy, s Subject, extra ...string) *PermissionsResult {
	id := s.Identity(extra...)
	ps := p.Permissions(id)
	if ps == nil {
		ps = []Permission{}
	}
	return &PermissionsResult{APIVersion: APIVersion, Kind: "Permissions", Subject: s, Identity: id, Permissions: ps, Assumed: p.Assumed}
}

// WriteJSON writes v indented, the form of -o json.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// WriteTable writes the who-can answer as a table.
func (r *WhoCanResult) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "# who can %s\n", r.Request)
	if len(r.Grants) == 0 {
		fmt.Fprintln(tw, "# nobody: no binding grants it")
		return tw.Flush()
	}
	fmt.Fprintln(tw, "SUBJECT\tBINDING\tROLE")
	for _, g := range r.Grants {
		fmt.Fprintf(tw, "%s\t%s\t%s rules[%d]\n", g.Subject, g.Binding, g.Role, g.RuleIndex)
	}
	writeAssumed(tw, r.Assumed)
	return tw.Flush()
}

// WriteTable writes the permissions as a table, one rule a row.
func (r *PermissionsResult) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "# %s as user %q in groups %s\n", r.Subject, r.Identity.Name, strings.Join(r.Identity.Groups, ", "))
	if len(r.Permissions) == 0 {
		fmt.Fprintln(tw, "# no permissions: no binding names the subject or its groups")
		return tw.Flush()
	}
	fmt.Fprintln(tw, "SCOPE\tVERBS\tAPIGROUPS\tRESOURCES\tNAMES\tBINDING")
	for _, p := range r.Permissions {
		resources, groups := list(p.Rule.Resources), list(quoted(p.Rule.APIGroups))
		if len(p.Rule.NonResourceURLs) > 0 {
			resources, groups = list(p.Rule.NonResourceURLs), "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Scope(), list(p.Rule.Verbs), groups, resources,
			list(p.Rule.ResourceNames), p.Binding)
	}
	writeAssumed(tw, r.Assumed)
	return tw.Flush()
}

func writeAssumed(w io.Writer, assumed []string) {
	for _, a := range assumed {
		fmt.Fprintf(w, "# %s is not in the input: its built-in rules were assumed\n", a)
	}
}

func list(ss []string) string {
	if len(ss) == 0 {
		return "-"
	}
	return strings.Join(ss, ",")
}

// quoted shows the core group as "" rather than nothing.
func quoted(groups []string) []string {
	out := make([]string, len(groups))
	for i, g := range groups {
		if g == "" {
			g = `""`
		}
		out[i] = g
	}
	return out
}
