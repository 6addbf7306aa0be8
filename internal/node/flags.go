package node

import "strings"

// Flag is one command-line flag as the component received it.
type Flag struct {
	Name  string // without leading dashes
	Value string // "true" for a bare boolean flag
	Bare  bool   // given without a value
}

// Flags is a parsed command line. Kubernetes components parse flags with
// pflag, where a repeated flag's last value wins for scalar flags; Lookup
// follows that.
type Flags struct {
	List       []Flag
	Positional []string // arguments that are not flags, e.g. "server" of "k3s server"
}

// ParseFlags reads a component's arguments (without the executable). It
// accepts --name=value, --name value and a bare --name, with one or two
// dashes (etcd takes both). Whether "--name value" is one flag with a value
// or a bare boolean followed by a positional argument cannot be known
// without the component's flag table; a following word that does not start
// with a dash is taken as the value, which is right for every flag the
// benchmark reads (booleans are written --flag=false to take effect).
func ParseFlags(args []string) Flags {
	var f Flags
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			f.Positional = append(f.Positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' || isNumber(a) {
			f.Positional = append(f.Positional, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		if n, v, ok := strings.Cut(name, "="); ok {
			f.List = append(f.List, Flag{Name: n, Value: v})
			continue
		}
		if name == "" {
			continue
		}
		if i+1 < len(args) && (!strings.HasPrefix(args[i+1], "-") || isNumber(args[i+1])) {
			f.List = append(f.List, Flag{Name: name, Value: args[i+1]})
			i++
			continue
		}
		f.List = append(f.List, Flag{Name: name, Value: "true", Bare: true})
	}
	return f
}

// Lookup returns the last value given for a flag (name with or without
// dashes).
func (f Flags) Lookup(name string) (Flag, bool) {
	name = strings.TrimLeft(name, "-")
	for i := len(f.List) - 1; i >= 0; i-- {
		if f.List[i].Name == name {
			return f.List[i], true
		}
	}
	return Flag{}, false
}

// All returns every value given for a flag, in order: list-valued flags
// such as k3s's --kube-apiserver-arg repeat.
func (f Flags) All(name string) []string {
	name = strings.TrimLeft(name, "-")
	var out []string
	for _, fl := range f.List {
		if fl.Name == name {
			out = append(out, fl.Value)
		}
	}
	return out
}

// isNumber reports whether s is a (possibly negative) number, such as the
// value of --pod-max-pids -1, which is not a flag.
func isNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}
