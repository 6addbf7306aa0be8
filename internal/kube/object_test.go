package kube_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/kube"
)

func TestShellKeepsTheHeadAndIsMadeOnce(t *testing.T) {
	data := []byte(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop",` +
		`"annotations":{"kubeward.dev/ignore":"latest-tag"}},"spec":{"replicas":3}}`)
	o, err := kube.NewObject(data, nil, kube.Location{File: "web.yaml", Line: 4}, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	s := o.Shell()
	if s != o.Shell() || s.Shell() != s {
		t.Error("Shell made a second copy of the same object")
	}
	if s.Ref != o.Ref || s.Location != o.Location || s.Document != 1 ||
		s.Meta.Annotations["kubeward.dev/ignore"] != "latest-tag" {
		t.Errorf("shell %+v lost the object's head", s)
	}
	if s.JSON != nil || s.Node != nil {
		t.Error("the shell keeps the object's content")
	}
}
