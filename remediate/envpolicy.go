package remediate

import (
	"fmt"
	"slices"
	"strings"
)

// An env map comes from the repository, and secretlint exec puts each of
// its variables, with a secret as its value, into the environment of the
// command it starts. A variable that steers the dynamic loader, a shell or
// an interpreter (LD_PRELOAD, PATH, BASH_ENV, NODE_OPTIONS …) would let
// whoever writes the env map run code in that command, or make the loader
// print the value (LD_DEBUG, a missing LD_PRELOAD object) into CI logs. So
// exec refuses them, always, and an allowlist can narrow the names further.

// controlVars are refused by name.
var controlVars = []string{
	"PATH", "IFS", "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "CDPATH", "GLOBIGNORE",
	"SHELL", "HOME", "TMPDIR", "GCONV_PATH", "LOCPATH", "NLSPATH", "HOSTALIASES", "RESOLV_HOST_CONF", "GLIBC_TUNABLES",
	"RUBYOPT", "RUBYLIB", "CLASSPATH", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "GOFLAGS", "GODEBUG",
	"TCLLIBPATH", "EDITOR", "VISUAL", "PAGER", "SSH_ASKPASS", "LESSOPEN", "ZDOTDIR",
}

// controlPrefixes are refused by prefix.
var controlPrefixes = []string{
	"LD_", "DYLD_", "PYTHON", "PERL", "BASH_FUNC_", "NODE_", "NPM_CONFIG_", "GIT_", "LUA_", "MALLOC_", "RUBY", "JAVA_", "DOTNET_", "CORECLR_",
}

// CheckEnvNames refuses env map variables that control a loader, a shell
// or an interpreter, and, when allow is not empty, every variable that no
// entry of allow names: an entry is a name, or a prefix ending in "*".
// The allowlist never lets a control variable through.
func CheckEnvNames(vars []string, allow []string) error {
	for _, v := range vars {
		up := strings.ToUpper(v)
		if slices.Contains(controlVars, up) || slices.ContainsFunc(controlPrefixes, func(p string) bool { return strings.HasPrefix(up, p) }) {
			return fmt.Errorf("the env map sets %s, which controls how programs are loaded or interpreted (it could run code or print the secret): refused", v)
		}
		if len(allow) > 0 && !slices.ContainsFunc(allow, func(a string) bool { return matchEnvPattern(a, v) }) {
			return fmt.Errorf("the env map sets %s, which the allowlist (--allow-env, exec.allow-env) does not name: refused", v)
		}
	}
	return nil
}

func matchEnvPattern(pattern, name string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(name, p)
	}
	return pattern == name
}
