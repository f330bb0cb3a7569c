package remediate

import (
	"path"
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// Edit kinds of the Spring consumers.
const (
	// EditSpringPlaceholder replaces a value (or the secret part of a
	// value, such as a password inside a URL) with a ${VAR} placeholder.
	EditSpringPlaceholder = "spring-placeholder"
	// EditSpringDefault replaces ${VAR:default} with ${VAR}: the literal
	// default goes.
	EditSpringDefault = "spring-default"
)

const springNeeds = "run the application through `secretlint exec -- java -jar app.jar` (the env map next to the file maps each " +
	"variable to its store reference); without the variable Spring stops with \"Could not resolve placeholder\""

// springConsumer is Spring Boot reading application*.yml / bootstrap*.yml:
// a value becomes a ${VAR} placeholder, which Spring resolves from its
// property sources, the environment among them.
//
// VAR is SECRETLINT_ and the profile of a profile-specific file
// (application-prod.yml → PROD_) before the name relaxed binding gives
// the property (spring.datasource.password →
// SECRETLINT_SPRING_DATASOURCE_PASSWORD, or SECRETLINT_PROD_… in
// application-prod.yml). It is not the relaxed name itself
// (SPRING_DATASOURCE_PASSWORD) on purpose: Spring binds that variable to
// the property directly, ahead of every file, so the value of one file
// would replace the value another profile's file sets for the same
// property (TestSpringConsumer checks that no variable binds to a
// property of the tree). A secret inside a larger value (a password in a
// URL) gets the property's name plus _PASSWORD or _SECRET.
type springConsumer struct{}

func (springConsumer) name() string { return "spring" }

func (springConsumer) claims(f *finding.Finding, o *planEnv) bool {
	// With --refs vals the user says vals renders the YAML files.
	return isYAMLFile(f) && f.Meta["format"] == "spring" && o.refs != RefsVals
}

func (springConsumer) needs(*planEnv) string { return springNeeds }

func (springConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	return springPrepare(f)
}

func springPrepare(f *finding.Finding) (string, string, string) {
	if f.RuleID == "env-default-secret" {
		return EditSpringDefault, "", ""
	}
	if strings.Contains(f.Secret.Reveal(), "${") {
		// Spring resolves placeholders in the value, and again in what a
		// placeholder resolves to: the application does not get this text.
		return "", StatusNotRewritable, "the value holds a Spring placeholder (${…}); move it by hand"
	}
	return EditSpringPlaceholder, "", ""
}

func (springConsumer) envVar(f *finding.Finding, kind string, b binding) string {
	if kind != EditSpringPlaceholder {
		return "" // ${VAR:default} names its variable
	}
	return springVarFor(f, f.KeyPath, isWholeYAMLValue(b.content, f))
}

// springProfile matches the profile of a profile-specific Spring file.
var springProfile = regexp.MustCompile(`^(?:application|bootstrap)-([\w.-]+)\.(?:ya?ml|properties)$`)

// springVarFor names the variable of a value of property prop (see
// springConsumer), with a suffix when the value is only part of the
// property's value.
func springVarFor(f *finding.Finding, prop string, whole bool) string {
	name := springEnvVar(prop)
	if name == "" {
		return ""
	}
	if m := springProfile.FindStringSubmatch(path.Base(f.File)); m != nil {
		name = envVarName(m[1]) + "_" + name
	}
	name = "SECRETLINT_" + name
	if whole {
		return name
	}
	if f.RuleID == "url-credentials" {
		return name + "_PASSWORD"
	}
	return name + "_SECRET"
}

// isWholeYAMLValue reports whether the finding's value is the whole value
// of its YAML scalar (nil content: unknown, taken as whole).
func isWholeYAMLValue(content []byte, f *finding.Finding) bool {
	if content == nil {
		return true
	}
	docs, err := parseYAML(content)
	if err != nil {
		return false
	}
	for _, si := range scalars(content, docs) {
		if si.offset == f.Offset {
			return si.node.Value == f.Secret.Reveal()
		}
	}
	return false
}

// springEnvVar is the environment variable Spring Boot's relaxed binding
// reads for a property: dots and list brackets become underscores, dashes
// go, upper case (spring.datasource.password →
// SPRING_DATASOURCE_PASSWORD, my.list[0].api-key → MY_LIST_0_APIKEY).
func springEnvVar(prop string) string {
	prop = strings.NewReplacer("[", ".", "]", "", "-", "").Replace(prop)
	return envVarName(prop)
}

func (springConsumer) shape(kind string, b binding) editRequest {
	if kind == EditSpringDefault {
		return editRequest{interpDefault: true, render: springPlaceholder}
	}
	return editRequest{replace: springPlaceholder(b.envVar), inner: true}
}

// springPlaceholder is Spring's placeholder of a variable.
func springPlaceholder(v string) string { return "${" + v + "}" }

// analyse is the YAML analysis, but a default is dropped only from
// Spring's own ${NAME:default}: ${NAME:-x} is, for Spring, NAME with the
// default "-x", not a shell default.
func (springConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	var ok []*editRequest
	bad := map[*editRequest]string{}
	for _, r := range reqs {
		if r.interpDefault && !springDefaultAt(content, r) {
			bad[r] = "the default is not written as Spring's ${NAME:default}"
			continue
		}
		ok = append(ok, r)
	}
	edits, rejected, after := analyseYAML(content, ok)
	for r, why := range bad {
		rejected[r] = why
	}
	return edits, rejected, after
}

// springDefaultAt reports whether the value of r is written right after
// "${NAME:" (and not ":-").
func springDefaultAt(content []byte, r *editRequest) bool {
	vs, _, ok := valueBounds(content, r)
	if !ok || vs < 2 || content[vs-1] != ':' {
		return false
	}
	m := springDefaultStart.FindIndex(content[:vs])
	return m != nil
}

// springDefaultStart is "${NAME:" at the end of a text.
var springDefaultStart = regexp.MustCompile(`\$\{[A-Za-z_][A-Za-z0-9_.\-]*:$`)

// springPropertiesConsumer is Spring Boot reading application*.properties
// and bootstrap*.properties, with the same placeholders and variables as
// springConsumer; the file is read the way java.util.Properties reads it.
type springPropertiesConsumer struct{}

func (springPropertiesConsumer) name() string { return "spring-properties" }

// springPropertiesName matches the property files Spring Boot loads.
var springPropertiesName = regexp.MustCompile(`^(?:application|bootstrap)(?:-[\w.-]+)?\.properties$`)

func (springPropertiesConsumer) claims(f *finding.Finding, _ *planEnv) bool {
	return springPropertiesName.MatchString(path.Base(f.File))
}

func (springPropertiesConsumer) needs(*planEnv) string { return springNeeds }

func (springPropertiesConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	return springPrepare(f)
}

func (springPropertiesConsumer) envVar(f *finding.Finding, kind string, b binding) string {
	if kind != EditSpringPlaceholder || b.content == nil {
		return ""
	}
	pl, ok := propertyAt(b.content, f.Offset)
	if !ok {
		return ""
	}
	return springVarFor(f, pl.key, pl.value == f.Secret.Reveal())
}

// keyName is the property's key.
func (springPropertiesConsumer) keyName(f *finding.Finding, content []byte) string {
	if pl, ok := propertyAt(content, f.Offset); ok && !pl.escaped {
		return pl.key
	}
	return ""
}

func (springPropertiesConsumer) shape(kind string, b binding) editRequest {
	return springConsumer{}.shape(kind, b)
}

func (springPropertiesConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	return analyseProperties(content, reqs)
}
