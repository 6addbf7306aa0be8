package kube

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
)

func TestUnmarshalJSONNamesTheField(t *testing.T) {
	var d appsv1.Deployment
	err := UnmarshalJSON([]byte(`{"spec":{"template":{"spec":{"volumes":[{"name":"x","fc":{"lun":"3"}}]}}}}`), &d)
	want := "spec.template.spec.volumes[0].fc.lun: a string where int32 is expected"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestUnmarshalJSONKeepsAPIMethods(t *testing.T) {
	var d appsv1.Deployment
	err := UnmarshalJSON([]byte(`{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"25%"}},"template":{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"500m"}}}]}}}}`), &d)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Spec.Strategy.RollingUpdate.MaxSurge.String(); got != "25%" {
		t.Errorf("maxSurge = %q", got)
	}
	if got := d.Spec.Template.Spec.Containers[0].Resources.Limits.Cpu().MilliValue(); got != 500 {
		t.Errorf("cpu limit = %dm", got)
	}
}

// The API server drops a field whose name differs only in case from a real
// one, so a check must not act on it: hostnetwork is not hostNetwork.
func TestUnmarshalJSONMatchesNamesExactly(t *testing.T) {
	var d appsv1.Deployment
	err := UnmarshalJSON([]byte(`{"spec":{"replicas":2,"Replicas":5,"template":{"spec":{"hostnetwork":true,"HOSTPID":true}}}}`), &d)
	if err != nil {
		t.Fatal(err)
	}
	if s := d.Spec.Template.Spec; s.HostNetwork || s.HostPID {
		t.Errorf("hostNetwork %v, hostPID %v: want both false", s.HostNetwork, s.HostPID)
	}
	if *d.Spec.Replicas != 2 {
		t.Errorf("replicas = %d, want 2", *d.Spec.Replicas)
	}
}
