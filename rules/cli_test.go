package rules

import "testing"

func TestCommandArgs(t *testing.T) {
	args := []string{"mysqldump", "-u", "root", "-pR00t-Cli-Pw", "shop"}
	i, sp, ok := CommandArgs(args)
	if !ok || i != 3 || args[i][sp.Start:sp.End] != "R00t-Cli-Pw" {
		t.Errorf("CommandArgs(%q) = %d %v %v, want argument 3, R00t-Cli-Pw", args, i, sp, ok)
	}
	if _, _, ok := CommandArgs([]string{"mysql", "-u", "root", "-p", "shop"}); ok {
		t.Error("mysql -p (a prompt) reported")
	}
	if _, _, ok := CommandArgs([]string{"ls", "-la"}); ok {
		t.Error("ls reported")
	}
}

// TestCLINeeds checks that every expression of reCLIPasswords has its
// list of needed strings, and that each true positive of the rule holds
// one of its expression's.
func TestCLINeeds(t *testing.T) {
	if len(cliNeeds) != len(reCLIPasswords) {
		t.Fatalf("%d lists of needed strings for %d expressions", len(cliNeeds), len(reCLIPasswords))
	}
	matched := 0
	for _, s := range CLIPassword().TruePositives {
		for i, re := range reCLIPasswords {
			if re.MatchString(s.Value) {
				matched++
				if !containsAny(s.Value, cliNeeds[i]) {
					t.Errorf("expression %d matches %q, which holds none of %q", i, s.Value, cliNeeds[i])
				}
			}
		}
	}
	if matched == 0 {
		t.Fatal("no true positive matched an expression")
	}
}
