package bench

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Operator compares a setting's effective value with the check's value.
type Operator string

const (
	OpEq      Operator = "eq"       // equal (booleans case-insensitively, numbers and durations by value)
	OpNeq     Operator = "neq"      // not equal, same comparison
	OpHas     Operator = "has"      // the comma-separated list contains the element
	OpNotHas  Operator = "not-has"  // the comma-separated list lacks the element
	OpSet     Operator = "set"      // present with any value
	OpNotSet  Operator = "not-set"  // not present
	OpGte     Operator = "gte"      // number >= value
	OpLte     Operator = "lte"      // number <= value
	OpSubset  Operator = "subset"   // every element is one of the comma-separated value
	OpRegex   Operator = "regex"    // matches the regular expression
	OpModeMax Operator = "mode-max" // file mode has no bit outside the octal value
	OpOwnerEq Operator = "owner-eq" // file owner is the user:group value
)

// operatorKinds says which operators each kind of check takes.
var operatorKinds = map[Operator][]Kind{
	OpEq: {KindFlag, KindConfig}, OpNeq: {KindFlag, KindConfig}, OpHas: {KindFlag, KindConfig},
	OpNotHas: {KindFlag, KindConfig}, OpSet: {KindFlag, KindConfig}, OpNotSet: {KindFlag, KindConfig},
	OpGte: {KindFlag, KindConfig}, OpLte: {KindFlag, KindConfig}, OpSubset: {KindFlag, KindConfig},
	OpRegex: {KindFlag, KindConfig}, OpModeMax: {KindFileMode}, OpOwnerEq: {KindFileOwner},
}

var operatorNames = []string{"eq", "neq", "has", "not-has", "set", "not-set", "gte", "lte", "subset", "regex", "mode-max", "owner-eq"}

// validateValue checks an operator's value when the benchmark is loaded.
func validateValue(op Operator, v string) error {
	switch op {
	case OpSet, OpNotSet:
		if v != "" {
			return fmt.Errorf("operator %s takes no value", op)
		}
		return nil
	case OpGte, OpLte:
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return fmt.Errorf("operator %s needs a number, not %q", op, v)
		}
	case OpRegex:
		if _, err := regexp.Compile(v); err != nil {
			return fmt.Errorf("operator regex: %v", err)
		}
	case OpModeMax:
		if _, err := strconv.ParseUint(v, 8, 32); err != nil || len(v) > 4 {
			return fmt.Errorf("operator mode-max needs an octal mode such as 600, not %q", v)
		}
	case OpOwnerEq:
		if u, g, ok := strings.Cut(v, ":"); !ok || u == "" || g == "" {
			return fmt.Errorf("operator owner-eq needs user:group, not %q", v)
		}
	}
	if v == "" {
		return fmt.Errorf("operator %s needs a value", op)
	}
	return nil
}

// compare evaluates a present value; it reports whether the value
// satisfies the operator and, if not, why in a few words.
func compare(op Operator, got, want string) (bool, string) {
	switch op {
	case OpEq:
		if equalValues(got, want) {
			return true, ""
		}
		return false, fmt.Sprintf("is %q, want %q", got, want)
	case OpNeq:
		if !equalValues(got, want) {
			return true, ""
		}
		return false, fmt.Sprintf("is %q, must not be %q", got, want)
	case OpHas:
		if hasElement(got, want) {
			return true, ""
		}
		return false, fmt.Sprintf("is %q, which does not include %s", got, want)
	case OpNotHas:
		if !hasElement(got, want) {
			return true, ""
		}
		return false, fmt.Sprintf("is %q, which includes %s", got, want)
	case OpSet:
		return true, ""
	case OpNotSet:
		return false, fmt.Sprintf("is set to %q, want it unset", got)
	case OpGte, OpLte:
		g, err := strconv.ParseFloat(strings.TrimSpace(got), 64)
		if err != nil {
			return false, fmt.Sprintf("is %q, not a number", got)
		}
		w, _ := strconv.ParseFloat(want, 64)
		if op == OpGte && g >= w || op == OpLte && g <= w {
			return true, ""
		}
		rel := "at least"
		if op == OpLte {
			rel = "at most"
		}
		return false, fmt.Sprintf("is %s, want %s %s", got, rel, want)
	case OpSubset:
		allowed := map[string]bool{}
		for _, a := range splitList(want) {
			allowed[a] = true
		}
		var bad []string
		for _, e := range splitList(got) {
			if !allowed[e] {
				bad = append(bad, e)
			}
		}
		if len(bad) == 0 && len(splitList(got)) > 0 {
			return true, ""
		}
		if len(bad) == 0 {
			return false, "is empty"
		}
		return false, fmt.Sprintf("includes %s, not in the allowed list", strings.Join(bad, ", "))
	case OpRegex:
		if regexp.MustCompile(want).MatchString(got) {
			return true, ""
		}
		return false, fmt.Sprintf("is %q, which does not match %s", got, want)
	}
	return false, fmt.Sprintf("operator %s does not apply to a setting", op)
}

// equalValues compares as booleans, numbers or durations when both sides
// read as one, else as strings: "True" is true, "0s" is 0.
func equalValues(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if ab, err := strconv.ParseBool(a); err == nil {
		if bb, err := strconv.ParseBool(b); err == nil {
			return ab == bb
		}
	}
	if af, err := strconv.ParseFloat(a, 64); err == nil {
		if bf, err := strconv.ParseFloat(b, 64); err == nil {
			return af == bf
		}
	}
	if ad, ok := duration(a); ok {
		if bd, ok := duration(b); ok {
			return ad == bd
		}
	}
	return a == b
}

func duration(s string) (time.Duration, bool) {
	if s == "0" {
		return 0, true
	}
	d, err := time.ParseDuration(s)
	return d, err == nil
}

// hasElement tests list membership element-wise: "Node,RBAC" has "Node"
// but "NodeRestriction" does not have "Node".
func hasElement(list, elem string) bool {
	for _, e := range splitList(list) {
		if e == elem {
			return true
		}
	}
	return false
}

func splitList(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}
