package rules

import "testing"

func TestFindCredentials(t *testing.T) {
	type want struct{ format, user, password string }
	cases := map[string][]want{
		"postgres://app:hX9kq2Vr7pLm@db.internal:5432/app?sslmode=require":                           {{"url", "app", "hX9kq2Vr7pLm"}},
		"mongodb+srv://svc:Zt8%21kQ2vLm@cluster0.abcd.mongodb.net/db":                                {{"url", "svc", "Zt8%21kQ2vLm"}},
		"redis://:Rk2vQ9xLm7@cache:6379/0":                                                           {{"url", "", "Rk2vQ9xLm7"}},
		"https://deploy:tok3n-Vq81x@git.example.org/repo.git":                                        {{"url", "deploy", "tok3n-Vq81x"}},
		"app:pW9xK2mQ7v@tcp(db.internal:3306)/orders?parseTime=true":                                 {{"mysql-dsn", "app", "pW9xK2mQ7v"}},
		"root:Q7vLm2xK9p@/orders":                                                                    {{"mysql-dsn", "root", "Q7vLm2xK9p"}},
		"host=db.internal port=5432 user=app password=hX9kq2Vr7pLm dbname=x":                         {{"keyvalue", "app", "hX9kq2Vr7pLm"}},
		"host=db user=app password='hX9 kq2Vr7pLm' dbname=x":                                         {{"keyvalue", "app", "hX9 kq2Vr7pLm"}},
		"Server=tcp:db.database.windows.net,1433;Initial Catalog=x;User ID=sa;Password=Zt8kQ2vLm9x;": {{"keyvalue", "sa", "Zt8kQ2vLm9x"}},
		"jdbc:sqlserver://db:1433;databaseName=x;user=sa;password=Zt8kQ2vLm9x":                       {{"keyvalue", "sa", "Zt8kQ2vLm9x"}},
		// no credentials
		"https://example.com/path?x=1":               nil,
		"git@github.com:org/repo.git":                nil,
		"user@example.com":                           nil,
		"postgres://app@db:5432/app":                 nil,
		"the password=secret is documented below":    nil,
		"email me at a:b@c":                          nil,
		"https://github.com/org/repo/blob/main/x.go": nil,
		`^(?:ref\+[a-z]+://|ssm://|arn:aws[a-z-]*:(?:secretsmanager|kms):|@Microsoft\.KeyVault\(|x)`: nil,
		"postgres://app:hX9kq2Vr7pLm@${DB_HOST}:5432/app":                                            {{"url", "app", "hX9kq2Vr7pLm"}},
	}
	for s, ws := range cases {
		got := FindCredentials(s)
		if len(got) != len(ws) {
			t.Errorf("FindCredentials(%q) = %d credentials, want %d", s, len(got), len(ws))
			continue
		}
		for i, w := range ws {
			g := got[i]
			if g.Format != w.format || g.User != w.user || g.Password != w.password || s[g.Start:g.End] != w.password {
				t.Errorf("FindCredentials(%q)[%d] = %s user=%q (span ok=%v), want %s user=%q", s, i, g.Format, g.User, s[g.Start:g.End] == w.password, w.format, w.user)
			}
		}
	}
}
