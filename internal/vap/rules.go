package vap

// Rule is the CEL form of one built-in check, over Pods. Expression is
// true when the Pod passes; MessageExpression names what failed.
type Rule struct {
	Check             string // the built-in check's ID
	Expression        string
	MessageExpression string
}

// Every rule reads the pod spec and its containers through these
// variables. Optional field access (?.) keeps an absent field from being
// an evaluation error, which failurePolicy Fail would turn into a denial.
var variables = [][2]string{
	{"spec", "object.spec"},
	{"containers", "variables.spec.containers + variables.spec.?initContainers.orValue([]) + variables.spec.?ephemeralContainers.orValue([])"},
}

// Rules are the built-in checks CEL expresses exactly: on every Pod the
// expression is false exactly when the check reports a finding. The
// agreement test holds each one to that on the check's own testdata.
var Rules = []Rule{
	{
		Check:      "privileged-container",
		Expression: "!variables.containers.exists(c, c.?securityContext.?privileged.orValue(false))",
		MessageExpression: "'privileged-container: containers run privileged: ' + " +
			"variables.containers.filter(c, c.?securityContext.?privileged.orValue(false)).map(c, c.name).join(', ')",
	},
	{
		Check: "host-namespaces",
		Expression: "!(variables.spec.?hostNetwork.orValue(false) || variables.spec.?hostPID.orValue(false) || " +
			"variables.spec.?hostIPC.orValue(false))",
		MessageExpression: "'host-namespaces: pod shares host namespaces: ' + (" +
			"(variables.spec.?hostNetwork.orValue(false) ? ['hostNetwork'] : []) + " +
			"(variables.spec.?hostPID.orValue(false) ? ['hostPID'] : []) + " +
			"(variables.spec.?hostIPC.orValue(false) ? ['hostIPC'] : [])).join(', ')",
	},
	{
		Check:      "host-path-volume",
		Expression: "!variables.spec.?volumes.orValue([]).exists(v, has(v.hostPath))",
		MessageExpression: "'host-path-volume: volumes mount host paths: ' + " +
			"variables.spec.?volumes.orValue([]).filter(v, has(v.hostPath)).map(v, v.name + ' (' + v.hostPath.path + ')').join(', ')",
	},
	{
		Check:      "host-ports",
		Expression: "!variables.containers.exists(c, c.?ports.orValue([]).exists(p, p.?hostPort.orValue(0) != 0))",
		MessageExpression: "'host-ports: containers bind host ports: ' + " +
			"variables.containers.filter(c, c.?ports.orValue([]).exists(p, p.?hostPort.orValue(0) != 0)).map(c, c.name).join(', ')",
	},
	{
		Check: "host-process",
		Expression: "!(variables.spec.?securityContext.?windowsOptions.?hostProcess.orValue(false) || " +
			"variables.containers.exists(c, c.?securityContext.?windowsOptions.?hostProcess.orValue(false)))",
		MessageExpression: "'host-process: Windows HostProcess is set on: ' + (" +
			"(variables.spec.?securityContext.?windowsOptions.?hostProcess.orValue(false) ? ['the pod'] : []) + " +
			"variables.containers.filter(c, c.?securityContext.?windowsOptions.?hostProcess.orValue(false)).map(c, c.name)).join(', ')",
	},
	{
		Check: "seccomp-baseline",
		Expression: "(!variables.spec.?securityContext.?seccompProfile.hasValue() || " +
			"variables.spec.securityContext.seccompProfile.?type.orValue('') in ['RuntimeDefault', 'Localhost']) && " +
			"variables.containers.all(c, !c.?securityContext.?seccompProfile.hasValue() || " +
			"c.securityContext.seccompProfile.?type.orValue('') in ['RuntimeDefault', 'Localhost'])",
		MessageExpression: "'seccomp-baseline: seccomp profile is not RuntimeDefault or Localhost on: ' + (" +
			"(variables.spec.?securityContext.?seccompProfile.hasValue() && " +
			"!(variables.spec.securityContext.seccompProfile.?type.orValue('') in ['RuntimeDefault', 'Localhost']) ? ['the pod'] : []) + " +
			"variables.containers.filter(c, c.?securityContext.?seccompProfile.hasValue() && " +
			"!(c.securityContext.seccompProfile.?type.orValue('') in ['RuntimeDefault', 'Localhost'])).map(c, c.name)).join(', ')",
	},
	{
		// Windows pods are exempt, as in the built-in check.
		Check: "privilege-escalation",
		Expression: "variables.spec.?os.?name.orValue('') == 'windows' || " +
			"variables.containers.all(c, c.?securityContext.?allowPrivilegeEscalation.orValue(true) == false)",
		MessageExpression: "'privilege-escalation: containers do not set allowPrivilegeEscalation=false: ' + " +
			"variables.containers.filter(c, c.?securityContext.?allowPrivilegeEscalation.orValue(true) != false).map(c, c.name).join(', ')",
	},
}
