package kubeward.team_label_test

import data.kubeward.team_label

deployment(labels, annotations) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
	"object": {"metadata": {"name": "web", "labels": labels, "annotations": annotations}},
}

test_missing_team_label_is_denied if {
	team_label.deny == {{"message": "Deployment \"web\" has no team label", "path": "metadata.labels"}} with input as deployment({"app": "web"}, {})
}

test_no_labels_points_at_metadata if {
	denials := team_label.deny with input as {"kind": "Pod", "name": "p", "object": {"metadata": {"name": "p"}}}
	denials == {{"message": "Pod \"p\" has no team label", "path": "metadata"}}
}

test_team_label_passes if {
	count(team_label.deny) == 0 with input as deployment({"team": "payments"}, {"example.com/contact": "#payments"})
	count(team_label.warn) == 0 with input as deployment({"team": "payments"}, {"example.com/contact": "#payments"})
}

test_missing_contact_warns if {
	some w in team_label.warn with input as deployment({"team": "payments"}, {})
	w.id == "team-contact"
}

test_team_change_on_update_is_denied if {
	req := object.union(deployment({"team": "search"}, {"example.com/contact": "#search"}), {"request": {
		"operation": "UPDATE",
		"oldObject": {"metadata": {"labels": {"team": "payments"}}},
	}})
	team_label.deny == {{
		"id": "team-label-immutable", "severity": "high",
		"message": "the team label cannot change from \"payments\" to \"search\"",
		"path": "metadata.labels.team",
	}} with input as req
}

test_same_team_on_update_passes if {
	req := object.union(deployment({"team": "payments"}, {}), {"request": {
		"operation": "UPDATE",
		"oldObject": {"metadata": {"labels": {"team": "payments"}}},
	}})
	count(team_label.deny) == 0 with input as req
}
