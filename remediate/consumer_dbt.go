package remediate

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// Edit kinds of the dbt consumers.
const (
	// EditDBTProjectVar replaces a dbt_project.yml var with
	// "{{ env_var('VAR') }}" (no secret prefix: dbt refuses
	// DBT_ENV_SECRET_ variables outside profiles.yml and packages.yml).
	EditDBTProjectVar = "dbt-project-var"
	// EditDBTGitCredential replaces the token in a packages.yml git URL
	// with {{ env_var('DBT_ENV_SECRET_GIT_CREDENTIAL') }}.
	EditDBTGitCredential = "dbt-git-credential"
)

// dbtGitCredentialVar is the variable dbt documents for a private
// package's git token (dbt scrubs DBT_ENV_SECRET_ values from its logs).
const dbtGitCredentialVar = rules.SecretDBTEnvPrefix + "GIT_CREDENTIAL"

const dbtNeeds = "run dbt through `secretlint exec -- dbt …` (or set the variables another way); the env map next to the file maps each variable to its store reference"

// dbtProfilesConsumer is dbt reading profiles.yml: a field becomes
// "{{ env_var('DBT_ENV_SECRET_…') }}", which dbt scrubs from its logs.
type dbtProfilesConsumer struct{ yamlSyntax }

func (dbtProfilesConsumer) name() string { return "dbt-profiles" }

func (dbtProfilesConsumer) claims(f *finding.Finding, _ *planEnv) bool {
	return isYAMLFile(f) && (f.Meta["format"] == "dbt-profiles" || f.Meta["dbt.profile"] != "")
}

func (dbtProfilesConsumer) needs(*planEnv) string { return dbtNeeds }

func (dbtProfilesConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	if f.RuleID == "dbt-env-var-default" {
		return EditDBTDropDefault, "", ""
	}
	if f.Meta["dbt.profile"] == "" || f.Meta["dbt.target"] == "" || f.Meta["dbt.field"] == "" {
		return "", StatusNotRewritable, "the dbt profile, target or field of this value is unknown"
	}
	return EditDBTEnvVar, "", ""
}

func (dbtProfilesConsumer) envVar(f *finding.Finding, kind string, _ binding) string {
	if kind != EditDBTEnvVar {
		return "" // a dropped default names its variable in the file
	}
	return rules.DBTEnvVarName(f.Meta["dbt.profile"], f.Meta["dbt.target"], f.Meta["dbt.field"])
}

func (dbtProfilesConsumer) shape(kind string, b binding) editRequest {
	if kind == EditDBTDropDefault {
		return editRequest{dropDefault: true}
	}
	return editRequest{replace: dbtEnvVar(b.envVar), quote: `"`}
}

// dbtProjectConsumer is dbt reading dbt_project.yml: a var becomes
// "{{ env_var('VAR') }}" without the secret prefix, which dbt allows only
// in profiles.yml and packages.yml.
type dbtProjectConsumer struct{ yamlSyntax }

func (dbtProjectConsumer) name() string { return "dbt-project" }

func (dbtProjectConsumer) claims(f *finding.Finding, _ *planEnv) bool {
	return isYAMLFile(f) && f.Meta["format"] == "dbt-project"
}

func (dbtProjectConsumer) needs(*planEnv) string {
	return dbtNeeds + ". dbt does not scrub these variables from its logs: dbt refuses the " +
		rules.SecretDBTEnvPrefix + " prefix outside profiles.yml and packages.yml"
}

func (dbtProjectConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	if f.RuleID == "dbt-env-var-default" {
		return EditDBTDropDefault, "", ""
	}
	if envVarName(lastKey(f.KeyPath)) == "" {
		return "", StatusNotRewritable, "the var holding the value has no name to derive an environment variable from"
	}
	return EditDBTProjectVar, "", ""
}

func (dbtProjectConsumer) envVar(f *finding.Finding, kind string, _ binding) string {
	if kind != EditDBTProjectVar {
		return ""
	}
	return envVarName(lastKey(f.KeyPath))
}

func (dbtProjectConsumer) shape(kind string, b binding) editRequest {
	if kind == EditDBTDropDefault {
		return editRequest{dropDefault: true}
	}
	return editRequest{replace: dbtEnvVar(b.envVar), quote: `"`}
}

// dbtPackagesConsumer is dbt reading packages.yml: the token in a private
// package's git URL becomes {{ env_var('DBT_ENV_SECRET_GIT_CREDENTIAL') }}.
type dbtPackagesConsumer struct{ yamlSyntax }

func (dbtPackagesConsumer) name() string { return "dbt-packages" }

func (dbtPackagesConsumer) claims(f *finding.Finding, _ *planEnv) bool {
	return isYAMLFile(f) && f.Meta["format"] == "dbt-packages"
}

func (dbtPackagesConsumer) needs(*planEnv) string { return dbtNeeds }

func (dbtPackagesConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	if f.RuleID == "dbt-env-var-default" {
		return EditDBTDropDefault, "", ""
	}
	return EditDBTGitCredential, "", ""
}

// dbtGitCredentialURL is a git URL with a credential before the host,
// its repository path captured.
var dbtGitCredentialURL = regexp.MustCompile(`https?://[^\s/"'@]+@[^\s/"']+/([^\s"'#?]+)`)

// envVar is DBT_ENV_SECRET_GIT_CREDENTIAL; when the file has several git
// URLs with a credential (one token each, perhaps different), each gets
// its own, named after its repository
// (DBT_ENV_SECRET_GIT_CREDENTIAL_MACROS_A).
func (dbtPackagesConsumer) envVar(f *finding.Finding, kind string, b binding) string {
	if kind != EditDBTGitCredential {
		return ""
	}
	if len(dbtGitCredentialURL.FindAll(b.content, 2)) < 2 || f.Offset < 0 || f.Offset > len(b.content) {
		return dbtGitCredentialVar
	}
	line := b.content[f.Offset:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	m := dbtGitCredentialURL.FindSubmatch(line)
	if m == nil {
		return dbtGitCredentialVar
	}
	repo := strings.TrimSuffix(path.Base(string(m[1])), ".git")
	return dbtGitCredentialVar + "_" + envVarName(repo)
}

func (dbtPackagesConsumer) shape(kind string, b binding) editRequest {
	if kind == EditDBTDropDefault {
		return editRequest{dropDefault: true}
	}
	return editRequest{replace: dbtEnvVar(b.envVar), inner: true, quote: `"`}
}
