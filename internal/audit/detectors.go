package audit

// Detectors lists every audit detector, in documentation order.
func Detectors() []*Detector {
	return []*Detector{
		RepeatedForbidden, RepeatedUnauthorized,
		AnonymousAllowed, ClusterWriteUnlisted,
		PodExec, PodPortForward, NodeProxy,
		SecretRead, SecretListAllNamespaces,
		InsecureWorkload,
		ClusterAdminGrant, PowerfulRole, Impersonation,
		TokenRequest, CertificateSigning,
		AdmissionConfigChange, EventsDeleted,
		TokenNewSource, SourceOutsideCIDRs,
	}
}
