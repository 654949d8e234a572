package checks

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// readKernelLog reads the kernel ring buffer, else (with --allow-exec) the
// journal's kernel messages. ok is false when the Outcome says why neither
// could be read.
func readKernelLog(ctx context.Context, env *Env, hours int64) ([]logLine, string, Outcome, bool) {
	lines, err := readKmsg(ctx)
	if err == nil {
		return lines, "kmsg", Outcome{}, true
	}
	if ctx.Err() != nil {
		return nil, "", Failed(ErrorKindOf(ctx.Err()), "stopped while reading the kernel log"), false
	}
	if !errors.Is(err, os.ErrPermission) {
		return nil, "", Skipped("cannot read the kernel log: %v", err), false
	}
	if env == nil || !env.AllowExec {
		o := Skipped("reading the kernel log needs administrator rights here (kernel.dmesg_restrict); asking the journal instead runs journalctl, which needs --allow-exec")
		o.Fix = "Rerun tsr as root, or with --allow-exec to read the kernel messages from the journal."
		return nil, "", o, false
	}
	lines, err = readJournalKernel(ctx, hours)
	if err != nil {
		o := Skipped("reading the kernel log needs administrator rights here, and the journal could not be read either: %v", err)
		o.Fix = "Rerun tsr as root (or as a member of the systemd-journal group) to read the kernel log."
		return nil, "", o, false
	}
	return lines, "journal", Outcome{}, true
}

// openKmsg opens the ring buffer without blocking at its end, as a raw
// descriptor: an *os.File would hand a character device to Go's poller,
// which waits at the end instead of answering EAGAIN. Tests replace it to
// stand for a restricted buffer (root may open any file).
var openKmsg = func(path string) (int, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return fd, nil
}

// readKmsg reads every record /dev/kmsg still holds. Each read returns one
// record, "priority,sequence,microseconds since boot,flags;message", then
// continuation lines that start with a space; a recorded file holds them
// one after the other, which parses the same.
func readKmsg(ctx context.Context) ([]logLine, error) {
	fd, err := openKmsg(devPath("kmsg"))
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	uptime, err := readUptime()
	if err != nil {
		return nil, err
	}
	var all bytes.Buffer
	buf := make([]byte, 16<<10)
	for all.Len() < 64<<20 {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		n, err := syscall.Read(fd, buf)
		switch {
		case errors.Is(err, syscall.EPIPE): // records were overwritten while reading
			continue
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EAGAIN), err == nil && n <= 0:
			return parseKmsg(all.Bytes(), uptime), nil
		case err != nil:
			return nil, &os.PathError{Op: "read", Path: devPath("kmsg"), Err: err}
		}
		all.Write(buf[:n])
	}
	return parseKmsg(all.Bytes(), uptime), nil
}

func parseKmsg(b []byte, uptime time.Duration) []logLine {
	var out []logLine
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, " ") {
			continue // the record's dictionary: SUBSYSTEM=, DEVICE=
		}
		head, msg, ok := strings.Cut(line, ";")
		f := strings.Split(head, ",")
		if !ok || len(f) < 3 {
			continue
		}
		usec, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			continue
		}
		out = append(out, logLine{Age: uptime - time.Duration(usec)*time.Microsecond, Text: msg})
	}
	return out
}

// readUptime reads /proc/uptime: "350735.47 234388.90" (seconds).
func readUptime() (time.Duration, error) {
	b, err := os.ReadFile(procPath("uptime"))
	if err != nil {
		return 0, err // says the path; its cause (permission) decides what the caller tries next
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0, fmt.Errorf("%s is empty", procPath("uptime"))
	}
	secs, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", procPath("uptime"), err)
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// runJournalctl runs journalctl; tests replace it with recorded output.
var runJournalctl = func(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "journalctl", args...)
	cmd.WaitDelay = time.Second
	return cmd.Output()
}

// readJournalKernel asks the journal for the kernel's messages of the
// last hours, one JSON object per line.
func readJournalKernel(ctx context.Context, hours int64) ([]logLine, error) {
	b, err := runJournalctl(ctx, "-k", "-o", "json", "-q", "--no-pager", fmt.Sprintf("--since=-%dh", hours))
	if err != nil {
		return nil, err
	}
	// journalctl chose the lines of the window and prints them oldest
	// first, so every line counts as in the window.
	var out []logLine
	for _, line := range bytes.Split(b, []byte("\n")) {
		var e struct {
			Message json.RawMessage `json:"MESSAGE"`
		}
		if json.Unmarshal(line, &e) != nil {
			continue
		}
		if e.Message == nil {
			continue
		}
		out = append(out, logLine{Text: journalMessage(e.Message)})
	}
	return out, nil
}

// journalMessage reads MESSAGE, a string or, when it is not UTF-8, an
// array of byte values.
func journalMessage(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var bs []byte
	var ints []int
	if json.Unmarshal(raw, &ints) == nil {
		for _, i := range ints {
			bs = append(bs, byte(i))
		}
	}
	return strings.ToValidUTF8(string(bs), "\uFFFD")
}
