// Package remediate moves secrets found in a repository into a secret
// store (AWS Secrets Manager or Vault KV v2, behind Store) and rewrites the
// files to reference them.
//
// # Plan
//
// NewPlan turns findings into a Plan without contacting a store. Each
// value gets a destination: by default the secret
// <prefix>/<path-without-extension> with the value's key path as JSON key
// (brackets become dots: spec.containers.0.env.DB_PASSWORD.value), and for
// a dbt profiles.yml one secret per target, <prefix>/dbt/<profile>/<target>,
// with the field names as keys ({"password": …, "private_key": …}). The
// same value found in several places becomes one secret key, named after
// its first place (by path, then offset), and every place is rewritten to
// it. Naming is a text/template over NameData (--name-template,
// --dbt-name-template, --prefix).
//
// A Plan holds no value: values are identified by finding.ValueHash and
// files by an HMAC of the content the plan was made for, both under the
// fingerprint salt; its ID is an HMAC of the rest under the salt too. It
// can be written out (--plan-out), reviewed, and applied later
// (--plan-in): ReadPlan refuses a plan whose ID does not check out, whose
// paths leave the root, or whose spans are not spans (a *PlanError names
// the check), and Apply checks the paths against the tree (no symbolic
// link anywhere on them) before it creates the journal. Apply reads each
// value back out of the file at the planned span, through the edit's
// Spelling, and checks its hash, so a file changed since the plan is
// reported and left alone.
//
// # Rewrites
//
// Every rewrite edits bytes at exact spans; a document is never
// re-marshalled, so comments, quoting, indentation and key order stay.
// Each file's edits are checked by parsing the result: the YAML tree must
// equal the original apart from the edited scalars, which must read back
// as exactly their new values; an edit that fails the check is not made
// (and reported). A value is rewritten only when its Spelling reproduces
// the original bytes exactly, so Rollback can restore them byte for byte.
//
//   - YAML and JSON values become vals references, ref+awssecrets://NAME#/KEY
//     or ref+vault://MOUNT/NAME#/KEY, keeping the original quoting (a
//     literal block becomes a plain scalar). They resolve with `vals eval`,
//     `vals exec` and helmfile.
//   - CloudFormation templates (format "cloudformation", AWS only) get
//     {{resolve:secretsmanager:NAME:SecretString:KEY}}, also inside a JSON
//     SecretString. With Vault they are not rewritable: CloudFormation
//     cannot resolve a Vault reference.
//   - dbt profiles.yml fields become "{{ env_var('DBT_ENV_SECRET_<PROFILE>_<TARGET>_<FIELD>') }}",
//     and an env map (see ParseEnvMap; default secretlint.env.yaml next to the
//     profiles) maps each variable to its reference. A literal
//     env_var('X', 'default') default is removed and X is mapped.
//
// Not rewritten, each with its reason in the plan: Go sources (not yet: a
// later change adds them); Kubernetes Secret manifests (data is base64 and
// kubectl would store a reference's text as the secret: use an
// ExternalSecret, or vals with stringData); GitHub Actions workflows (use
// ${{ secrets.NAME }}); Helm templates; a secret that is part of a larger
// value, such as a password inside a URL (that needs templating); values
// written with escapes or folding; files that are not YAML or JSON.
//
// # Apply, journal, resume, rollback
//
// Apply stores each secret (read, merge the missing keys, check-and-set
// write with an idempotency token, retry transient failures), reads it back
// and compares, then writes the env maps and rewrites each file that still
// has the planned content, atomically (temporary file in the same
// directory, fsync, rename, mode kept, directory fsync), with only the
// edits whose values are verified. A stored key holding a different value
// is a conflict: skipped and reported, unless Overwrite.
//
// The journal (JournalDir/<plan-id>.jsonl under the root, mode 0600, with
// a .gitignore) is JSON Lines: the plan, then one record per step, each
// fsynced before the step it announces or after the step it confirms. It
// holds names, keys, versions and hashes, never a value. Resume finishes a
// stopped run from it; Rollback restores every rewritten file byte for byte
// by reading the values back from the store (no copy of a value is ever
// written locally) and cuts the env maps back. Context cancellation is
// honoured between steps, never inside a file write.
//
// The tree is untrusted: files are read and written through an os.Root,
// never through a link; every journal line carries an HMAC under a key
// kept outside the tree (MachineKey), and Resume and Rollback refuse a
// journal that fails it or that git tracks; Apply, Resume and Rollback hold
// the tree's lock (LockFile), and a file that changed while the run talked
// to the store is re-checked just before its rename and left alone.
package remediate
