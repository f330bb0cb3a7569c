// Package gorewrite rewrites hardcoded secrets in Go source into reads
// from a secret store at run time, through the runtime package
// github.com/secretlint-go/secretlint/secretref, with full type
// information, and proves that the result builds.
//
// Its input is a set of Sites: the byte span of a secret literal in a file
// (a finding's Offset and EndOffset, or an analyzer diagnostic's range,
// see SiteOf) and the reference to read the value from
// (ref+awssecrets://NAME#/KEY or ref+vault://MOUNT/PATH#/KEY). Plan works on
// packages loaded with go/packages (LoadMode, with tests); Prove plans and
// proves without writing; Apply writes; Engine plugs all of it into
// `secretlint remediate` (remediate.GoRewriter).
//
// # Rewrites
//
// A literal in a function that returns an error becomes a read into a
// new variable, inserted before the statement that used it, with the
// error returned in the function's idiom (zero values for the other
// results):
//
//	password, err := secretref.Get(ctx, "ref+vault://secret/app/db#/password")
//	if err != nil {
//		return nil, err
//	}
//
// The context is a context.Context variable in scope (ctx preferred), else
// r.Context() of an *http.Request in scope, else context.Background(). The
// variable is named after the reference's key and never shadows or
// collides with a name of the function. The other shapes:
//
//   - A literal in a function that returns no error (main, init, a
//     closure): secretref.MustGet in place, which panics with an error
//     naming the reference if the value cannot be read.
//   - A package-level variable (or a constant that becomes one):
//     secretref.Lazy, and each use reads it (name.Value(), converted back
//     to a named string type or []byte), so that the program's start-up
//     and the tests of code that does not use it need no store. It must be
//     the whole value of an unexported variable (or one of package main
//     or an internal package) used only in its file; otherwise the site is
//     reported, unless Options.EagerPackageVars asks for MustGet in the
//     initialiser, read at start-up.
//   - A concatenation with a constant that another site moves
//     ("Bearer " + apiToken) is covered by that site: its use becomes
//     "Bearer " + apiToken.Value().
//   - Struct-literal fields, map values and keys, call arguments and switch
//     cases are rewritten in place; []byte("…") keeps its conversion; a
//     literal of a named string type gets a conversion (Token(…)).
//   - A secret built by constant concatenation ("a" + "b") is replaced
//     whole; Result.Value is then the whole value, which is what the store
//     must hold.
//   - A constant becomes a variable (const → var, moved out of its group
//     when it shares one) when every use allows it: none in a constant
//     expression (len(c), c + "x", another constant's value, an array
//     length), none where its untyped value takes another type (a named
//     string type, a switch case on such a type), no later constant of its
//     group repeating its expression or using iota, and, for an exported
//     constant of an importable package, only with
//     Options.ExportedConsts: other modules may use it as a constant.
//     Uses are looked for in every loaded package, tests included.
//
// The runtime import is added with astutil.AddImport (an existing import
// of secretref or context under another name is used as is), next to a
// blank import of the backend the reference needs (secretref/awssecrets or
// secretref/vault); the file is formatted with go/format.
//
// # Not rewritable, with the reason
//
// A site that cannot be rewritten safely is reported, never half-done:
//
//   - a constant that must stay one (above);
//   - a literal inside a constant expression that is not a concatenation
//     (len("…"), "…" == x in a constant);
//   - a struct tag (part of the type; it must be a literal);
//   - a generated file (ast.IsGenerated): the generator would restore it;
//   - a cgo file (one that imports "C"): the type checker sees the
//     cgo-processed source, whose offsets are not the file's;
//   - a file excluded by build constraints for the loaded platform and
//     tags (rerun with its GOOS/GOARCH or -tags);
//   - a _test.go file: a test should not read a production secret from a
//     store at run time; replace it with an obviously fake value or
//     suppress the finding with a reason;
//   - a literal whose rewrite fails the proof (below), for instance one
//     that a goto jumps over or a Printf format string (go vet).
//
// # Proof
//
// Prove copies go.mod and go.sum aside (-modfile), makes that copy require
// the runtime modules (RequireRuntime: offline unless Module.Online, at
// the version already required or the binary's release version; a
// *RuntimeError, which names the go get to run, makes every site not
// rewritable instead of failing), then type-checks the affected packages and their tests with
// the rewritten files as an overlay, and runs go vet on them (a vet failure
// counts only where vet passed before). The sites a failure points at (those
// of the declaration holding the error, or every site of the package when
// it cannot be placed) are reported not rewritable and the rest is planned
// and proved again. Apply then writes the proved go.mod and go.sum
// (Change.Mod; requiring the runtime can raise shared dependencies to the
// backend's versions), writes each file atomically, type-checks the written packages again and
// restores every file of a package that fails. go build ./... and go vet
// ./... therefore pass after Apply whenever they passed before. Modules that
// vendor their dependencies are refused.
//
// # Suggested fixes, go vet -fix and go fix
//
// secretlint's analyzers attach no SuggestedFix, and none of these rewrites
// is offered as one. A fix must be pure and keep behaviour: reading a value
// from a store at run time changes behaviour (a network call, a new
// failure mode, a new dependency in go.mod) and is only correct once the
// value is in the store, which needs a side-effecting write (or at least a
// read of the store to know that the value is there); an analyzer must do
// neither, since go vet and gopls run it on every build and keystroke. So
// `go vet -fix` and `go fix -fixtool=$(which secretlint)` change nothing
// about secrets; the move into a store and this rewrite only ever happen
// in `secretlint remediate`, which plans first, stores and verifies each
// value, and journals every step.
package gorewrite
