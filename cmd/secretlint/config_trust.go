package main

// noRepoConfigUsage documents --no-repo-config. A pull request is judged
// by the rules of the repository it changes; with this flag, the files it
// could add or edit to blind the scan (.secretlint.yaml, .gitleaks.toml,
// .secretlintignore, .gitignore, .gitleaksignore) are not read, and only
// --config (a file from a trusted checkout) and the built-in rules apply.
const noRepoConfigUsage = "read no configuration from the scanned repository: no .secretlint.yaml, .gitleaks.toml, .secretlintignore, .gitignore or .gitleaksignore; only --config and the built-in rules (for CI jobs on pull requests)"
