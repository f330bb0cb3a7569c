package rules

import (
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// reCLIPassword finds a password given on a command line: the MySQL and
// MariaDB clients' -pPASSWORD (no space: -p alone prompts), sshpass -p,
// redis-cli -a, and --password/--passwd/--pass flags of any command. The
// value is group 1, 2, 3 or 4.
var reCLIPassword = regexp.MustCompile(`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mysqlsh|mariadb|mariadb-dump|mariadb-admin)\b[^|;&\n]*?\s-p('[^'\n]+'|"[^"\n]+"|[^\s'"][^\s;|&]*)` +
	`|\bsshpass\s+-p\s*('[^'\n]+'|"[^"\n]+"|[^\s'"][^\s;|&]*)` +
	`|\bredis-cli\b[^|;&\n]*?\s-a\s+('[^'\n]+'|"[^"\n]+"|[^\s'"-][^\s;|&]*)` +
	`|(?:^|\s)--(?:password|passwd|pass|db-password|admin-password)(?:=|\s+)('[^'\n]+'|"[^"\n]+"|[^\s'"-][^\s;|&]*)`)

// cliHints are the bytes one of which a command line with a password
// contains: the cheap test before the regular expression.
var cliHints = []string{"mysql", "mariadb", "sshpass", "redis-cli", "--pass"}

// MayHoldCLIPassword reports whether s can hold a command-line password.
func MayHoldCLIPassword(s string) bool {
	for _, h := range cliHints {
		if strings.Contains(s, h) {
			return true
		}
	}
	return false
}

// CheckCLIPassword is cli-password's decision on a command line (a shell
// line, a CI script step, a Dockerfile RUN): a literal password passed as
// an argument, which also shows in process listings and shell history.
func CheckCLIPassword(c Candidate) Verdict {
	if !MayHoldCLIPassword(c.Value) {
		return Verdict{Reason: "no command-line password"}
	}
	for _, m := range reCLIPassword.FindAllStringSubmatchIndex(c.Value, -1) {
		for g := 1; g <= 4; g++ {
			s, e := m[2*g], m[2*g+1]
			if s < 0 {
				continue
			}
			if q := c.Value[s]; (q == '\'' || q == '"') && e-s >= 2 {
				s, e = s+1, e-1
			}
			v := c.Value[s:e]
			if Classify(v).Kind == KindLiteral {
				return Verdict{Match: true, Reason: "command-line password", Start: s, End: e}
			}
		}
	}
	return Verdict{Reason: "no literal command-line password"}
}

// CLIPassword: a password passed on a command line.
func CLIPassword() *Rule {
	return &Rule{
		ID:          "cli-password",
		Title:       "password on a command line",
		Description: "A literal password is passed as a command-line argument (mysql -pSECRET, sshpass -p, redis-cli -a, --password=…).",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "any",
		Help: help("A password in a command is in the file, and at run time in the process list (ps) and the shell history of every machine that runs it.",
			"pass it through the environment or a file the tool reads (MYSQL_PWD or an option file, SSHPASS with sshpass -e, REDISCLI_AUTH, --password-file / --password-stdin), filled from a secret store.", "cli-password"),
		Check: CheckCLIPassword,
		TruePositives: []Sample{
			{Value: "mysql -u root -pR00tMySQL shop < schema.sql"},
			{Value: "mysqldump --user=root --password=\"Hx8kLm2qZw\" db"},
			{Value: "sshpass -p 'S3cretPass!' ssh deploy@host"},
			{Value: "redis-cli -h cache -a Qz8kLm2vXw7p ping"},
			{Value: "kubectl config set-credentials admin --password=Xk9vLm2kQw7p"},
		},
		FalsePositives: []Sample{
			{Value: "mysql -u root -p shop", Why: "-p alone prompts for the password"},
			{Value: "mysql -u root -p\"$MYSQL_ROOT_PASSWORD\" shop", Why: "a variable reference"},
			{Value: "mysql -P3306 -h db shop", Why: "-P is the port"},
			{Value: "sshpass -e ssh host", Why: "reads SSHPASS"},
			{Value: "redis-cli -a ${REDIS_PASSWORD} ping", Why: "a variable reference"},
			{Value: "docker login --password-stdin", Why: "reads stdin"},
			{Value: "app --password-file /run/secrets/db", Why: "a file"},
			{Value: "mysql -u root -p<password> shop", Why: "placeholder"},
			{Value: "kubectl --username bad --password wrong get pods", Why: "too short to be a password by itself: a test's wrong password"},
		},
	}
}
