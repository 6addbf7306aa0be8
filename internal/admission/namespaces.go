package admission

import (
	"context"
	"errors"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listersv1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
)

// NamespaceCache serves namespace labels from a watch of every Namespace
// (list and watch on namespaces is the one permission the webhook needs).
// A namespace the cache does not know yet, created a moment ago, is read
// from the API server instead.
type NamespaceCache struct {
	client kubernetes.Interface
	lister listersv1.NamespaceLister
	synced cache.InformerSynced
	start  func(stop <-chan struct{})
}

// lookupTimeout bounds the read of a namespace missing from the cache;
// the API server's webhook timeout is a few seconds in all.
const lookupTimeout = 2 * time.Second

// NewNamespaceCache prepares the watch; Run starts it.
func NewNamespaceCache(client kubernetes.Interface) *NamespaceCache {
	// Labels change rarely; the resync only re-delivers the cache.
	factory := informers.NewSharedInformerFactory(client, 0)
	inf := factory.Core().V1().Namespaces()
	c := &NamespaceCache{client: client, lister: inf.Lister(), synced: inf.Informer().HasSynced}
	c.start = factory.Start
	return c
}

// Run watches namespaces until ctx ends.
func (c *NamespaceCache) Run(ctx context.Context) { c.start(ctx.Done()) }

// Ready is the readiness check: the first list has been read.
func (c *NamespaceCache) Ready() error {
	if !c.synced() {
		return errors.New("namespaces not listed yet")
	}
	return nil
}

// Labels returns the labels of a namespace.
func (c *NamespaceCache) Labels(ctx context.Context, name string) (map[string]string, error) {
	ns, err := c.lister.Get(name)
	if err == nil {
		return ns.Labels, nil
	}
	if !apierrors.IsNotFound(err) {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	live, err := c.client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return live.Labels, nil
}
