package remediate

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/joho/godotenv"
)

// IsDotenv reports whether an env file given to `secretlint exec
// --env-file` is a dotenv file (KEY=value lines) rather than an env map
// (a YAML mapping of variables to references): by its name (.env, .env.*,
// *.env), else by its content, when it is not a YAML mapping and reads as
// KEY=value lines.
func IsDotenv(name string, content []byte) bool {
	if isDotenvFile(name) {
		return true
	}
	if _, err := ParseEnvMap(content); err == nil {
		return false
	}
	_, err := godotenv.UnmarshalBytes(content)
	return err == nil && bytes.Contains(content, []byte("="))
}

// ParseDotenv reads a dotenv file with github.com/joho/godotenv (export,
// quotes, comments, escapes and ${VAR} expansion as dotenv users expect)
// and splits its variables: refs are those whose value is a store
// reference (ref+…), to resolve; plain are the others, passed on as they
// are. Errors never quote a value.
func ParseDotenv(content []byte) (refs, plain map[string]string, err error) {
	all, err := godotenv.UnmarshalBytes(content)
	if err != nil {
		// godotenv's errors quote the file's text, which may hold a value.
		return nil, nil, errors.New("not a dotenv file (KEY=value lines) that godotenv can read")
	}
	refs, plain = map[string]string{}, map[string]string{}
	for k, v := range all {
		if !validEnvName(k) {
			return nil, nil, fmt.Errorf("%q is not an environment variable name", k)
		}
		if strings.HasPrefix(v, "ref+") {
			refs[k] = v
		} else {
			plain[k] = v
		}
	}
	return refs, plain, nil
}

// MergeEnv returns plain with resolved added (resolved wins).
func MergeEnv(plain, resolved map[string]string) map[string]string {
	out := maps.Clone(plain)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, resolved)
	return out
}
