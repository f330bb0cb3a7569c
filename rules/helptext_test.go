package rules

import (
	"strings"
	"testing"
)

func TestHelpText(t *testing.T) {
	usage := `
Usage: vault login [options] [AUTH K=V...]

  Authenticate but do not lookup information about the token:

      $ vault login token=96ddf4bc-d217-f3ba-f9bd-017055595017 lookup=false
`
	for s, want := range map[string]bool{
		usage: true,
		"postgres://app:Hm3vLq2kZx9wP5@db.internal:5432/app":           false,
		"line one\nline two\nline three":                               false,
		"{\n  \"password\": \"x9Lk2mQ7vR4t\",\n  \"user\": \"app\"\n}": false,
	} {
		if got := HelpText(s); got != want {
			t.Errorf("HelpText(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestHelpHeredocs(t *testing.T) {
	script := "#!/bin/sh\nshow_help() {\n    cat << EOF\nUsage: $0 --image IMAGE [OPTIONS]\n\nOptional:\n  --env KEY=VALUE       Environment variable (can be used multiple times)\n  --name NAME           Container name (default: auto-generated)\n\nExamples:\n  $0 --image mysql --env MYSQL_ROOT_PASSWORD=hX9kq2Vr7pLm\nEOF\n}\n" +
		"cat > /etc/app.env <<-'END'\n\tDB_PASSWORD=hX9kq2Vr7pLm\n\tDB_USER=app\n\tEND\n"
	spans := HelpHeredocs(script)
	if len(spans) != 1 {
		t.Fatalf("HelpHeredocs: %d spans, want 1 (the usage text, not the .env file): %v", len(spans), spans)
	}
	body := script[spans[0][0]:spans[0][1]]
	if !strings.HasPrefix(body, "Usage:") || !strings.Contains(body, "MYSQL_ROOT_PASSWORD") || strings.Contains(body, "DB_PASSWORD") {
		t.Errorf("span %q", body)
	}
	// a script run at boot writes a file: no usage text
	userData := "user_data = <<-EOF\n    #!/bin/bash\n    echo \"ADMIN_PASSWORD=hX9kq2Vr7pLm\" >> /etc/bastion.env\n    echo \"ADMIN_PASSWORD_FILE=/etc/bastion/admin.pw\" >> /etc/bastion.env\n  EOF\n"
	if got := HelpHeredocs(userData); len(got) != 0 {
		t.Errorf("a user_data script is no usage text: %v", got)
	}
	if got := HelpHeredocs("x=1 << 2\necho $x\n"); len(got) != 0 {
		t.Errorf("a shift is no here-document: %v", got)
	}
}
