package rules

import (
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// cliValue is a command-line argument: quoted, or a run of characters
// up to a space or a shell operator.
const cliValue = `('[^'\n]+'|"[^"\n]+"|[^\s'"-][^\s;|&"]*)`

// reCLIPasswords find a password given on a command line, one pattern per
// way of passing it; the value is group 1 of each:
//   - the MySQL and MariaDB clients' -pPASSWORD (no space: -p alone prompts)
//   - mosquitto_pub/_sub/_rr -P (--pw), the MQTT clients' password
//   - sshpass -p, redis-cli -a, mongo/mongosh/mongodump … -p, ldapsearch … -w
//   - docker/podman/nerdctl/helm registry login -p
//   - openssl's -passin/-passout/-pass pass:PASSWORD
//   - keytool's -storepass/-keypass
//   - --password/--passwd/--pass flags of any command, redis-server
//     --requirepass/--masterauth, aws secretsmanager --secret-string
var reCLIPasswords = []*regexp.Regexp{
	regexp.MustCompile(`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mysqlsh|mariadb|mariadb-dump|mariadb-admin)\b[^|;&\n]*?\s-p('[^'\n]+'|"[^"\n]+"|[^\s'"][^\s;|&"]*)`),
	regexp.MustCompile(`\bmosquitto_(?:pub|sub|rr)\b[^|;&\n]*?\s(?:-P|--pw)\s+` + cliValue),
	regexp.MustCompile(`\bsshpass\s+-p\s*` + cliValue),
	regexp.MustCompile(`\bredis-cli\b[^|;&\n]*?\s-a\s+` + cliValue),
	regexp.MustCompile(`\bmongo(?:sh|dump|restore|export|import|stat|top|files)?\b[^|;&\n]*?\s-p\s+` + cliValue),
	regexp.MustCompile(`\bldap(?:search|add|modify|delete|passwd|whoami|compare|modrdn)\b[^|;&\n]*?\s-w\s+` + cliValue),
	regexp.MustCompile(`\b(?:docker|podman|nerdctl|buildah|skopeo|oras|crane|helm\s+registry)\s+login\b[^|;&\n]*?\s-p\s+` + cliValue),
	regexp.MustCompile(`\s-(?:passin|passout|pass|password)\s+["']?pass:([^\s'";|&]+)`),
	regexp.MustCompile(`\s-(?:storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass)\s+` + cliValue),
	regexp.MustCompile(`(?:^|\s)--(?:password|passwd|pass|db-password|admin-password|requirepass|masterauth|secret-string)(?:=|\s+)` + cliValue),
}

// cliNeeds lists, for each of reCLIPasswords, strings one of which every
// match contains (the expressions are case-sensitive): a line without
// them is not searched.
var cliNeeds = [][]string{{"mysql", "mariadb"}, {"mosquitto_"}, {"sshpass"}, {"redis-cli"}, {"mongo"}, {"ldap"}, {"login"}, {"pass:"},
	{"storepass", "keypass"}, {"--"}}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// reHtpasswd is htpasswd with its flags and first arguments: with -b the
// password is on the command line, the last argument (file user password,
// or user password with -n).
var reHtpasswd = regexp.MustCompile(`\bhtpasswd((?:\s+-[A-Za-z]+)+)\s+` + cliValue + `\s+` + cliValue + `(?:\s+` + cliValue + `)?`)

// reExecForm is the punctuation of a JSON array command (a Dockerfile's
// exec form, a compose command: [...]), which the patterns read as spaces.
var reExecForm = regexp.MustCompile(`"\s*,\s*"|\[\s*"|"\s*\]`)

// reExecStart is the start of a JSON array command.
var reExecStart = regexp.MustCompile(`(?:^|[\s:=])\[\s*"`)

// cliHints are the bytes one of which a command line with a password
// contains: the cheap test before the regular expressions.
var cliHints = []string{"mysql", "mariadb", "mosquitto_", "sshpass", "redis-cli", "--pass", "requirepass", "masterauth",
	"secret-string", "mongo", "ldap", " login", "pass:", "storepass", "keypass", "htpasswd"}

// cliHintSet finds the hints in one pass (it runs on every line scanned).
var cliHintSet = NewKeywordSet(cliHints)

// MayHoldCLIPassword reports whether s can hold a command-line password.
func MayHoldCLIPassword(s string) bool { return cliHintSet.Contains(s) }

// CheckCLIPassword is cli-password's decision on a command line (a shell
// line, a CI script step, a Dockerfile RUN or CMD): a literal password
// passed as an argument, which also shows in process listings and shell
// history.
func CheckCLIPassword(c Candidate) Verdict {
	if !MayHoldCLIPassword(c.Value) {
		return Verdict{Reason: "no command-line password"}
	}
	line := c.Value
	if strings.Contains(line, "[") && reExecStart.MatchString(line) {
		line = reExecForm.ReplaceAllStringFunc(line, func(m string) string { return strings.Repeat(" ", len(m)) })
	}
	literal := func(s, e int) (int, int, bool) {
		if q := line[s]; (q == '\'' || q == '"') && e-s >= 2 {
			s, e = s+1, e-1
		}
		if v := line[s:e]; strings.HasPrefix(v, "{") && strings.Contains(v, `":`) {
			// --secret-string '{"username":"app","password":"…"}'
			if sp := JSONCredentials(DefaultNames, v); len(sp) > 0 {
				return s + sp[0].Start, s + sp[0].End, true
			}
			return s, e, false
		}
		// --requirepass devpassword: a development stack's default
		// (trivial.go), set where the stack runs.
		return s, e, (Classify(line[s:e]).Kind == KindLiteral || Passphrase(line[s:e])) && !DevPassword(line[s:e])
	}
	best := Verdict{Reason: "no literal command-line password"}
	for i, re := range reCLIPasswords {
		if !containsAny(line, cliNeeds[i]) {
			continue // no match holds none of them
		}
		for _, m := range re.FindAllStringSubmatchIndex(line, -1) {
			if m[2] < 0 {
				continue
			}
			if s, e, ok := literal(m[2], m[3]); ok && (!best.Match || s < best.Start) {
				best = Verdict{Match: true, Reason: "command-line password", Start: s, End: e}
			}
		}
	}
	var hts [][]int
	if strings.Contains(line, "htpasswd") {
		hts = reHtpasswd.FindAllStringSubmatchIndex(line, -1)
	}
	for _, m := range hts {
		flags := line[m[2]:m[3]]
		if !strings.Contains(flags, "b") {
			continue // -b: the password is an argument; without it, a prompt
		}
		g := 4 // file user password
		if strings.Contains(flags, "n") {
			g = 3 // -n: user password, printed
		}
		if m[2*g] < 0 {
			continue
		}
		if s, e, ok := literal(m[2*g], m[2*g+1]); ok && (!best.Match || s < best.Start) {
			best = Verdict{Match: true, Reason: "command-line password", Start: s, End: e}
		}
	}
	return best
}

// CLIPassword: a password passed on a command line.
func CLIPassword() *Rule {
	return &Rule{
		ID:          "cli-password",
		Title:       "password on a command line",
		Description: "A literal password is passed as a command-line argument (mysql -pSECRET, mosquitto_pub -P, sshpass -p, redis-cli -a, redis-server --requirepass, docker login -p, htpasswd -b, openssl -passin pass:, keytool -storepass, aws secretsmanager --secret-string, --password=…).",
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
			{Value: "mosquitto_pub -h mqtt.internal -p 8883 -u device-7 -P 'Vq8xLm2kZp4Rt7Wn' -t cmd -m ping"},
			{Value: "mosquitto_sub -h broker -u ops --pw Hd72kLq9Zm3xWp -t 'site/#'"},
			{Value: "redis-cli -h cache -a Qz8kLm2vXw7p ping"},
			{Value: "kubectl config set-credentials admin --password=Xk9vLm2kQw7p"},
			{Value: "redis-server --appendonly yes --requirepass Kd83jfLq02mZx7"},
			{Value: `aws secretsmanager create-secret --name prod/db --secret-string 'Vb72nMq9Lp3xZ8'`},
			{Value: "docker login -u bob -p Jh47sKd92LmQx1 registry.example.com"},
			{Value: "htpasswd -b -c /etc/nginx/.htpasswd admin Ty65rEw21QaZ9"},
			{Value: "htpasswd -nb admin Ty65rEw21QaZ9"},
			{Value: "openssl rsa -in key.pem -passin pass:Gh58tYu32Kl0 -out out.pem"},
			{Value: "mongosh -u root -p Nb93xCv57Qw2 admin"},
			{Value: "keytool -importcert -keystore ks.jks -storepass Wq72mZp9Lk3x"},
			{Value: `CMD ["redis-server", "--requirepass", "Ls82kDj47FhQ9"]`},
			{Value: `aws secretsmanager put-secret-value --secret-id db --secret-string '{"username":"orders","password":"Marigold^Rivet55"}'`},
		},
		FalsePositives: []Sample{
			{Value: "mysql -u root -p shop", Why: "-p alone prompts for the password"},
			{Value: "mysql -u root -p\"$MYSQL_ROOT_PASSWORD\" shop", Why: "a variable reference"},
			{Value: "mysql -P3306 -h db shop", Why: "-P is the port"},
			{Value: "sshpass -e ssh host", Why: "reads SSHPASS"},
			{Value: "mosquitto_pub -h broker -u device-7 -P \"$MQTT_PASSWORD\" -t cmd -m ping", Why: "a variable reference"},
			{Value: "mosquitto_sub -h broker -p 1883 -t 'site/#'", Why: "-p is the port"},
			{Value: "redis-cli -a ${REDIS_PASSWORD} ping", Why: "a variable reference"},
			{Value: "docker login --password-stdin", Why: "reads stdin"},
			{Value: "app --password-file /run/secrets/db", Why: "a file"},
			{Value: "mysql -u root -p<password> shop", Why: "placeholder"},
			{Value: "kubectl --username bad --password wrong get pods", Why: "too short to be a password by itself: a test's wrong password"},
			{Value: "redis-server --requirepass \"$REDIS_PASSWORD\"", Why: "a variable reference"},
			{Value: "echo $PW | docker login -u bob --password-stdin ghcr.io", Why: "reads stdin"},
			{Value: "htpasswd -c /etc/nginx/.htpasswd admin", Why: "without -b it prompts"},
			{Value: "openssl rsa -in key.pem -passin env:KEY_PASS", Why: "read from the environment"},
			{Value: "openssl rsa -in key.pem -passin file:/run/secrets/pass", Why: "read from a file"},
			{Value: "mongosh -u root -p admin", Why: "-p then the database: too short, and mongosh prompts"},
			{Value: `docker login -u bot -p "$(cat /run/secrets/registry_token)" registry.example.com`, Why: "command substitution"},
			{Value: "  --password string   account password (or set APP_PASSWORD)", Why: "help text: the flag's type"},
			{Value: `aws secretsmanager create-secret --name db --secret-string '{"username":"orders","password":"${DB_PASSWORD}"}'`, Why: "a reference inside the JSON"},
			{Value: "aws secretsmanager create-secret --name x --secret-string file://secret.json", Why: "a file"},
		},
	}
}
