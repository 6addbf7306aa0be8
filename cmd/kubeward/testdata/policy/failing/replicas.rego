# METADATA
# custom:
#   kinds: [Deployment]
package kubeward.replicas

deny contains "one replica" if input.object.spec.replicas < 2
