package check

// FrameworksOf groups a check's controls by framework, the shape findings
// and report rules carry them in.
func FrameworksOf(cs []Control) *Frameworks { return frameworksOf(cs) }
