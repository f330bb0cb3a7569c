module github.com/secretlint-go/secretlint/secretref

go 1.24.0
