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
