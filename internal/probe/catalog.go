package probe

import "github.com/kubeward/kubeward/internal/check"

// MITRE ATT&CK techniques the probes map to.
const (
	mitreExternalRemote   = "T1133"     // External Remote Services
	mitreSoftwareInfo     = "T1592.002" // Gather Victim Host Information: Software
	mitreEmailAddresses   = "T1589.002" // Gather Victim Identity Information: Email Addresses
	mitreContainerDisc    = "T1613"     // Container and Resource Discovery
	mitreContainerAdmin   = "T1609"     // Container Administration Command
	mitreDeployContainer  = "T1610"     // Deploy Container
	mitreEscapeToHost     = "T1611"     // Escape to Host
	mitreContainerAPI     = "T1552.007" // Unsecured Credentials: Container API
	mitreCloudMetadata    = "T1552.005" // Unsecured Credentials: Cloud Instance Metadata API
	mitreAppAccessToken   = "T1528"     // Steal Application Access Token
	mitreProxy            = "T1090"     // Proxy
	mitreAdversaryInMid   = "T1557"     // Adversary-in-the-Middle
	mitreClusterRoles     = "T1098.006" // Account Manipulation: Additional Container Cluster Roles
	mitreDataDestruction  = "T1485"     // Data Destruction
	mitreHideArtifacts    = "T1564"     // Hide Artifacts
	mitreNetworkDiscovery = "T1046"     // Network Service Discovery
)

