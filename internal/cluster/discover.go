package cluster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
)

// Resource is one kind the server serves, at the version kubeward lists it.
type Resource struct {
	Group, Version string
	Kind           string
	Name           string // the plural resource name in URLs: "deployments"
	Namespaced     bool
}

// APIVersion is the apiVersion listed objects carry.
func (r Resource) APIVersion() string {
	return schema.GroupVersion{Group: r.Group, Version: r.Version}.String()
}

// Path is the URL path of the resource's collection, in one namespace when
// ns is set and the resource is namespaced.
func (r Resource) Path(ns string) string {
	p := "/apis/" + r.Group + "/" + r.Version
	if r.Group == "" {
		p = "/api/" + r.Version
	}
	if ns != "" && r.Namespaced {
		p += "/namespaces/" + ns
	}
	return p + "/" + r.Name
}

func (r Resource) String() string {
	if r.Group == "" {
		return r.Name
	}
	return r.Name + "." + r.Group
}

// Resources discovers the listable resources whose objects wants accepts,
// one per kind, at the preferred version of their group. When a kind is
// served by several groups (Event in the core group and events.k8s.io),
// the Kubernetes group wins over a custom resource's, and the core group
// over the rest, so a CRD that reuses a built-in kind name is not listed
// in its place. Groups whose discovery failed (an aggregated API that is
// down) are skipped with a warning: the kinds they serve are unknown.
func (c *Client) Resources(ctx context.Context, wants func(apiVersion, kind string) bool) ([]Resource, error) {
	lists, err := discovery.ServerPreferredResources(c.disc)
	if err != nil {
		var gd *discovery.ErrGroupDiscoveryFailed
		if !errors.As(err, &gd) || len(lists) == 0 {
			return nil, fmt.Errorf("discover the API of %s: %w", c.Config.Host, err)
		}
		for gv, gerr := range gd.Groups {
			slog.Warn("API group not discovered; its kinds are not listed", "group", gv.String(), "err", gerr)
		}
	}
	return pickResources(lists, wants), ctx.Err()
}

// pickResources is Resources without the server: it keeps listable,
// top-level resources that wants accepts, one per kind.
func pickResources(lists []*metav1.APIResourceList, wants func(apiVersion, kind string) bool) []Resource {
	byKind := map[string]Resource{}
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue
		}
		for _, ar := range l.APIResources {
			if strings.Contains(ar.Name, "/") || !slices.Contains(ar.Verbs, "list") || !wants(gv.String(), ar.Kind) {
				continue
			}
			r := Resource{Group: gv.Group, Version: gv.Version, Kind: ar.Kind, Name: ar.Name, Namespaced: ar.Namespaced}
			if old, ok := byKind[r.Kind]; !ok || groupRank(r.Group) < groupRank(old.Group) ||
				groupRank(r.Group) == groupRank(old.Group) && r.Group < old.Group {
				byKind[r.Kind] = r
			}
		}
	}
	out := make([]Resource, 0, len(byKind))
	for _, r := range byKind {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Resource) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Group, b.Group)) })
	return out
}

// groupRank orders the groups that serve one kind: the core group, then
// Kubernetes' own groups (no dot, or *.k8s.io), then everything else.
func groupRank(group string) int {
	switch {
	case group == "":
		return 0
	case !strings.Contains(group, ".") || strings.HasSuffix(group, ".k8s.io"):
		return 1
	default:
		return 2
	}
}
