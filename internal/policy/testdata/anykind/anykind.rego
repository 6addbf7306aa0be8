# METADATA
# title: Objects carry an owner annotation
package owner_annotation

deny contains {"message": sprintf("%s has no owner annotation", [input.kind]), "path": "metadata"} if {
	not input.object.metadata.annotations.owner
}