// The rules, by component. Severity is kubeward's judgement of the
// exposure on a current cluster; a finding may lower it (a list of
// services is less than a list of secrets).
var (
	// Discovery and transport.
	ServiceFound = rule("probe-service", "", "Kubernetes service answering on the network", check.Info, mitreNetworkDiscovery,
		"TCP connect, TLS handshake without a client certificate, GET /version, /api/v1, /pods, /healthz, /metrics",
		"A Kubernetes component answers on this address. The finding records what answered, whether it speaks TLS and the "+
			"server certificate's subject, SANs, issuer and expiry. It is an inventory record, not a problem by itself.",
		"Make sure only the networks that need the component can reach it (firewall, security groups, NetworkPolicy).")
	ProbeError = rule("probe-error", "", "Network probe could not complete", check.Info, mitreNetworkDiscovery,
		"any probe request",
		"A target accepted the connection but then hung, reset it or answered something that is not the protocol expected. "+
			"What it exposes was not evaluated.",
		"Check what listens on the port; rerun with a longer --timeout if the network is slow.")
	CertEmail = rule("probe-tls-cert-email", "KHV021", "Email address in a served TLS certificate", check.Low, mitreEmailAddresses,
		"TLS handshake; the server certificate's subject and SANs",
		"The server certificate carries an email address, which names a person or team to target.",
		"Issue serving certificates without email addresses.")
	CertExpired = rule("probe-tls-cert-expired", "", "Served TLS certificate expired or not yet valid", check.Medium, mitreExternalRemote,
		"TLS handshake; the server certificate's validity",
		"The component serves a certificate outside its validity period: clients that verify fail, and clients that keep "+
			"working have stopped verifying.",
		"Rotate the certificate (kubeadm certs renew, or the distribution's rotation).")

	// API server.
	APIAnonymous = rule("probe-apiserver-anonymous-access", "KHV005", "API server answers anonymous requests", check.High, mitreExternalRemote,
		"GET /api without credentials",
		"The API server serves API discovery to a client without credentials: anonymous authentication is on and "+
			"system:anonymous or system:unauthenticated is bound to more than the public-info roles. A 401 (anonymous "+
			"authentication off) or a 403 (anonymous allowed to authenticate, but forbidden) is reported as a pass.",
		"Start kube-apiserver with --anonymous-auth=false, or keep it on only for the health endpoints with an "+
			"AuthenticationConfiguration anonymous.conditions list; remove bindings to system:anonymous and system:unauthenticated.")
	APIAnonymousList = rule("probe-apiserver-anonymous-list", "KHV007", "Anonymous client can list API objects", check.Medium, mitreContainerDisc,
		"GET /api/v1/{namespaces,pods,secrets,...}?limit=1 without credentials; SelfSubjectRulesReview",
		"A client without credentials can list objects. One finding per resource; secrets are high severity.",
		"Remove the RoleBindings and ClusterRoleBindings whose subjects include system:anonymous or system:unauthenticated.")
	APIToken = rule("probe-apiserver-token-access", "KHV005", "API server reachable with the service-account token", check.Medium, mitreContainerDisc,
		"GET /api with the bearer token",
		"The service-account token given (--token, or the pod's own in --from-pod) is accepted by the API server.",
		"Set automountServiceAccountToken: false on pods that do not call the API.")
	APITokenList = rule("probe-apiserver-token-list", "KHV007", "Service-account token can list API objects", check.Medium, mitreContainerDisc,
		"GET /api/v1/{namespaces,pods,secrets,...}?limit=1 with the bearer token; SelfSubjectRulesReview",
		"The service-account token can list objects. One finding per resource; secrets are high severity.",
		"Bind the service account to a Role with only the verbs and resources it needs.")
	APIVersion = rule("probe-apiserver-version", "KHV002", "API server discloses its version", check.Info, mitreSoftwareInfo,
		"GET /version without credentials",
		"The API server tells clients without credentials its exact version (the default system:public-info-viewer role "+
			"allows it), which says which CVEs apply. The version's known CVEs are reported as k8s-cve findings on the same endpoint.",
		"Keep the control plane patched; to hide the version remove the system:public-info-viewer binding for system:unauthenticated.")
	APIPlainHTTP = rule("probe-apiserver-plain-http", "KHV006", "Kubernetes API served over plain HTTP", check.Critical, mitreExternalRemote,
		"GET http://HOST:PORT/api/v1",
		"The API answers over plain HTTP without authentication: the insecure port of a pre-1.20 API server, or a proxy "+
			"in front of it. Anyone who reaches it is cluster admin.",
		"Remove --insecure-port/--insecure-bind-address (gone since 1.24) or the proxy; serve the API over TLS only.")
	KubectlProxy = rule("probe-kubectl-proxy", "KHV049", "kubectl proxy exposed", check.High, mitreProxy,
		"GET http://HOST:PORT/api/v1 (APIResourceList without credentials)",
		"A kubectl proxy forwards every request with the credentials of whoever started it.",
		"Stop the proxy or bind it to 127.0.0.1 (its default); never run it with --address=0.0.0.0 --accept-hosts='.*'.")
	Dashboard = rule("probe-dashboard", "KHV029", "Kubernetes Dashboard answers without login", check.High, mitreExternalRemote,
		"GET /api/v1/service/default without credentials",
		"The Dashboard backend returns cluster data without a login, with the Dashboard's own service account's rights.",
		"Upgrade the Dashboard to v2 or later, require a token login, never grant its service account cluster-admin.")

	// kubelet.
	KubeletAnonymous = rule("probe-kubelet-anonymous-auth", "KHV036", "kubelet accepts anonymous requests", check.High, mitreExternalRemote,
		"GET https://HOST:10250/pods without credentials",
		"The kubelet API authenticates requests without credentials as system:anonymous: a 200 (authorized) or a 403 "+
			"(authenticated, forbidden) means anonymous authentication is on; a 401 means it is off (pass).",
		"Set authentication.anonymous.enabled: false and authorization.mode: Webhook in the KubeletConfiguration.")
	KubeletPods = rule("probe-kubelet-pods", "KHV052", "kubelet pod list readable", check.Medium, mitreContainerDisc,
		"GET /pods", "The kubelet returns the specs of every pod on the node, environment variables included.",
		"Turn anonymous authentication off and use Webhook authorization on the kubelet; close the read-only port.")
	KubeletRunningPods = rule("probe-kubelet-running-pods", "KHV038", "kubelet running-pods list readable", check.Medium, mitreContainerDisc,
		"GET /runningpods/", "The kubelet returns the pods its container runtime runs.",
		"Turn anonymous authentication off and use Webhook authorization on the kubelet.")
	KubeletLogs = rule("probe-kubelet-container-logs", "KHV037", "kubelet container logs reachable", check.Medium, mitreContainerDisc,
		"GET /containerLogs/kubeward-probe/kubeward-probe/kubeward-probe (a pod that does not exist)",
		"The request passed the kubelet's authentication and authorization and reached the log handler (404 for the "+
			"made-up pod): container logs of real pods are readable.",
		"Turn anonymous authentication off and use Webhook authorization on the kubelet.")
	KubeletExec = rule("probe-kubelet-exec", "KHV039", "kubelet exec endpoint reachable", check.Critical, mitreContainerAdmin,
		"GET /exec/kubeward-probe/kubeward-probe/kubeward-probe?command=true&output=1 (a pod that does not exist; nothing runs)",
		"The request reached the kubelet's exec handler: commands can be run in any container on the node.",
		"Turn anonymous authentication off and use Webhook authorization on the kubelet.")
	KubeletRun = rule("probe-kubelet-run", "KHV040", "kubelet run endpoint reachable", check.Critical, mitreContainerAdmin,
		"POST /run/kubeward-probe/kubeward-probe/kubeward-probe?cmd=true (a pod that does not exist; nothing runs)",
		"The request reached the kubelet's run handler: commands can be run in any container on the node.",
		"Turn anonymous authentication off and use Webhook authorization on the kubelet.")
	KubeletAttach = rule("probe-kubelet-attach", "KHV042", "kubelet attach endpoint reachable", check.Critical, mitreContainerAdmin,
		"GET /attach/kubeward-probe/kubeward-probe/kubeward-probe?output=1 (a pod that does not exist)",
		"The request reached the kubelet's attach handler: the console of any container on the node can be taken over.",
		"Turn anonymous authentication off and use Webhook authorization on the kubelet.")
	KubeletPortForward = rule("probe-kubelet-portforward", "KHV041", "kubelet port-forward endpoint reachable", check.High, mitreProxy,
		"GET /portForward/kubeward-probe/kubeward-probe?port=80 (a pod that does not exist)",
		"The request reached the kubelet's port-forward handler: any pod's ports can be tunnelled to, past NetworkPolicy.",
		"Turn anonymous authentication off and use Webhook authorization on the kubelet.")
	KubeletHealthz = rule("probe-kubelet-healthz", "KHV043", "kubelet health endpoint readable", check.Low, mitreNetworkDiscovery,
		"GET /healthz", "The kubelet's health endpoint answers without credentials, confirming a kubelet at this address.",
		"Turn anonymous authentication off on the kubelet and close the read-only port.")
	KubeletCmdline = rule("probe-kubelet-pprof-cmdline", "KHV046", "kubelet command line exposed by pprof", check.Medium, mitreContainerDisc,
		"GET /debug/pprof/cmdline", "The kubelet's profiling handler returns its command line, flags and file paths included.",
		"Set enableProfilingHandler: false or turn anonymous authentication off on the kubelet.")
	KubeletConfigz = rule("probe-kubelet-configz", "", "kubelet configuration readable", check.Medium, mitreContainerDisc,
		"GET /configz", "The kubelet returns its whole running configuration.",
		"Turn anonymous authentication off and use Webhook authorization on the kubelet.")
	KubeletHostLogs = rule("probe-kubelet-host-logs", "KHV045", "kubelet serves the node's /var/log", check.High, mitreContainerAPI,
		"GET /logs/", "The kubelet lists the node's /var/log, whose files (audit logs among them) can then be read.",
		"Set enableSystemLogHandler: false or turn anonymous authentication off on the kubelet.")
	KubeletReadOnly = rule("probe-kubelet-readonly-port", "KHV052", "kubelet read-only port open", check.High, mitreContainerDisc,
		"GET http://HOST:10255/pods",
		"The kubelet's read-only port serves pod specs, metrics and its version over plain HTTP with no authentication at all.",
		"Set readOnlyPort: 0 in the KubeletConfiguration (the config-file default).")
	KubeletVersion = rule("probe-kubelet-version", "KHV002", "kubelet discloses its version", check.Info, mitreSoftwareInfo,
		"GET http://HOST:10255/metrics (kubernetes_build_info gitVersion)",
		"The read-only port's metrics name the kubelet's exact version; its known CVEs are reported as k8s-cve findings.",
		"Set readOnlyPort: 0 in the KubeletConfiguration.")
	KubeletPrivileged = rule("probe-kubelet-privileged-pod", "KHV044", "Privileged container visible through the kubelet", check.High, mitreEscapeToHost,
		"GET /pods (spec.containers[].securityContext.privileged)",
		"A pod the kubelet serves without authentication runs a privileged container: a way to the host for whoever can exec into it.",
		"Close the kubelet's read-only port and anonymous access; run workloads unprivileged.")
	KubeletVarLog = rule("probe-kubelet-varlog-mount", "KHV047", "Pod with a writable hostPath under /var/log", check.High, mitreEscapeToHost,
		"GET /pods (spec.volumes[].hostPath under /var/log)",
		"A pod mounts the node's /var/log writable: with the kubelet's /logs handler a symlink there reads any host file.",
		"Mount /var/log read-only or not at all; close anonymous kubelet access.")

	// etcd.
	EtcdPlainHTTP = rule("probe-etcd-plain-http", "KHV034", "etcd served over plain HTTP", check.Critical, mitreContainerAPI,
		"GET http://HOST:2379/version",
		"etcd answers over plain HTTP: no TLS and therefore no client-certificate authentication. It holds every Secret.",
		"Serve etcd with --cert-file, --key-file, --client-cert-auth=true and --trusted-ca-file; listen on the control-plane network only.")
	EtcdNoClientCert = rule("probe-etcd-no-client-cert", "KHV033", "etcd accepts clients without a certificate", check.Critical, mitreContainerAPI,
		"TLS handshake and GET https://HOST:2379/version without a client certificate",
		"etcd completes requests from a client that shows no certificate. Requiring a client certificate (the handshake "+
			"fails with 'certificate required') is reported as a pass.",
		"Start etcd with --client-cert-auth=true and --trusted-ca-file.")
	EtcdReads = rule("probe-etcd-reads", "KHV032", "etcd answers reads without authentication", check.Critical, mitreContainerAPI,
		"POST /v3/kv/range {count_only over the whole key space} without credentials",
		"etcd's v3 gateway answers a range request: every key, Secrets included, is readable. The probe asks for the "+
			"count of keys only and reads no value.",
		"Require client certificates (--client-cert-auth=true) and restrict who reaches port 2379.")
	EtcdVersion = rule("probe-etcd-version", "KHV033", "etcd discloses its version", check.Low, mitreSoftwareInfo,
		"GET /version", "etcd tells a client without a certificate its server and cluster versions.",
		"Require client certificates on etcd's client port.")

	// Other control-plane and node components.
	ControllerManager = rule("probe-controller-manager-unauthenticated", "", "kube-controller-manager serves data without authentication", check.High, mitreContainerDisc,
		"GET https://HOST:10257/metrics without credentials",
		"The controller-manager's secure port serves its metrics (or more) to a client without credentials. /healthz "+
			"answering is normal and not reported.",
		"Keep the default delegated authentication and authorization; remove --authorization-always-allow-paths beyond the health endpoints.")
	Scheduler = rule("probe-scheduler-unauthenticated", "", "kube-scheduler serves data without authentication", check.High, mitreContainerDisc,
		"GET https://HOST:10259/metrics without credentials",
		"The scheduler's secure port serves its metrics (or more) to a client without credentials.",
		"Keep the default delegated authentication and authorization; remove --authorization-always-allow-paths beyond the health endpoints.")
	MetricsOpen = rule("probe-metrics-unauthenticated", "", "Metrics endpoint readable without authentication", check.Low, mitreNetworkDiscovery,
		"GET /metrics without credentials",
		"A component (kube-proxy on 10249, or another) serves Prometheus metrics to anyone: versions, object counts and names.",
		"Bind metrics to 127.0.0.1 (kube-proxy --metrics-bind-address) or put them behind authentication.")

	// In a pod (--from-pod).
	PodToken = rule("probe-pod-sa-token", "KHV050", "Service-account token mounted in the pod", check.Low, mitreAppAccessToken,
		"read /var/run/secrets/kubernetes.io/serviceaccount/token",
		"The pod has an API token. What it may do is reported by probe-apiserver-token-* findings.",
		"Set automountServiceAccountToken: false where the pod does not call the API.")
	PodSecrets = rule("probe-pod-secret-files", "", "Secret files readable inside the pod", check.Low, mitreAppAccessToken,
		"walk /var/run/secrets/", "Files under /var/run/secrets are readable by the pod's processes.",
		"Mount only the secrets the pod needs.")
	PodNetRaw = rule("probe-pod-cap-net-raw", "", "CAP_NET_RAW available in the pod", check.Medium, mitreAdversaryInMid,
		"CapEff in /proc/self/status, bit 13",
		"The pod may open raw sockets: ARP and DNS spoofing of its neighbours on the same L2 segment.",
		"Drop ALL capabilities (Pod Security restricted does), or at least NET_RAW.")
	MetadataAWS = rule("probe-cloud-metadata-aws", "KHV053", "AWS instance metadata reachable from the pod", check.High, mitreCloudMetadata,
		"PUT /latest/api/token (IMDSv2), then GET /latest/meta-data/ (IMDSv1 without a token)",
		"The pod reaches the node's instance metadata service and with it the node's IAM credentials.",
		"Require IMDSv2 with a hop limit of 1, or block 169.254.169.254 with an egress NetworkPolicy.")
	MetadataAzure = rule("probe-cloud-metadata-azure", "KHV003", "Azure instance metadata reachable from the pod", check.High, mitreCloudMetadata,
		"GET /metadata/instance?api-version=2021-02-01 with Metadata: true",
		"The pod reaches the node's instance metadata service and with it the node's managed identity tokens.",
		"Block 169.254.169.254 with an egress NetworkPolicy.")
	MetadataGCP = rule("probe-cloud-metadata-gcp", "", "GCP instance metadata reachable from the pod", check.High, mitreCloudMetadata,
		"GET /computeMetadata/v1/instance/ with Metadata-Flavor: Google",
		"The pod reaches the node's metadata server and with it the node service account's tokens.",
		"Use GKE Workload Identity (metadata concealment) or block 169.254.169.254 with an egress NetworkPolicy.")

	// Active (--active).
	ActiveCreateNamespace     = activeRule("probe-active-create-namespace", "Credentials can create namespaces", mitreHideArtifacts, "POST /api/v1/namespaces (kubeward-probe-*)", "The credentials created a namespace (deleted again).")
	ActiveDeleteNamespace     = activeRule("probe-active-delete-namespace", "Credentials can delete namespaces", mitreDataDestruction, "DELETE /api/v1/namespaces/kubeward-probe-*", "The credentials deleted the namespace the probe created.")
	ActiveCreateRole          = activeRule("probe-active-create-role", "Credentials can create Roles", mitreClusterRoles, "POST /apis/rbac.authorization.k8s.io/v1/namespaces/NS/roles", "The credentials created a Role in the probe's namespace.")
	ActivePatchRole           = activeRule("probe-active-patch-role", "Credentials can patch Roles", mitreClusterRoles, "PATCH /apis/rbac.authorization.k8s.io/v1/namespaces/NS/roles/NAME", "The credentials patched the Role the probe created.")
	ActiveDeleteRole          = activeRule("probe-active-delete-role", "Credentials can delete Roles", mitreDataDestruction, "DELETE /apis/rbac.authorization.k8s.io/v1/namespaces/NS/roles/NAME", "The credentials deleted the Role the probe created.")
	ActiveCreateClusterRole   = activeRule("probe-active-create-clusterrole", "Credentials can create ClusterRoles", mitreClusterRoles, "POST /apis/rbac.authorization.k8s.io/v1/clusterroles", "The credentials created a ClusterRole (with no rules; deleted again).")
	ActivePatchClusterRole    = activeRule("probe-active-patch-clusterrole", "Credentials can patch ClusterRoles", mitreClusterRoles, "PATCH /apis/rbac.authorization.k8s.io/v1/clusterroles/NAME", "The credentials patched the ClusterRole the probe created.")
	ActiveDeleteClusterRole   = activeRule("probe-active-delete-clusterrole", "Credentials can delete ClusterRoles", mitreDataDestruction, "DELETE /apis/rbac.authorization.k8s.io/v1/clusterroles/NAME", "The credentials deleted the ClusterRole the probe created.")
	ActiveCreatePod           = activeRule("probe-active-create-pod", "Credentials can create pods", mitreDeployContainer, "POST /api/v1/namespaces/NS/pods (bound to a node that does not exist, so it never runs)", "The credentials created a pod in the probe's namespace.")
	ActivePatchPod            = activeRule("probe-active-patch-pod", "Credentials can patch pods", mitreDeployContainer, "PATCH /api/v1/namespaces/NS/pods/NAME (a label)", "The credentials patched the pod the probe created.")
	ActiveDeletePod           = activeRule("probe-active-delete-pod", "Credentials can delete pods", mitreDataDestruction, "DELETE /api/v1/namespaces/NS/pods/NAME", "The credentials deleted the pod the probe created.")
	ActiveCreatePrivilegedPod = activeRule("probe-active-create-privileged-pod", "Credentials can create privileged pods", mitreEscapeToHost, "POST /api/v1/namespaces/NS/pods?dryRun=All (privileged: true)", "The API server (authorization and admission, Pod Security included) accepted a privileged pod; it was a dry run and nothing was stored.")
)

