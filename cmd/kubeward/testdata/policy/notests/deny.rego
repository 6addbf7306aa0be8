package kubeward.notests

deny contains "never" if false
