// Package gitsource reads what a scan should look at from git rather than
// from the working tree: the staged (index) versions of the files a commit
// is about to record, the lines that commits in history added, and the
// files and lines a branch changed since a base revision.
//
// Every mode costs in proportion to the change, not to the repository: the
// file list comes from one git diff, and blob contents from one
// "git cat-file --batch" process fed all the object ids at once.
//
// Paths are slash-separated and relative to the repository root. Line
// numbers are 1-based.
package gitsource

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Repo is a git repository (its work tree root).
type Repo struct {
	// Root is the absolute path of the work tree's top level.
	Root string
	// Git is the git executable; "git" when empty.
	Git string
	// Env is added to the environment of every git process.
	Env []string
	// MaxBlobSize, when positive, caps the blobs read into memory; a
	// larger staged file is returned with TooLarge set and no content.
	MaxBlobSize int64
}

// Open finds the repository containing dir.
func Open(ctx context.Context, dir string) (*Repo, error) {
	r := &Repo{}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r.Root = abs
	if os.Getenv("GIT_DIR") == "" && os.Getenv("GIT_WORK_TREE") == "" {
		// The common case without a process: the nearest directory that
		// holds .git (a directory, or a file for linked work trees and
		// submodules), as git itself finds it.
		for d := abs; ; d = filepath.Dir(d) {
			if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
				r.Root = d
				return r, nil
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	out, err := r.output(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not inside a git work tree: %w", dir, err)
	}
	r.Root = strings.TrimRight(string(out), "\r\n")
	return r, nil
}

// File is one file version to scan.
type File struct {
	// Path is the slash path relative to the repository root.
	Path string
	// Content is the file's content in the version scanned (the index
	// for Staged, the working tree for Changed; for History only the
	// added lines, see Lines).
	Content []byte
	// Added lists the lines that the change added. A finding that lies
	// wholly outside them was already there before the change.
	Added Ranges
	// New is set for a file the change created (every line is added).
	New bool
	// TooLarge is set when the file exceeds Repo.MaxBlobSize; Content is
	// then empty and the file was not read.
	TooLarge bool
	// Blob is the object id of the staged version (Staged only).
	Blob string
}

// gitArgs are put before every command: they pin the output format
// against user configuration that would change it.
var gitArgs = []string{
	"-c", "core.quotePath=true",
	"-c", "diff.noprefix=false",
	"-c", "diff.mnemonicPrefix=false",
	"-c", "diff.relative=false",
	"-c", "log.showSignature=false",
	"-c", "color.ui=false",
}

// diffArgs are the options every diff or log -p we parse uses. --text:
// a committed .gitattributes "* -diff" (or "binary") must not turn every
// file into "Binary files differ" and hide its lines from the scan.
var diffArgs = []string{"--text", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", "-U0"}

func (r *Repo) cmd(ctx context.Context, args ...string) *exec.Cmd {
	git := r.Git
	if git == "" {
		git = "git"
	}
	c := exec.CommandContext(ctx, git, append(append([]string{}, gitArgs...), args...)...)
	c.Dir = r.Root
	c.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	c.Env = append(c.Env, r.Env...)
	return c
}

// output runs git and returns its stdout; the error carries git's stderr.
func (r *Repo) output(ctx context.Context, args ...string) ([]byte, error) {
	c := r.cmd(ctx, args...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		return nil, gitError(args, err, stderr.Bytes())
	}
	return out, nil
}

func gitError(args []string, err error, stderr []byte) error {
	msg := strings.TrimSpace(string(stderr))
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	name := "git"
	if len(args) > 0 {
		name += " " + args[0]
	}
	if msg != "" {
		return fmt.Errorf("%s: %s", name, msg)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// rawEntry is one line of git diff --raw output.
type rawEntry struct {
	status string // A, C, M, R (with score stripped)
	blob   string // new side object id (all zeros: the work tree)
	path   string
}

// diffRawPatch runs one git diff --raw -p -U0 with args and returns the
// added, copied, modified and renamed files (as rawDiff) with their added
// lines (as patchAdded): one process instead of two.
func (r *Repo) diffRawPatch(ctx context.Context, args ...string) ([]rawEntry, map[string]Ranges, error) {
	a := append(append([]string{"diff", "--raw", "-p", "--no-abbrev", "--diff-filter=ACMR"}, diffArgs...), args...)
	c := r.cmd(ctx, a...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	stdout, err := c.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := c.Start(); err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(stdout, 64<<10)
	var entries []rawEntry
	var perr error
	for {
		line, err := br.ReadString('\n')
		line = strings.TrimSuffix(line, "\n")
		if !strings.HasPrefix(line, ":") {
			// The blank line between the raw and the patch parts (or
			// the end of an output with no patch).
			break
		}
		e, ok, rerr := parseRawLine(line)
		if rerr != nil {
			perr = rerr
			break
		}
		if ok {
			entries = append(entries, e)
		}
		if err != nil {
			break
		}
	}
	added := map[string]Ranges{}
	if perr == nil {
		perr = ParseDiff(br, false, func(_ *Commit, fd *FileDiff) error {
			if fd.NewPath != "" {
				added[fd.NewPath] = fd.Added
			}
			return nil
		})
	}
	_, _ = io.Copy(io.Discard, br)
	if err := c.Wait(); err != nil {
		return nil, nil, gitError(a, err, stderr.Bytes())
	}
	return entries, added, perr
}

// parseRawLine parses one tab-separated (non -z) git diff --raw line:
// ":oldmode newmode oldsha newsha STATUS\tpath[\tpath]", paths C-quoted
// when needed. ok is false for entries that are not blobs (submodules).
func parseRawLine(line string) (rawEntry, bool, error) {
	head, rest, _ := strings.Cut(line, "\t")
	f := strings.Fields(head[1:])
	if len(f) < 5 || rest == "" {
		return rawEntry{}, false, fmt.Errorf("git diff --raw: unexpected %q", line)
	}
	st := f[4][:1]
	path := rest
	if st == "R" || st == "C" {
		if strings.HasPrefix(rest, `"`) {
			_, after, ok := cutQuoted(rest)
			if !ok {
				return rawEntry{}, false, fmt.Errorf("git diff --raw: bad quoting in %q", line)
			}
			path = strings.TrimPrefix(after, "\t")
		} else {
			_, path, _ = strings.Cut(rest, "\t")
		}
	}
	if f[1] == "160000" {
		return rawEntry{}, false, nil
	}
	return rawEntry{status: st, blob: f[3], path: unquote(path)}, true, nil
}

// Staged returns the staged version of every file the next commit adds,
// copies, modifies or renames, with the lines the commit adds. In a
// repository without commits every staged file is new.
func (r *Repo) Staged(ctx context.Context) ([]File, error) {
	// Without a commit, git diff --cached compares the index with HEAD,
	// or with the empty tree on an unborn branch.
	entries, added, err := r.diffRawPatch(ctx, "--cached")
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, nil
	}
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.blob
	}
	blobs, sizes, err := r.blobs(ctx, ids)
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(entries))
	for i, e := range entries {
		if blobs[i] == nil && sizes[i] <= 0 {
			continue // missing, or not a blob
		}
		f := File{Path: e.path, Content: blobs[i], Added: added[e.path], New: e.status == "A", Blob: e.blob}
		if blobs[i] == nil {
			f.TooLarge = true
			files = append(files, f)
			continue
		}
		if f.New || (f.Added == nil && e.status == "C") {
			f.Added = allLines(f.Content)
		}
		files = append(files, f)
	}
	return files, nil
}

// allLines is the range covering every line of content.
func allLines(content []byte) Ranges {
	n := bytes.Count(content, []byte{'\n'})
	if len(content) > 0 && content[len(content)-1] != '\n' {
		n++
	}
	if n == 0 {
		n = 1
	}
	return Ranges{{1, n}}
}

// Blobs reads the objects with the given ids through one
// "git cat-file --batch" process. A missing object or one that is not a
// blob yields nil at its index.
func (r *Repo) Blobs(ctx context.Context, ids []string) ([][]byte, error) {
	out, _, err := r.blobs(ctx, ids)
	return out, err
}

// blobs is Blobs that also returns each blob's size; a blob larger than
// MaxBlobSize is skipped (nil content, positive size).
func (r *Repo) blobs(ctx context.Context, ids []string) ([][]byte, []int64, error) {
	c := r.cmd(ctx, "cat-file", "--batch")
	var stderr bytes.Buffer
	c.Stderr = &stderr
	stdin, err := c.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	stdout, err := c.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := c.Start(); err != nil {
		return nil, nil, err
	}
	// Feed all ids at once from another goroutine; git answers in order.
	werr := make(chan error, 1)
	go func() {
		w := bufio.NewWriter(stdin)
		for _, id := range ids {
			w.WriteString(id)
			w.WriteByte('\n')
		}
		err := w.Flush()
		if cerr := stdin.Close(); err == nil {
			err = cerr
		}
		werr <- err
	}()
	out := make([][]byte, len(ids))
	sizes := make([]int64, len(ids))
	br := bufio.NewReaderSize(stdout, 64<<10)
	var rerr error
	for i := range ids {
		hdr, err := br.ReadString('\n')
		if err != nil {
			rerr = fmt.Errorf("git cat-file: reading header: %w", err)
			break
		}
		f := strings.Fields(hdr)
		if len(f) == 2 && f[1] == "missing" {
			continue
		}
		if len(f) != 3 {
			rerr = fmt.Errorf("git cat-file: unexpected header %q", strings.TrimSpace(hdr))
			break
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil || size < 0 {
			rerr = fmt.Errorf("git cat-file: bad size in %q", strings.TrimSpace(hdr))
			break
		}
		if f[1] != "blob" || (r.MaxBlobSize > 0 && size > r.MaxBlobSize) {
			if _, err := io.CopyN(io.Discard, br, size+1); err != nil {
				rerr = fmt.Errorf("git cat-file: reading object: %w", err)
				break
			}
			if f[1] == "blob" {
				sizes[i] = size
			}
			continue
		}
		buf := make([]byte, size+1) // content and the trailing LF
		if _, err := io.ReadFull(br, buf); err != nil {
			rerr = fmt.Errorf("git cat-file: reading object: %w", err)
			break
		}
		out[i], sizes[i] = buf[:size], size
	}
	_, _ = io.Copy(io.Discard, br)
	if err := c.Wait(); err != nil && rerr == nil {
		rerr = gitError([]string{"cat-file"}, err, stderr.Bytes())
	}
	if err := <-werr; err != nil && rerr == nil {
		rerr = fmt.Errorf("git cat-file: writing ids: %w", err)
	}
	if rerr != nil {
		return nil, nil, rerr
	}
	return out, sizes, nil
}

// Changed returns the files that differ between the merge base of rev and
// HEAD and the working tree, with their working-tree content and added
// lines, plus untracked files that are not ignored (whole files). This is
// what a pull request based on rev changes, as checked out.
func (r *Repo) Changed(ctx context.Context, rev string) ([]File, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("revision %q looks like a flag", rev)
	}
	if _, err := r.output(ctx, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("unknown revision %q: fetch it first (for a shallow CI clone: git fetch --depth=50 origin %s)", rev, rev)
	}
	mb, err := r.output(ctx, "merge-base", rev, "HEAD")
	if err != nil {
		return nil, fmt.Errorf("no merge base between %s and HEAD (a shallow clone? fetch more history): %w", rev, err)
	}
	base := strings.TrimSpace(string(mb))
	entries, added, err := r.diffRawPatch(ctx, base)
	if err != nil {
		return nil, err
	}
	var files []File
	for _, e := range entries {
		content, err := os.ReadFile(filepath.Join(r.Root, filepath.FromSlash(e.path)))
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue // deleted in the work tree but not in the index
			}
			return nil, err
		}
		f := File{Path: e.path, Content: content, Added: added[e.path], New: e.status == "A"}
		if f.New {
			f.Added = allLines(content)
		}
		files = append(files, f)
	}
	out, err := r.output(ctx, "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	for _, p := range bytes.Split(out, []byte{0}) {
		if len(p) == 0 {
			continue
		}
		path := string(p)
		content, err := os.ReadFile(filepath.Join(r.Root, filepath.FromSlash(path)))
		if err != nil {
			continue // a socket, a dangling link, gone since
		}
		files = append(files, File{Path: path, Content: content, Added: allLines(content), New: true})
	}
	return files, nil
}

// Addition is what one commit added to one file.
type Addition struct {
	Commit Commit
	Path   string
	// Lines are the added lines' text and LineNumbers their numbers in
	// the file as of the commit.
	Lines       []string
	LineNumbers []int
}

// Content joins the added lines into one text (each line ends with a line
// feed); line i+1 of it is line LineNumbers[i] of the file.
func (a *Addition) Content() []byte {
	n := 0
	for _, l := range a.Lines {
		n += len(l) + 1
	}
	b := make([]byte, 0, n)
	for _, l := range a.Lines {
		b = append(b, l...)
		b = append(b, '\n')
	}
	return b
}

// HistoryOptions selects the commits of a history scan.
type HistoryOptions struct {
	// Since, when set, limits the scan to commits reachable from HEAD
	// but not from Since (Since..HEAD).
	Since string
	// LogOpts, when set, are passed to git log instead of the default
	// "--all" (or Since..HEAD), e.g. "--since=2024-01-01 main".
	LogOpts []string
}

// History runs git log -p over the selected commits (all refs by default)
// and calls yield for each file of each commit that gained lines. Merge
// commits contribute nothing (their changes are in their parents), as in
// git log -p. Memory is bounded by the largest single file diff.
func (r *Repo) History(ctx context.Context, opts HistoryOptions, yield func(*Addition) error) error {
	args := []string{"log", "-p", logFormat, "--no-merges", "--diff-filter=ACMR"}
	args = append(args, diffArgs...)
	switch {
	case len(opts.LogOpts) > 0:
		args = append(args, opts.LogOpts...)
	case opts.Since != "":
		if strings.HasPrefix(opts.Since, "-") {
			return fmt.Errorf("revision %q looks like a flag", opts.Since)
		}
		args = append(args, opts.Since+"..HEAD")
	default:
		args = append(args, "--all")
	}
	if !slices.Contains(opts.LogOpts, "--") {
		// End the revisions, so that a revision that is also a file name
		// is not ambiguous.
		args = append(args, "--")
	}
	c := r.cmd(ctx, args...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	stdout, err := c.StdoutPipe()
	if err != nil {
		return err
	}
	if err := c.Start(); err != nil {
		return err
	}
	perr := ParseDiff(stdout, true, func(cm *Commit, fd *FileDiff) error {
		if fd.Binary || fd.NewPath == "" || len(fd.Lines) == 0 || cm == nil {
			return nil
		}
		return yield(&Addition{Commit: *cm, Path: fd.NewPath, Lines: fd.Lines, LineNumbers: fd.LineNumbers})
	})
	if perr != nil {
		_ = c.Process.Kill()
		_, _ = io.Copy(io.Discard, stdout)
	}
	werr := c.Wait()
	if perr != nil {
		return perr
	}
	if werr != nil {
		if strings.Contains(stderr.String(), "does not have any commits") {
			return nil
		}
		return gitError(args, werr, stderr.Bytes())
	}
	return nil
}
