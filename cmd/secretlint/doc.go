/*
Secretlint finds hardcoded secrets in Go code, YAML, dbt profiles and any
text file, and moves them into AWS Secrets Manager or HashiCorp Vault.

It is the Go tool at github.com/secretlint-go/secretlint, not the npm
package of the same name; "secretlint version" says which one ran.

Usage:

	secretlint <command> [flags] [arguments]
	go vet -vettool=$(which secretlint) ./...

Run "secretlint help" for the list of commands and "secretlint help
<command>" for a command's flags.

# Exit codes

The standalone commands exit with

	0  nothing found
	1  findings (at or above --fail-on, when given)
	2  usage, configuration or runtime error, or a file that could not be
	   scanned

secretlint remediate exits 0 when nothing is left to do, 1 when findings
remain (a dry run with work to do, or findings that were not rewritable,
conflicted or changed under it), and 2 on a usage, configuration, store or
file error (a stopped run can be finished with --resume).

secretlint refs exits as scan does (0 clean, 1 findings at or above
--fail-on), and 2 when a store cannot be reached or refuses the request: an
audit that could not check its references is never reported as clean.

secretlint exec exits with the status of the command it ran (128+N when
the command was killed by signal N), or 2 when it could not start it or
resolve its environment.

Under go vet -vettool the vet driver's conventions apply: go vet exits
non-zero when there are diagnostics.
*/
package main
