# METADATA
# custom:
#   kind: [Pod]
package badmeta

deny contains "x" if false
