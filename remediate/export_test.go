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

// DotenvValues returns the KEY=value lines the dotenv consumer can
// rewrite exactly, as variable -> value.
func DotenvValues(content []byte) map[string]string {
	lines, _ := dotenvLines(content)
	out := map[string]string{}
	for _, l := range lines {
		out[l.key] = l.value
	}
	return out
}
