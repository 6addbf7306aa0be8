package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/kube"
)

// Denied is a resource that could not be listed: its objects were not
// evaluated, and whatever depends on them cannot be either.
type Denied struct {
	Resource  Resource
	Namespace string // "" for all namespaces
	// Code is the HTTP status of the refusal (403 when RBAC forbids the
	// list), 0 when the request did not get an answer.
	Code int
	// Reason is the API server's message, e.g. `pods is forbidden: User
	// "dev" cannot list resource "pods" in API group "" at the cluster
	// scope`.
	Reason string
}

// Stream lists every resource, page by page (Options.PageSize objects a
// request), at most Options.Concurrency requests at a time, and calls emit
// for each object as its page arrives; emit may block, which holds back
// further requests. Only the pages in flight are in memory.
//
// With ns set, namespaced resources are listed in that namespace only and
// of the cluster-scoped ones only the Namespace object itself; otherwise
// everything is listed across all namespaces. A resource the server
// refuses to list, or fails to, is returned as Denied and the others are
// still listed; the error is set only when ctx ends.
func (c *Client) Stream(ctx context.Context, resources []Resource, ns string, emit func(*kube.Object)) ([]Denied, error) {
	var (
		mu     sync.Mutex
		denied []Denied
		wg     sync.WaitGroup
	)
	sem := make(chan struct{}, c.opts.Concurrency)
	for _, r := range resources {
		if ns != "" && !r.Namespaced && r.Kind != "Namespace" {
			continue
		}
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			if d := c.listAll(ctx, r, ns, emit); d != nil {
				mu.Lock()
				denied = append(denied, *d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return denied, err
	}
	sortDenied(denied)
	return denied, nil
}

// listPage is the part of a list response kubeward reads.
type listPage struct {
	Metadata struct {
		Continue string `json:"continue"`
	} `json:"metadata"`
	Items []json.RawMessage `json:"items"`
}

// listAll pages through one resource.
func (c *Client) listAll(ctx context.Context, r Resource, ns string, emit func(*kube.Object)) *Denied {
	path := r.Path(ns)
	var selector string
	if ns != "" && r.Kind == "Namespace" {
		path, selector = r.Path(""), "metadata.name="+ns
	}
	cont := ""
	for {
		req := c.disc.RESTClient().Get().AbsPath(path).Param("limit", fmt.Sprint(c.opts.PageSize))
		if cont != "" {
			req = req.Param("continue", cont)
		}
		if selector != "" {
			req = req.Param("fieldSelector", selector)
		}
		body, err := req.DoRaw(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return denial(r, ns, body, err)
		}
		var page listPage
		if err := json.Unmarshal(body, &page); err != nil {
			return &Denied{Resource: r, Namespace: ns, Reason: fmt.Sprintf("decode list of %s: %v", r, err)}
		}
		for _, item := range page.Items {
			o, err := newObject(c.Name, r, item)
			if err != nil {
				return &Denied{Resource: r, Namespace: ns, Reason: err.Error()}
			}
			emit(o)
		}
		if page.Metadata.Continue == "" {
			return nil
		}
		cont = page.Metadata.Continue
	}
}

// denial keeps the API server's own words: its status message says who
// may not do what. The body is read here because the generic client
// does not decode a Status into the error.
func denial(r Resource, ns string, body []byte, err error) *Denied {
	d := &Denied{Resource: r, Namespace: ns, Reason: err.Error()}
	var st metav1.Status
	if json.Unmarshal(body, &st) == nil && st.Kind == "Status" && st.Message != "" {
		d.Code, d.Reason = int(st.Code), st.Message
		return d
	}
	var se apierrors.APIStatus
	if errors.As(err, &se) {
		d.Code = int(se.Status().Code)
	}
	return d
}

// List collects the objects of the given kinds (every kind when kinds is
// empty is not allowed: it would list custom resources too) across all
// namespaces, or in ns. It is for analyses that need the whole set at
// once, such as RBAC; scans use Stream.
func (c *Client) List(ctx context.Context, ns string, kinds ...string) ([]*kube.Object, []Denied, error) {
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	resources, err := c.Resources(ctx, func(_, kind string) bool { return want[kind] })
	if err != nil {
		return nil, nil, err
	}
	var mu sync.Mutex
	var out []*kube.Object
	denied, err := c.Stream(ctx, resources, ns, func(o *kube.Object) {
		mu.Lock()
		out = append(out, o)
		mu.Unlock()
	})
	sortObjects(out)
	return out, denied, err
}
