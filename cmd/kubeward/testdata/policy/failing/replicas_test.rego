package kubeward.replicas_test

import data.kubeward.replicas

test_one_replica_denied if {
	replicas.deny == {"one replica"} with input as {"object": {"spec": {"replicas": 1}}}
}

# Wrong on purpose: two replicas are not denied.
test_two_replicas_denied if {
	replicas.deny == {"one replica"} with input as {"object": {"spec": {"replicas": 2}}}
}

# Errors on purpose: to_number fails on "two".
test_replicas_from_string if {
	to_number("two") == 2
}
