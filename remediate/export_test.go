package remediate

// Internals the external tests (package remediate_test, which may import
// memstore without an import cycle) look at.

var (
	ParseYAML    = parseYAML
	LineStarts   = lineStarts
	ByteOffset   = byteOffset
	SHA          = sha
	SpringEnvVar = springEnvVar
)

const (
	TempMarker   = tempMarker
	StepFileDone = stepFileDone
)

// Key returns the plan key of secret#key, or nil.
func (p *Plan) Key(secret, key string) *PlanKey { return p.key(secret, key) }

// Reseal recomputes the plan's ID after a test changed it.
func (p *Plan) Reseal() { p.ID = p.computeID() }
