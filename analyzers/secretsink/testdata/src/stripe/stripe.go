// Package stripe imports no sink package: the analyzer does nothing here.
package stripe

func SetBasicAuth(user, password string) {}

func f() { SetBasicAuth("deploy", "hX9#kq2!Vr7pLm4Z") }
