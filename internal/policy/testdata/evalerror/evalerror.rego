# METADATA
# title: Replica names are numbers
# custom:
#   severity: low
package numbered_names

# to_number fails on a name that is not a number: with strict built-in
# errors that is an evaluation error, not an undefined value.
deny contains "name is too small" if {
	to_number(input.name) < 10
}
