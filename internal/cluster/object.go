package cluster

import (
	"encoding/json"
	"fmt"

	"github.com/kubeward/kubeward/internal/kube"
)

// newObject turns one item of a list response into an object. List items
// carry no apiVersion and kind, so they are set from the resource, and
// metadata.managedFields is dropped: it is the server's bookkeeping of
// who set which field, often the largest part of an object, and no check
// reads it. Everything else, status included, is kept as served.
func newObject(cluster string, r Resource, item []byte) (*kube.Object, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(item, &top); err != nil {
		return nil, fmt.Errorf("decode %s item: %w", r, err)
	}
	var meta map[string]json.RawMessage
	if err := json.Unmarshal(top["metadata"], &meta); err != nil {
		return nil, fmt.Errorf("decode %s item metadata: %w", r, err)
	}
	delete(meta, "managedFields")
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	top["metadata"] = metaJSON
	top["apiVersion"], _ = json.Marshal(r.APIVersion())
	top["kind"], _ = json.Marshal(r.Kind)
	data, err := json.Marshal(top)
	if err != nil {
		return nil, err
	}
	o, err := kube.NewObjectWithHead(r.APIVersion(), r.Kind, metaJSON, data, nil, kube.Location{}, 0, 0)
	if err != nil {
		return nil, fmt.Errorf("%s item: %w", r, err)
	}
	o.Cluster = cluster
	o.ResourceVersion = o.Meta.ResourceVersion
	o.Location = kube.Location{Object: ObjectPath(r, o.Namespace, o.Name)}
	return o, nil
}

// ObjectPath is the API path of one object, the form
// `kubectl get --raw` takes: it names a cluster object in a report's
// location, where a file object has its file.
func ObjectPath(r Resource, namespace, name string) string {
	return r.Path(namespace) + "/" + name
}
