package rules

import (
	"path"
	"strings"
)

// IsTestPath reports whether a slash-separated path below the scanned root
// is test code or test data, where literal credentials are often fixtures:
// test support (IsTestSupport), a _test.go file, a *.test.* or *.spec.*
// file, or a file below a test, tests, testdata, fixtures, __tests__ or
// e2e directory. scan tags findings there "test-file"; bench/realcode
// uses it to put any tool's findings on the same count.
func IsTestPath(p string) bool {
	if IsTestSupport(p) {
		return true
	}
	base := path.Base(p)
	if strings.HasSuffix(base, "_test.go") || strings.Contains(base, ".test.") || strings.Contains(base, ".spec.") {
		return true
	}
	for _, d := range []string{"test", "tests", "testdata", "fixtures", "__tests__", "e2e"} {
		if strings.HasPrefix(p, d+"/") || strings.Contains(p, "/"+d+"/") {
			return true
		}
	}
	return false
}
