package remediate

// Internals the external tests (package remediate_test, which may import
// memstore without an import cycle) look at.

var (
	ParseYAML    = parseYAML
	LineStarts   = lineStarts
	ByteOffset   = byteOffset
	SpringEnvVar = springEnvVar
)

const (
	TempMarker   = tempMarker
	StepFileDone = stepFileDone
)

// SHA is the file hash of a plan made with the default salt.
func SHA(b []byte) string { return fileHash("", b) }

// Key returns the plan key of secret#key, or nil.
func (p *Plan) Key(secret, key string) *PlanKey { return p.key(secret, key) }

// Reseal recomputes the plan's ID after a test changed it.
func (p *Plan) Reseal(salt string) { p.ID = p.computeID(salt) }

// ValidateContent and Preflight are the checks a plan passes before the
// journal is created.
func (p *Plan) ValidateContent() error { return p.validateContent() }

// Preflight checks p against the tree at rootDir.
func (p *Plan) Preflight(rootDir, salt string) error {
	r, err := openTree(rootDir)
	if err != nil {
		return err
	}
	defer func() { _ = r.Close() }()
	return p.preflight(r, salt)
}

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
