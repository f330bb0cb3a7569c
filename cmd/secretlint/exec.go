package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/rules"
)

const execSynopsis = `[--env-file FILE] [store flags] -- command [args ...]

Reads an env map written by "secretlint remediate" (a YAML mapping of
variable names to ref+awssecrets:// or ref+vault:// references) or a dotenv
file (.env, .env.*, *.env: KEY=value lines, where the values that are
ref+… references are resolved and the others passed on as they are), reads each
referenced secret from AWS Secrets Manager or Vault, and runs the command
with those variables added to its environment. The values are never
written to disk or printed. Signals are forwarded to the command, and
secretlint exits with the command's exit status (128+N when it was killed
by signal N).

  secretlint exec -- dbt run
  secretlint exec --env-file profiles/secretlint.env.yaml -- dbt build --target prod
  secretlint exec --env-file .env -- npm start

The env map defaults to ./secretlint.env.yaml, else
$DBT_PROFILES_DIR/secretlint.env.yaml. Exit status 2 means secretlint
could not start the command (usage, a missing or malformed env map, a
reference that does not resolve).`

// forwarded are the signals passed on to the child.
var forwarded = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2}

func runExec(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "exec", execSynopsis)
	var sf storeFlags
	var envFile, configPath string
	var allowEnv stringList
	sf.register(fs, false)
	fs.Var(&allowEnv, "allow-env", "variable `name` (or prefix ending in *) the env map may set; repeatable; with it (or exec.allow-env in the configuration) every other name is refused. Loader, shell and interpreter variables (LD_*, PATH, BASH_ENV, NODE_OPTIONS …) are always refused")
	fs.StringVar(&configPath, "config", "", "configuration file for exec.allow-env (default: .secretlint.yaml in the current directory)")
	fs.StringVar(&envFile, "env-file", "", "env map `file` (default: ./"+remediate.DefaultEnvFileName+", else $DBT_PROFILES_DIR/"+remediate.DefaultEnvFileName+")")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	argv := fs.Args()
	if len(argv) == 0 {
		return usageErrorf("exec: no command: secretlint exec [flags] -- command [args ...]")
	}
	if envFile == "" {
		envFile = remediate.DefaultEnvFileName
		if _, err := os.Stat(envFile); err != nil {
			if d := e.getenv("DBT_PROFILES_DIR"); d != "" {
				envFile = filepath.Join(d, remediate.DefaultEnvFileName)
			}
		}
	}
	data, err := os.ReadFile(envFile)
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("exec: reading the env map: %w (run secretlint remediate first, or pass --env-file)", err)}
	}
	cfg, err := rules.LoadConfig(".", configPath)
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("exec: loading the configuration: %w", err)}
	}
	allowed := append(slices.Clone(allowEnv), cfg.ExecAllowEnv...)
	open := func(ctx context.Context, kind, where string) (remediate.Store, error) {
		return openStore(ctx, e, sf, kind, where)
	}
	var values map[string]string
	if remediate.IsDotenv(envFile, data) {
		values, err = remediate.ResolveDotenv(ctx, data, sf.mount, open)
	} else {
		var refs map[string]string
		if refs, err = remediate.ParseEnvMap(data); err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("exec: %s: %w", envFile, err)}
		}
		if err := remediate.CheckEnvNames(slices.Sorted(maps.Keys(refs)), allowed); err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("exec: %s: %w", envFile, err)}
		}
		values, err = remediate.ResolveEnv(ctx, refs, sf.mount, open)
	}
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("exec: %w", err)}
	}
	// A dotenv file sets every variable it lists, references or not.
	if err := remediate.CheckEnvNames(slices.Sorted(maps.Keys(values)), allowed); err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("exec: %s: %w", envFile, err)}
	}
	code, err := runChild(argv, values, e.stdin, e.stdout, e.stderr)
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("exec: %w", err)}
	}
	if code != 0 {
		return &exitError{code: code, err: errors.New("")}
	}
	return nil
}

// runChild starts argv with extra added to this process's environment,
// forwards signals to it until it exits, and returns its exit status.
func runChild(argv []string, extra map[string]string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(path, argv[1:]...)
	cmd.Env = os.Environ()
	for k, v := range extra {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	// Catch the signals before starting, so none is lost in between.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, forwarded...)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("starting %s: %w", argv[0], err)
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				_ = cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal()), nil
		}
		return ee.ExitCode(), nil
	}
	if err != nil {
		return 0, err
	}
	return 0, nil
}