// Rules lists every probe, passive first, in the order of the docs.
var Rules = []*Rule{
	ServiceFound, ProbeError, CertEmail, CertExpired,
	APIAnonymous, APIAnonymousList, APIToken, APITokenList, APIVersion, APIPlainHTTP, KubectlProxy, Dashboard,
	KubeletAnonymous, KubeletPods, KubeletRunningPods, KubeletLogs, KubeletExec, KubeletRun, KubeletAttach, KubeletPortForward,
	KubeletHealthz, KubeletCmdline, KubeletConfigz, KubeletHostLogs, KubeletReadOnly, KubeletVersion, KubeletPrivileged, KubeletVarLog,
	EtcdPlainHTTP, EtcdNoClientCert, EtcdReads, EtcdVersion,
	ControllerManager, Scheduler, MetricsOpen,
	PodToken, PodSecrets, PodNetRaw, MetadataAWS, MetadataAzure, MetadataGCP,
	ActiveCreateNamespace, ActiveDeleteNamespace, ActiveCreateRole, ActivePatchRole, ActiveDeleteRole,
	ActiveCreateClusterRole, ActivePatchClusterRole, ActiveDeleteClusterRole,
	ActiveCreatePod, ActivePatchPod, ActiveDeletePod, ActiveCreatePrivilegedPod,
}
