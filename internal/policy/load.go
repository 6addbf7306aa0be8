// Package policy runs custom policies written in Rego (OPA v1 syntax) as
// kubeward checks: each policy package of a directory becomes one
// check.External that the engine runs beside the built-in checks, in scan,
// scan --cluster and admission alike. See docs/policies.md.
package policy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// IDPrefix starts the check ID of every finding a policy reports, so that
// policy IDs never collide with built-in check IDs.
const IDPrefix = "policy:"

// Set is the compiled policies of one directory. It is safe for concurrent
// use: every query is prepared once and evaluated by any number of workers.
type Set struct {
	Policies []*Policy // in package path order
}

// Load parses and compiles every .rego file under dir (a directory, or
// one .rego file) except Rego tests (*_test.rego, which `kubeward policy
// test` runs) and prepares one query per package that defines deny or
// warn. Any parse, compile or metadata
// error stops the load; the error names the file and line.
func Load(ctx context.Context, dir string) (*Set, error) {
	modules, err := parseDir(dir, false)
	if err != nil {
		return nil, err
	}
	compiler := ast.NewCompiler()
	if compiler.Compile(modules); compiler.Failed() {
		return nil, compileError(compiler.Errors)
	}
	set := &Set{}
	for _, pkg := range packages(compiler.Modules) {
		p, err := newPolicy(ctx, compiler, pkg)
		if err != nil {
			return nil, err
		}
		if p != nil {
			set.Policies = append(set.Policies, p)
		}
	}
	if len(set.Policies) == 0 {
		return nil, fmt.Errorf("policy: no package under %s defines deny or warn", dir)
	}
	return set, nil
}

// parseDir parses the Rego files under dir, with their METADATA
// annotations, keyed by file path.
func parseDir(dir string, tests bool) (map[string]*ast.Module, error) {
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	} else if !st.IsDir() && !strings.HasSuffix(dir, ".rego") {
		return nil, fmt.Errorf("policy: %s is neither a directory nor a .rego file", dir)
	}
	modules := map[string]*ast.Module{}
	var errs ast.Errors
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".rego") || (!tests && strings.HasSuffix(path, "_test.rego")) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(path, string(src), ast.ParserOptions{
			RegoVersion: ast.RegoV1, ProcessAnnotation: true,
		})
		if err != nil {
			var parse ast.Errors
			if errors.As(err, &parse) {
				errs = append(errs, parse...)
				return nil
			}
			return err
		}
		modules[path] = m
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if len(errs) > 0 {
		return nil, compileError(errs)
	}
	if len(modules) == 0 {
		return nil, fmt.Errorf("policy: no .rego files under %s", dir)
	}
	return modules, nil
}

// compileError lists OPA's errors one per line, each as
// "file:line: code: message", sorted so the output is reproducible.
func compileError(errs ast.Errors) error {
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		lines = append(lines, e.Error())
	}
	slices.Sort(lines)
	return fmt.Errorf("policy: %s", strings.Join(lines, "\npolicy: "))
}

// pkg is one Rego package: the modules that declare it.
type pkg struct {
	path    ast.Ref // data.kubeward.team_label
	modules []*ast.Module
}

// packages groups compiled modules by package, in path order.
func packages(modules map[string]*ast.Module) []*pkg {
	byPath := map[string]*pkg{}
	files := make([]string, 0, len(modules))
	for f := range modules {
		files = append(files, f)
	}
	slices.Sort(files)
	var out []*pkg
	for _, f := range files {
		m := modules[f]
		key := m.Package.Path.String()
		p := byPath[key]
		if p == nil {
			p = &pkg{path: m.Package.Path}
			byPath[key] = p
			out = append(out, p)
		}
		p.modules = append(p.modules, m)
	}
	slices.SortFunc(out, func(a, b *pkg) int { return strings.Compare(a.path.String(), b.path.String()) })
	return out
}
