package bench

import (
	"encoding/json"
	"fmt"

	"github.com/kubeward/kubeward/internal/node"
)

// ConfigzPath is where the API server proxies a node's kubelet configz
// endpoint: the kubelet's effective configuration, flags already merged
// into it.
func ConfigzPath(nodeName string) string { return "/api/v1/nodes/" + nodeName + "/proxy/configz" }

// ConfigzSource names a node's configz in evidence and messages.
func ConfigzSource(nodeName string) string { return "configz of node " + nodeName }

// KubeletFromConfigz makes the kubelet Component of a node from the body
// of its configz endpoint, {"kubeletconfig": {...}}. The kubelet reports
// the configuration it runs with, its own flags and defaults applied, so
// config keys are read from it; a setting that exists only as a flag
// (--hostname-override) is not in it and is not evaluated.
func KubeletFromConfigz(nodeName string, body []byte) (*Component, error) {
	var doc struct {
		KubeletConfig map[string]any `json:"kubeletconfig"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("%s: not a configz document: %v", ConfigzSource(nodeName), err)
	}
	if doc.KubeletConfig == nil {
		return nil, fmt.Errorf("%s: no kubeletconfig in the answer", ConfigzSource(nodeName))
	}
	src := ConfigzSource(nodeName)
	cfg := &node.Config{Data: doc.KubeletConfig}
	return &Component{
		Name: "kubelet", Source: src, Config: cfg.WithFile(src), ConfigPath: src,
		FlagsHidden: "the kubelet's command line is not part of its configz",
	}, nil
}
