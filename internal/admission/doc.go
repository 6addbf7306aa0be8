// Package admission is kubeward's validating admission webhook: it runs
// the same check engine as `kubeward scan` on the objects of CREATE and
// UPDATE requests and answers with a decision.
//
// Reviewer.Review is the decision as a plain function of a request, which
// tests call directly; Handler is the HTTP adapter that decodes an
// AdmissionReview, calls it, answers, counts and logs. Modes (enforce,
// warn, audit) come from severity thresholds, per-check overrides and
// namespace labels; exemptions skip evaluation for namespaces, users,
// groups and service accounts; .kubeward.yaml exceptions apply as in scan.
package admission
