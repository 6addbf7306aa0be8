package check

// Evidence is one fact a result rests on: a setting's value and where it
// was read, or a file's mode and owner. Node benchmark results carry it so
// that a reader can check the verdict without re-running anything.
type Evidence struct {
	// Source says where the value came from: flag, env, config, builtin
	// (set by a distribution's own launcher), default (the component's
	// built-in default), absent (set nowhere), file, or manifest.
	Source  string `json:"source"`
	Setting string `json:"setting,omitempty"` // flag, config key or variable name
	Value   string `json:"value,omitempty"`   // the value seen
	File    string `json:"file,omitempty"`    // config file or checked file
	Mode    string `json:"mode,omitempty"`    // octal permission bits of File
	Owner   string `json:"owner,omitempty"`   // user:group of File
	Detail  string `json:"detail,omitempty"`  // e.g. the process it was read from
}
