package kubeward.broken

deny contains msg if {
	msg := sprintf("%s", [input.name]
}
